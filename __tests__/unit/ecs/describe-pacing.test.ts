import { describe, expect, it } from 'vitest'
import {
  DescribePacing,
  describeDelay,
  type DescribeState
} from '../../../src/ecs/describe-pacing.js'

describe('describeDelay', () => {
  const cases: Array<DescribeState & { delay: number }> = [
    // young task: fast
    { sinceStartMs: 0, anyContainerExited: false, consecutiveErrors: 0, delay: 1000 },
    { sinceStartMs: 14_999, anyContainerExited: false, consecutiveErrors: 0, delay: 1000 },
    // steady
    { sinceStartMs: 15_000, anyContainerExited: false, consecutiveErrors: 0, delay: 2000 },
    { sinceStartMs: 6 * 60 * 60_000, anyContainerExited: false, consecutiveErrors: 0, delay: 2000 },
    // a container exited: the task is stopping
    { sinceStartMs: 15_000, anyContainerExited: true, consecutiveErrors: 0, delay: 1000 },
    { sinceStartMs: 0, anyContainerExited: true, consecutiveErrors: 0, delay: 1000 },
    // errors back off exponentially, whatever the task does, up to ERROR_MAX_MS
    { sinceStartMs: 0, anyContainerExited: false, consecutiveErrors: 1, delay: 2000 },
    { sinceStartMs: 60_000, anyContainerExited: true, consecutiveErrors: 2, delay: 4000 },
    { sinceStartMs: 60_000, anyContainerExited: false, consecutiveErrors: 3, delay: 8000 },
    { sinceStartMs: 60_000, anyContainerExited: false, consecutiveErrors: 4, delay: 16_000 },
    { sinceStartMs: 60_000, anyContainerExited: false, consecutiveErrors: 5, delay: 16_000 },
    { sinceStartMs: 60_000, anyContainerExited: false, consecutiveErrors: 1000, delay: 16_000 }
  ]

  it.each(cases)(
    'since start $sinceStartMs ms, exited $anyContainerExited, errors $consecutiveErrors → $delay ms',
    ({ delay, ...state }) => {
      expect(describeDelay(state)).toBe(delay)
    }
  )

  it('keeps the steady rate under 40 calls a minute', () => {
    expect(60_000 / DescribePacing.STEADY_MS).toBeLessThanOrEqual(40)
  })
})
