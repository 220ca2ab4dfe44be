/**
 * The one exponential backoff of the action: API retries (aws/retry.ts), log-stream retries
 * (logs/pacing.ts) and the delay before a task is started again (run/attempts.ts) differ only in
 * their figures and their jitter, which docs/behaviour.md and docs/performance.md explain.
 */
export interface Backoff {
  /** The ceiling of the first delay. */
  baseMs: number
  /** The ceiling never grows past this. */
  maxMs: number
  /**
   * `full`: uniform in [0, ceiling], so many clients retrying at once spread out;
   * `equal`: half fixed, half random, so a delay is never near zero.
   */
  jitter: 'full' | 'equal'
}

/**
 * The delay before the `n`-th retry (1-based), in whole milliseconds: the ceiling is
 * min(maxMs, baseMs * 2^(n-1)), then jittered.
 */
export function backoffDelay(
  n: number,
  backoff: Backoff,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, n - 1))
  const fixed = backoff.jitter === 'equal' ? ceiling / 2 : 0
  return Math.round(fixed + random() * (ceiling - fixed))
}
