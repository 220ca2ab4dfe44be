import type { Task } from '@aws-sdk/client-ecs'
import { taskId } from './links.js'

export interface Verdict {
  ok: boolean
  /** One line per problem, naming the task and container. */
  problems: string[]
}

/**
 * Success only when every task stopped and every essential container exited 0. A
 * container without an exit code never ran (or was killed before reporting): that is a
 * failure, quoting why ECS stopped the task.
 */
export function judge(tasks: Task[], essential: ReadonlySet<string>): Verdict {
  const problems: string[] = []
  for (const task of tasks) {
    const id = taskId(task.taskArn ?? '')
    if (task.lastStatus !== 'STOPPED') {
      problems.push(`Task ${id} did not stop (last status ${task.lastStatus ?? 'unknown'}).`)
      continue
    }
    for (const container of task.containers ?? []) {
      if (!essential.has(container.name ?? '')) continue
      if (container.exitCode === undefined || container.exitCode === null) {
        const why = [task.stoppedReason, container.reason].filter(Boolean).join(': ')
        problems.push(
          `Task ${id}: container ${container.name} never ran or was killed before it exited` +
            (why ? ` (${why})` : '') +
            (task.stopCode ? ` [${task.stopCode}]` : '') +
            '.'
        )
      } else if (container.exitCode !== 0) {
        problems.push(
          `Task ${id}: container ${container.name} exited with code ${container.exitCode}` +
            (container.reason ? ` (${container.reason})` : '') +
            '.'
        )
      }
    }
  }
  return { ok: problems.length === 0, problems }
}
