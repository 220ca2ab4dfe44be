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
 * failure, quoting why ECS stopped the task. So is an essential container DescribeTasks does
 * not report at all: nothing says it exited 0.
 */
export function judge(tasks: Task[], essential: ReadonlySet<string>): Verdict {
  const problems: string[] = []
  for (const task of tasks) {
    const id = taskId(task.taskArn ?? '')
    if (task.lastStatus !== 'STOPPED') {
      problems.push(`Task ${id} did not stop (last status ${task.lastStatus ?? 'unknown'}).`)
      continue
    }
    const reported = new Set((task.containers ?? []).map((c) => c.name ?? ''))
    for (const name of essential) {
      if (reported.has(name)) continue
      problems.push(
        `Task ${id}: essential container ${name} is not in ECS's description of the task ` +
          `(DescribeTasks), so whether it ran and how it exited is unknown.`
      )
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
