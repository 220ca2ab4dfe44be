import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../../src/kit/clock.js'

afterEach(() => vi.useRealTimers())

describe('systemClock.sleep', () => {
  it('resolves after the time asked, on the timers it is given', async () => {
    vi.useFakeTimers()
    let done = false
    const sleeping = systemClock.sleep(2_000).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(1_999)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await sleeping
    expect(done).toBe(true)
  })

  it('ends early, without throwing, when its signal aborts, and leaves no timer behind', async () => {
    vi.useFakeTimers()
    const controller = new AbortController()
    const sleeping = systemClock.sleep(60_000, controller.signal)
    controller.abort()
    await expect(sleeping).resolves.toBeUndefined()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('does not wait at all for an aborted signal or no time', async () => {
    vi.useFakeTimers()
    await expect(systemClock.sleep(1_000, AbortSignal.abort())).resolves.toBeUndefined()
    await expect(systemClock.sleep(0)).resolves.toBeUndefined()
    expect(vi.getTimerCount()).toBe(0)
  })
})
