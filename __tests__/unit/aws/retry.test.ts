import { describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../../support/clocks.js'
import { retry, type RetryOptions } from '../../../src/aws/retry.js'

class Retryable extends Error {
  override name = 'ThrottlingException'
}
class Final extends Error {
  override name = 'AccessDeniedException'
}

const reason = (error: unknown): string | undefined =>
  error instanceof Retryable ? 'throttled' : undefined

function options(clock: FakeClock, extra: Partial<RetryOptions> = {}): RetryOptions {
  return {
    clock,
    deadline: 10 * 60_000,
    retryReason: reason,
    label: 'RunTask',
    log: vi.fn(),
    ...extra
  }
}

/** An attempt that fails `failures` times with `error`, then returns 'done'. */
function failing(failures: number, error: () => Error = () => new Retryable('Rate exceeded')) {
  return vi.fn(async (n: number) => {
    if (n <= failures) throw error()
    return 'done'
  })
}

describe('retry', () => {
  it('returns the first success without sleeping', async () => {
    const clock = new FakeClock()
    const attempt = failing(0)
    await expect(retry(attempt, options(clock))).resolves.toBe('done')
    expect(attempt).toHaveBeenCalledTimes(1)
    expect(clock.sleeps).toEqual([])
  })

  it.each([
    { random: 0, sleeps: [0, 0, 0, 0, 0, 0, 0] },
    // the upper bound: base * 2^(n-1), capped at maxDelayMs
    { random: 1, sleeps: [1000, 2000, 4000, 8000, 16000, 20000, 20000] },
    { random: 0.5, sleeps: [500, 1000, 2000, 4000, 8000, 10000, 10000] }
  ])('full jitter: random() = $random sleeps $sleeps', async ({ random, sleeps }) => {
    const clock = new FakeClock()
    await expect(retry(failing(7), options(clock, { random: () => random }))).resolves.toBe('done')
    expect(clock.sleeps).toEqual(sleeps)
  })

  it('honours baseDelayMs and maxDelayMs', async () => {
    const clock = new FakeClock()
    const opts = options(clock, { random: () => 1, baseDelayMs: 100, maxDelayMs: 300 })
    await retry(failing(4), opts)
    expect(clock.sleeps).toEqual([100, 200, 300, 300])
  })

  it('every delay lies within [0, the exponential bound]', async () => {
    const clock = new FakeClock()
    let seed = 7
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    await retry(failing(10), options(clock, { random }))
    clock.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0)
      expect(ms).toBeLessThanOrEqual(Math.min(20_000, 1000 * 2 ** i))
    })
  })

  it('cuts the last wait to the deadline, makes a last attempt there, then throws', async () => {
    const clock = new FakeClock()
    const attempt = vi.fn(async (n: number): Promise<string> => {
      throw new Retryable(`attempt ${n}`)
    })
    await expect(
      retry(attempt, options(clock, { deadline: 10_000, random: () => 1 }))
    ).rejects.toThrow('attempt 5')
    // 1000 + 2000 + 4000 = 7000; the next 8000 would end at 15000: cut to the 3000 left.
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 3000])
    expect(clock.now()).toBe(10_000)
  })

  it('a success on the attempt at the deadline is returned', async () => {
    const clock = new FakeClock()
    const attempt = failing(4)
    await expect(
      retry(attempt, options(clock, { deadline: 10_000, random: () => 1 }))
    ).resolves.toBe('done')
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 3000])
  })

  it('with the deadline already passed (start-timeout 0), no retry at all', async () => {
    const clock = new FakeClock(5_000)
    const attempt = failing(1)
    await expect(retry(attempt, options(clock, { deadline: 5_000 }))).rejects.toThrow(
      'Rate exceeded'
    )
    expect(attempt).toHaveBeenCalledTimes(1)
    expect(clock.sleeps).toEqual([])
  })

  it('throws a non-retryable error at once', async () => {
    const clock = new FakeClock()
    const attempt = failing(5, () => new Final('no'))
    await expect(retry(attempt, options(clock))).rejects.toBeInstanceOf(Final)
    expect(attempt).toHaveBeenCalledTimes(1)
    expect(clock.sleeps).toEqual([])
  })

  it('logs the label, the reason and the attempt number', async () => {
    const clock = new FakeClock()
    const log = vi.fn()
    await retry(failing(2), options(clock, { log, random: () => 0.5 }))
    expect(log.mock.calls).toEqual([
      ['RunTask: throttled; retry 1 in 0.5 s'],
      ['RunTask: throttled; retry 2 in 1.0 s']
    ])
  })

  it('stops when the signal aborts during the backoff', async () => {
    const clock = new FakeClock()
    const controller = new AbortController()
    const attempt = vi.fn(async (n: number): Promise<string> => {
      if (n === 2) controller.abort()
      throw new Retryable(`attempt ${n}`)
    })
    await expect(retry(attempt, options(clock, { signal: controller.signal }))).rejects.toThrow(
      'attempt 2'
    )
    expect(attempt).toHaveBeenCalledTimes(2)
  })

  it('makes no further attempt when the signal aborted during the sleep', async () => {
    const controller = new AbortController()
    const clock = new FakeClock()
    const sleep = clock.sleep.bind(clock)
    clock.sleep = async (ms, signal) => {
      controller.abort()
      return sleep(ms, signal)
    }
    const attempt = failing(3)
    await expect(retry(attempt, options(clock, { signal: controller.signal }))).rejects.toThrow(
      'Rate exceeded'
    )
    expect(attempt).toHaveBeenCalledTimes(1)
  })
})
