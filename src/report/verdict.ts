import type { Container, Task } from '@aws-sdk/client-ecs'
import { taskId } from '../kit/links.js'
import { clause, joinSentences } from '../kit/sentences.js'

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

export interface Verdict {
  ok: boolean
  /** One line per problem: the headline, then the advice. */
  problems: string[]
  failures: Failure[]
}

export function problemText(failure: Failure): string {
  return joinSentences(failure.headline, failure.advice)
}

export function verdictOf(failures: Failure[]): Verdict {
  return { ok: failures.length === 0, problems: failures.map(problemText), failures }
}

/**
 * Success only when every task stopped and every essential container exited 0. A
 * container without an exit code never ran (or was killed before reporting): that is a
 * failure, quoting why ECS stopped the task. So is an essential container DescribeTasks does
 * not report at all: nothing says it exited 0.
 */
export function judge(tasks: Task[], essential: ReadonlySet<string>): Verdict {
  const failures: Failure[] = []
  for (const task of tasks) {
    const taskArn = task.taskArn ?? ''
    const id = taskId(taskArn)
    if (task.lastStatus !== 'STOPPED') {
      failures.push({
        taskArn,
        headline: `Task ${id} did not stop (last status ${task.lastStatus ?? 'unknown'}).`
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
    for (const container of task.containers ?? []) {
      const name = container.name ?? ''
      if (!essential.has(name)) continue
      const exitCode = container.exitCode ?? undefined
      if (exitCode === undefined) {
        const why = [task.stoppedReason, container.reason]
          .filter((r): r is string => Boolean(r))
          .map(clause)
          .join(': ')
        failures.push({
          taskArn,
          container: name,
          headline:
            `Task ${id}: container ${name} never ran or was killed before it exited` +
            (why ? ` (${why})` : '') +
            (task.stopCode ? ` [${task.stopCode}]` : '') +
            '.',
          advice: neverRanAdvice(task, container)
        })
      } else if (exitCode !== 0) {
        const advice = exitAdvice(exitCode, container)
        failures.push({
          taskArn,
          container: name,
          headline:
            `Task ${id}: container ${name} exited with code ${exitCode}` +
            (container.reason ? ` (${clause(container.reason)})` : '') +
            '.',
          ...(advice ? { advice } : {})
        })
      }
    }
  }
  return verdictOf(failures)
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

/** Exit codes that say what happened by themselves. */
function exitAdvice(exitCode: number, container: Container): string | undefined {
  if (/OutOfMemory/i.test(container.reason ?? '')) {
    return 'Give the container more memory, in the task definition or "overrides"'
  }
  if (exitCode === 137) {
    return 'Check its memory use: 137 means it was killed (SIGKILL), most often for lack of memory'
  }
  return undefined
}
