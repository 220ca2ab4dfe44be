/** Delay before attempt 2 (doubling for each later one, up to the max), with equal jitter. */
export const ATTEMPT_BACKOFF_BASE_MS = 5_000
export const ATTEMPT_BACKOFF_MAX_MS = 60_000

/** Delay before starting attempt `attempt` (≥ 2): half fixed, half random. */
export function attemptDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(
    ATTEMPT_BACKOFF_MAX_MS,
    ATTEMPT_BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 2)
  )
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
