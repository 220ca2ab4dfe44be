import type { Clock } from '../kit/clock.js'
import { Cancelled } from '../kit/failures.js'
import { errorMessage, transientReason } from './errors.js'
import { retry } from './retry.js'
import { clause, joinSentences } from '../kit/sentences.js'

/** The time the calls that prepare and start the task may take: `start-timeout`, shared. */
export interface CallBudget {
  clock: Clock
  /** Clock time after which no retry starts. */
  deadline: number
  log(message: string): void
  signal?: AbortSignal
  random?: () => number
}

/**
 * One call that prepares or starts the task (DescribeServices, DescribeTaskDefinition,
 * RegisterTaskDefinition, RunTask): throttling, server and network errors (and what else
 * `retryReason` names) are asked again with the same backoff and log lines until the budget's
 * deadline. A cancel ends the retries as a Cancelled error; every other error is thrown as the
 * SDK raised it.
 */
export async function retryTransient<T>(
  label: string,
  call: () => Promise<T>,
  budget: CallBudget,
  retryReason: (error: unknown) => string | undefined = transientReason
): Promise<T> {
  try {
    return await retry(call, {
      clock: budget.clock,
      deadline: budget.deadline,
      retryReason,
      label,
      log: budget.log,
      ...(budget.signal ? { signal: budget.signal } : {}),
      ...(budget.random ? { random: budget.random } : {})
    })
  } catch (error) {
    if (budget.signal?.aborted) {
      throw new Cancelled(
        joinSentences(
          `The workflow was cancelled before ${label} succeeded (last error: ${clause(errorMessage(error))})`,
          'Run the workflow again to run the task'
        ),
        { cause: error }
      )
    }
    throw error
  }
}

/** The message for a transient error that outlasted `start-timeout`, else undefined. */
export function keptFailing(label: string, error: unknown): string | undefined {
  const transient = transientReason(error)
  if (transient === undefined) return undefined
  return joinSentences(
    `${label} kept failing with a ${transient} until "start-timeout" ran out: ${clause(errorMessage(error))}`,
    'Raise "start-timeout" or try again later'
  )
}
