// The texts of the ways a run ends short of a verdict on every task: what happened, what to do.

import { Title } from '../kit/failures.js'
import type { Failure as EcsFailure } from '@aws-sdk/client-ecs'
import { clause, joinSentences } from '../kit/sentences.js'
import type { Inputs } from '../inputs/inputs.js'
import type { SummaryResult } from './summary.js'
import type { Failure } from './verdict.js'

/** A cancel after preparation but before RunTask: nothing was started. */
export function notStartedBeforeCancel(): string {
  return joinSentences(
    'The workflow was cancelled before the task was started',
    'Run the workflow again to run the task'
  )
}

/**
 * ECS may place fewer tasks than asked: the headline says what RunTask answered, its
 * `failures` when it gave any, and that it gave none otherwise.
 */
export function shortfallFailure(
  started: number,
  asked: number,
  cluster: string,
  failures: readonly EcsFailure[] = []
): Failure | undefined {
  if (started >= asked) return undefined
  const what = `ECS started ${started} of the ${asked} tasks asked for`
  if (failures.length === 0) {
    return {
      headline:
        `${what}: RunTask answered ${started === 1 ? '1 task' : `${started} tasks`} and no ` +
        'failures, so ECS gave no reason for the others.',
      advice:
        `Check the capacity of cluster "${cluster}" (its capacity providers or container ` +
        'instances) and its events in the ECS console, or lower "count"',
      title: Title.notStarted
    }
  }
  const listed = failures
    .map(
      (f) =>
        `${f.arn ?? '(no arn)'}: ${f.reason ?? 'unknown reason'}${f.detail ? ` (${clause(f.detail)})` : ''}`
    )
    .join('; ')
  return {
    headline: `${what}; RunTask's failures: ${listed}.`,
    advice: `Add capacity to cluster "${cluster}" or lower "count"`,
    title: Title.notStarted
  }
}

/** wait-timeout passed before the tasks stopped; `stopped` when StopTask succeeded for all. */
export function timedOutFailure(inputs: Inputs, count: number, stopped: boolean): Failure {
  return {
    headline: `The ${count > 1 ? 'tasks' : 'task'} did not stop within wait-timeout (${waitMinutes(inputs)}); ${stopped ? 'it was stopped' : 'stopping it failed'}.`,
    advice: 'Raise "wait-timeout" if the task needs longer',
    title: Title.timedOut
  }
}

/** 'wait-timeout of 30 minutes passed': why the tasks were stopped. */
export function waitTimeoutPassed(inputs: Inputs): string {
  return `wait-timeout of ${waitMinutes(inputs)} passed`
}

function waitMinutes(inputs: Inputs): string {
  const m = inputs.waitTimeoutMs / 60_000
  return `${m} minute${m === 1 ? '' : 's'}`
}

/** A cancel's message: what became of the tasks, then what to do. */
export function cancelledMessage(inputs: Inputs, count: number, stopped: boolean): string {
  const them = count > 1 ? 'the tasks' : 'the task'
  if (!inputs.stopOnCancel) {
    return joinSentences(
      `The workflow was cancelled; ${them} ${count > 1 ? 'keep' : 'keeps'} running (stop-on-cancel is false)`,
      `Stop ${them} in the ECS console if ${count > 1 ? 'they' : 'it'} should not run`
    )
  }
  return joinSentences(
    stopped
      ? `The workflow was cancelled; ${them} ${count > 1 ? 'were' : 'was'} stopped`
      : `The workflow was cancelled; stopping ${them} failed (the post step tries again)`,
    `Run the workflow again to run ${them}`
  )
}

/** `wait: false`: the summary of tasks left running. */
export function leftRunningSummary(taskArns: readonly string[]): SummaryResult {
  return {
    status: 'started',
    title: taskArns.length > 1 ? 'ECS tasks started' : 'ECS task started',
    rows: [],
    failures: [],
    started: [...taskArns],
    note:
      taskArns.length > 1
        ? '`wait` is false: the step did not wait for the tasks to stop; their exit codes and logs are in the ECS console.'
        : '`wait` is false: the step did not wait for the task to stop; its exit code and logs are in the ECS console.'
  }
}
