import type { Container, Task } from '@aws-sdk/client-ecs'
import { isOwnStopReason } from './stop-tasks.js'

/**
 * Exit codes of a container ECS stopped because its task was stopping: SIGTERM (143), or
 * SIGKILL (137) once the container's stopTimeout passed.
 */
const STOPPED_WITH_TASK = new Map([
  [143, 'SIGTERM'],
  [137, 'SIGKILL after its stop timeout']
])

/**
 * How ECS stopped a container with its task (`SIGTERM`…), when its exit says so: 137 or 143
 * with no reason from ECS. A reason (OutOfMemoryError…) means it was not simply stopped.
 */
export function stoppedWithTaskSignal(container: Container): string | undefined {
  if (container.reason) return undefined
  return STOPPED_WITH_TASK.get(container.exitCode ?? -1)
}

/**
 * The container ended by itself, not because ECS stopped it with its task: any exit but 137 or
 * 143 with no reason from ECS (a 137 for OutOfMemoryError is its own end).
 */
export function exitedOnItsOwn(container: Container): boolean {
  const exitCode = container.exitCode ?? undefined
  return exitCode !== undefined && stoppedWithTaskSignal(container) === undefined
}

export function isOutOfMemory(container: Container): boolean {
  return /OutOfMemory/i.test(container.reason ?? '')
}

/**
 * A StopTask this step did not send (the console, the CLI, another pipeline): stop code
 * UserInitiated with a reason that is not the action's. Its stopped reason, when so.
 */
export function foreignStopReason(task: Task): string | undefined {
  if (task.stopCode !== 'UserInitiated' || isOwnStopReason(task.stoppedReason)) return undefined
  return task.stoppedReason || '(no reason given)'
}
