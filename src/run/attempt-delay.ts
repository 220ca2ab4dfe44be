import { backoffDelay, type Backoff } from '../kit/backoff.js'

/** Before attempt 2 up to 5 s, doubling for each later one up to 60 s, with equal jitter. */
export const ATTEMPT_BACKOFF: Backoff = { baseMs: 5_000, maxMs: 60_000, jitter: 'equal' }

/** Delay before starting attempt `attempt` (≥ 2): half fixed, half random. */
export function attemptDelay(attempt: number, random: () => number = Math.random): number {
  return backoffDelay(attempt - 1, ATTEMPT_BACKOFF, random)
}
