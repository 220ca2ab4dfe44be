import type { Container, Task } from '@aws-sdk/client-ecs'
import { taskId } from '../kit/links.js'
import { clause, joinSentences } from '../kit/sentences.js'
import { foreignStopReason, isOutOfMemory, stoppedWithTaskSignal } from '../ecs/stop-causes.js'

/** One reason the step fails, tied to the task (and container) it concerns. */
export interface Failure {
  taskArn?: string
  container?: string
  /** What happened, naming the task and container: `Task 0a1b…: container app exited with code 1.` */
  headline: string
  /** What to do, when the failure itself tells (out of memory, an image that cannot be pulled). */
  advice?: string
  /** The annotation's title, when not "ECS task failed" (a timeout, a task not started). */
  title?: string
}

/**
 * A container that exited non-zero without failing the step, said in one log line and in its
 * summary row: an essential sidecar ECS stopped with the task once the primary exited.
 */
export interface ContainerNote {
  taskArn: string
  container: string
  /** For the summary's row: `stopped with the task (SIGTERM) after app exited 0`. */
  short: string
  /** The log line. */
  text: string
}

export interface Verdict {
  ok: boolean
  /** One line per problem: the headline, then the advice. */
  problems: string[]
  failures: Failure[]
  notes: ContainerNote[]
}

export function problemText(failure: Failure): string {
  return joinSentences(failure.headline, failure.advice)
}

export function verdictOf(failures: Failure[], notes: ContainerNote[] = []): Verdict {
  return { ok: failures.length === 0, problems: failures.map(problemText), failures, notes }
}

/**
 * What fails the step (docs/behaviour.md). Success only when every task stopped, its primary
 * container exited 0 and every other essential container exited 0 or was stopped with the task (137
 * or 143 with no reason, once the primary exited: a note, not a failure). A container without an
 * exit code never ran (or was killed before reporting): a failure quoting why ECS stopped the task.
 * So is an essential container DescribeTasks does not report: nothing says it exited 0. A task
 * stopped by a StopTask the action did not send fails whatever its exit codes. `primaryOf` is the
 * primary's name, or how to find it in each stopped task.
 */
export function judge(
  tasks: Task[],
  essential: ReadonlySet<string>,
  primaryOf?: string | ((task: Task) => string)
): Verdict {
  const failures: Failure[] = []
  const notes: ContainerNote[] = []
  for (const task of tasks) {
    // With several candidates the primary is known only now, per task (primaryOfTask).
    const primary = typeof primaryOf === 'function' ? primaryOf(task) : primaryOf
    const taskArn = task.taskArn ?? ''
    const id = taskId(taskArn)
    if (task.lastStatus !== 'STOPPED') {
      failures.push({
        taskArn,
        headline: `Task ${id} did not stop (last status ${task.lastStatus ?? 'unknown'}).`
      })
      continue
    }
    const stoppedBy = foreignStopReason(task)
    if (stoppedBy !== undefined) {
      // Its containers' exits are the stop's doing: 0 from a job that handles SIGTERM says
      // nothing about whether the job finished.
      failures.push({
        taskArn,
        ...(primary ? { container: primary } : {}),
        headline:
          `Task ${id} was stopped by a StopTask that this step did not send ` +
          `(stop code UserInitiated): "${stoppedBy}".`,
        advice:
          'Someone or something stopped it (the console, the CLI, another pipeline): find who ' +
          'in CloudTrail (StopTask events), then run the workflow again'
      })
      continue
    }
    const reported = new Set((task.containers ?? []).map((c) => c.name ?? ''))
    for (const name of essential) {
      if (reported.has(name)) continue
      failures.push({
        taskArn,
        container: name,
        headline:
          `Task ${id}: essential container ${name} is not in ECS's description of the task ` +
          `(DescribeTasks), so whether it ran and how it exited is unknown.`
      })
    }
    const main = task.containers?.find((c) => c.name === primary)
    const mainExit = main?.exitCode ?? undefined
    for (const container of task.containers ?? []) {
      const name = container.name ?? ''
      if (!essential.has(name) && name !== primary) continue
      const exitCode = container.exitCode ?? undefined
      const signal = name === primary ? undefined : stoppedWithTaskSignal(container)
      if (exitCode === undefined) {
        failures.push(neverRan(task, container, id))
      } else if (signal && mainExit !== undefined && primary !== undefined) {
        // Stopped because the primary exited: the primary's exit decides.
        if (mainExit === 0) notes.push(stoppedWithTask(taskArn, name, exitCode, signal, primary))
      } else if (exitCode !== 0) {
        const failure = exited(task, container, id, exitCode)
        failures.push(
          name === primary ? primaryAdvice(failure, task, container, essential) : failure
        )
      }
    }
  }
  return verdictOf(failures, notes)
}

/**
 * A primary container ECS stopped with the task because another essential container exited 0
 * first: most likely the wrong container is primary (an agent listed first).
 */
function primaryAdvice(
  failure: Failure,
  task: Task,
  container: Container,
  essential: ReadonlySet<string>
): Failure {
  if (!stoppedWithTaskSignal(container)) return failure
  const done = (task.containers ?? []).filter(
    (c) => c.name !== container.name && essential.has(c.name ?? '') && c.exitCode === 0
  )
  const first = done[0]?.name
  if (first === undefined) return failure
  return {
    ...failure,
    advice:
      `ECS stopped ${container.name ?? ''} with the task when ${done.map((c) => c.name).join(', ')} ` +
      `exited 0: if ${first} runs the job, give "container: ${first}"`
  }
}

function stoppedWithTask(
  taskArn: string,
  container: string,
  exitCode: number,
  signal: string,
  primary: string
): ContainerNote {
  const short = `stopped with the task (${signal}) after ${primary} exited 0`
  return {
    taskArn,
    container,
    short,
    text:
      `Container ${container} exited with code ${exitCode}: ECS ${short}; ` +
      'not a failure (the primary container decides).'
  }
}

function neverRan(task: Task, container: Container, id: string): Failure {
  const name = container.name ?? ''
  const why = distinctReasons(task.stoppedReason, container.reason).map(clause).join(': ')
  return {
    taskArn: task.taskArn ?? '',
    container: name,
    headline:
      `Task ${id}: container ${name} never ran or was killed before it exited` +
      (why ? ` (${why})` : '') +
      (task.stopCode ? ` [${task.stopCode}]` : '') +
      '.',
    advice: neverRanAdvice(task, container)
  }
}

function exited(task: Task, container: Container, id: string, exitCode: number): Failure {
  const name = container.name ?? ''
  const reason = container.reason ? ` (${clause(container.reason)})` : ''
  if (isOutOfMemory(container)) {
    return {
      taskArn: task.taskArn ?? '',
      container: name,
      headline: `Task ${id}: container ${name} was killed for lack of memory${reason}, exit code ${exitCode}.`,
      advice:
        `Give container ${name} more memory: its memory (or the task's) in the task ` +
        'definition, or in "overrides" (containerOverrides[].memory, memory)'
    }
  }
  const advice =
    exitCode === 137
      ? 'Check its memory use: 137 means it was killed (SIGKILL), most often for lack of memory'
      : undefined
  return {
    taskArn: task.taskArn ?? '',
    container: name,
    headline: `Task ${id}: container ${name} exited with code ${exitCode}${reason}.`,
    ...(advice ? { advice } : {})
  }
}

/** A container that never ran: what the stop code and reason point at. */
function neverRanAdvice(task: Task, container: Container): string {
  const reason = `${task.stoppedReason ?? ''} ${container.reason ?? ''}`
  if (/CannotPullContainerError/.test(reason)) {
    return "Check that the image exists and that the task definition's execution role may pull it"
  }
  if (/ResourceInitializationError/.test(reason)) {
    return (
      "Check the execution role's access to the secrets, registry and log group the task uses, " +
      'and that its subnets reach them (a NAT gateway, a public IP or VPC endpoints)'
    )
  }
  if (task.stopCode === 'SpotInterruption') {
    return 'Run the workflow again, or add spot-interruption to "retry-on"'
  }
  return 'Check the stopped reason in the ECS console, then run the workflow again'
}

/**
 * The task's and the container's reasons, each once: ECS often gives a container the task's
 * own reason (a pull error), or one that contains the other.
 */
export function distinctReasons(...reasons: Array<string | undefined>): string[] {
  const given = reasons.filter((r): r is string => Boolean(r?.trim()))
  return given.filter(
    (r, i) => !given.some((other, j) => j !== i && other.includes(r) && (other !== r || j < i))
  )
}
