import type { Clock } from '../kit/clock.js'
import { Cancelled } from '../kit/failures.js'
import { classifyAwsError, errorMessage, transientReason } from './errors.js'
import {
  LOOPBACK_REFUSED_MS,
  refusedEndpointMessage,
  refusedLoopbackEndpoint
} from './refused-endpoint.js'
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
 * How often an error marked `fewRetries` (a proxy that cannot reach AWS, a host DNS does not
 * know) is asked again, on top of the SDK's own attempts: enough for a blip, seconds in all.
 */
export const FEW_RETRIES = 3

/**
 * One call that prepares or starts the task (DescribeServices, DescribeTaskDefinition,
 * RegisterTaskDefinition, RunTask): throttling, server and network errors (and what else
 * `retryReason` names) are asked again with the same backoff and log lines until the budget's
 * deadline. A cancel ends the retries as a Cancelled error; every other error is thrown as the
 * SDK raised it. Errors marked `fewRetries` are asked again FEW_RETRIES times at most, and a
 * loopback endpoint override that refuses connections for LOOPBACK_REFUSED_MS at most.
 */
export async function retryTransient<T>(
  label: string,
  call: () => Promise<T>,
  budget: CallBudget,
  retryReason: (error: unknown) => string | undefined = transientReason
): Promise<T> {
  let few = 0
  const reason = (error: unknown): string | undefined => {
    const why = retryReason(error)
    if (why === undefined || !classifyAwsError(error).fewRetries) return why
    return ++few > FEW_RETRIES ? undefined : why
  }
  let refusedSince: number | undefined
  const deadlineFor = (error: unknown): number | undefined => {
    if (refusedLoopbackEndpoint(error) === undefined) return undefined
    refusedSince ??= budget.clock.now()
    return refusedSince + LOOPBACK_REFUSED_MS
  }
  try {
    return await retry(call, {
      clock: budget.clock,
      deadline: budget.deadline,
      deadlineFor,
      retryReason: reason,
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

/**
 * The message for a transient error that outlasted `start-timeout` (or, for one marked
 * `fewRetries`, its few retries: then its own words say what to check), else undefined.
 */
export function keptFailing(label: string, error: unknown): string | undefined {
  const transient = transientReason(error)
  if (transient === undefined) return undefined
  const refused = refusedLoopbackEndpoint(error)
  if (refused !== undefined) return refusedEndpointMessage(label, refused)
  if (classifyAwsError(error).fewRetries) return `${label} failed: ${errorMessage(error)}`
  return joinSentences(
    `${label} kept failing with a ${transient} until "start-timeout" ran out: ${clause(errorMessage(error))}`,
    'Raise "start-timeout" or try again later'
  )
}
