import { backoffDelay } from '../kit/backoff.js'
import type { Clock } from '../kit/clock.js'

export interface RetryOptions {
  clock: Clock
  /**
   * Clock time after which no retry starts; the last error is thrown instead. A backoff that
   * would end past it is cut to end at it, so the last call is made at the deadline.
   */
  deadline: number
  /** An earlier deadline for this error, if it has one (see retryTransient's refused endpoint). */
  deadlineFor?(error: unknown): number | undefined
  /** Why the error is worth a retry, or undefined when it is final. */
  retryReason(error: unknown): string | undefined
  /** Names the call in the log line of each retry. */
  label: string
  log(message: string): void
  baseDelayMs?: number
  maxDelayMs?: number
  signal?: AbortSignal
  random?: () => number
}

/**
 * Retries `call` with full-jitter exponential backoff (the delay is uniform in
 * [0, min(max, base * 2^n)]), so many workflows retrying at once spread out instead of
 * hammering the API in step. The last backoff is cut to the deadline, and one last call is made
 * there.
 */
export async function retry<T>(call: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const backoff = {
    baseMs: options.baseDelayMs ?? 1000,
    maxMs: options.maxDelayMs ?? 20_000,
    jitter: 'full'
  } as const
  for (let n = 1; ; n++) {
    try {
      return await call(n)
    } catch (error) {
      const reason = options.retryReason(error)
      if (reason === undefined || options.signal?.aborted) throw error
      const deadline = Math.min(options.deadline, options.deadlineFor?.(error) ?? Infinity)
      const left = deadline - options.clock.now()
      if (left <= 0) throw error
      // Cut to the deadline rather than skipped: giving up while time is left would end early.
      const delay = Math.min(left, backoffDelay(n, backoff, options.random))
      options.log(`${options.label}: ${reason}; retry ${n} in ${(delay / 1000).toFixed(1)} s`)
      await options.clock.sleep(delay, options.signal)
      if (options.signal?.aborted) throw error
    }
  }
}
