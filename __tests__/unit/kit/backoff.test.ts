import { describe, expect, it } from 'vitest'
import { backoffDelay, type Backoff } from '../../../src/kit/backoff.js'

const full: Backoff = { baseMs: 1_000, maxMs: 20_000, jitter: 'full' }
const equal: Backoff = { baseMs: 1_000, maxMs: 4_000, jitter: 'equal' }

describe('backoffDelay', () => {
  it.each([
    { n: 1, ceiling: 1_000 },
    { n: 2, ceiling: 2_000 },
    { n: 5, ceiling: 16_000 },
    { n: 6, ceiling: 20_000 },
    { n: 60, ceiling: 20_000 }
  ])(
    'doubles the ceiling with each retry up to the max: retry $n ≤ $ceiling ms',
    ({ n, ceiling }) => {
      expect(backoffDelay(n, full, () => 1)).toBe(ceiling)
      expect(backoffDelay(n, full, () => 0)).toBe(0)
      expect(backoffDelay(n, full, () => 0.5)).toBe(ceiling / 2)
    }
  )

  it('keeps half of the ceiling fixed with equal jitter, so a delay is never near zero', () => {
    expect(backoffDelay(1, equal, () => 0)).toBe(500)
    expect(backoffDelay(1, equal, () => 1)).toBe(1_000)
    expect(backoffDelay(3, equal, () => 0.5)).toBe(3_000)
    expect(backoffDelay(20, equal, () => 0)).toBe(2_000)
  })

  it('treats a retry number below 1 as the first and gives whole milliseconds', () => {
    expect(backoffDelay(0, full, () => 1)).toBe(1_000)
    expect(backoffDelay(1, full, () => 0.12345)).toBe(123)
  })
})
