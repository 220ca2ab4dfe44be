/**
 * How often the action asks ECS about its tasks. One DescribeTasks covers every task of
 * the step, so the rate does not grow with `count`.
 *
 * - Young tasks (first YOUNG_TASK_MS) are polled every FAST_MS: a short task's whole life
 *   fits there, and MISSING answers right after RunTask clear within seconds.
 * - Once a container has exited, the task is stopping (on Fargate DEACTIVATING/STOPPING
 *   lasts several seconds): FAST_MS again, so the step ends within about a second of
 *   STOPPED.
 * - Otherwise STEADY_MS: 30 calls a minute, under the ~40/min budget that keeps a hundred
 *   concurrent workflows clear of ECS's DescribeTasks throttling.
 * - Throttling or server errors back off exponentially up to ERROR_MAX_MS.
 */
export const DescribePacing = {
  FAST_MS: 1000,
  STEADY_MS: 2000,
  YOUNG_TASK_MS: 15_000,
  ERROR_MAX_MS: 16_000,
  /** A task still MISSING this long after RunTask is an error, not eventual consistency. */
  MISSING_LIMIT_MS: 120_000
} as const

export interface DescribeState {
  sinceStartMs: number
  anyContainerExited: boolean
  consecutiveErrors: number
}

export function describeDelay(state: DescribeState): number {
  if (state.consecutiveErrors > 0) {
    return Math.min(
      DescribePacing.ERROR_MAX_MS,
      DescribePacing.FAST_MS * 2 ** state.consecutiveErrors
    )
  }
  if (state.anyContainerExited || state.sinceStartMs < DescribePacing.YOUNG_TASK_MS) {
    return DescribePacing.FAST_MS
  }
  return DescribePacing.STEADY_MS
}
