import { describe, expect, it } from 'vitest'
import { RunTaskPace, RunTaskPacer } from '../../../src/ecs/run-task-pacing.js'
import { VirtualClock } from '../../support/clocks.js'

describe('RunTaskPacer', () => {
  it('lets a burst through, then RATE a second: 100 calls within 8 s, never more in flight', async () => {
    const clock = new VirtualClock()
    const pacer = new RunTaskPacer(clock)
    const starts: number[] = []
    let inFlight = 0
    let peak = 0
    const call = async (): Promise<void> => {
      starts.push(clock.now())
      peak = Math.max(peak, ++inFlight)
      await clock.sleep(300)
      inFlight--
    }
    await Promise.all(Array.from({ length: 100 }, () => pacer.run(call)))

    expect(starts.filter((t) => t === 0)).toHaveLength(RunTaskPace.BURST)
    expect(Math.max(...starts)).toBeLessThanOrEqual(8_000)
    expect(peak).toBeLessThanOrEqual(RunTaskPace.IN_FLIGHT)
    // A token bucket: by any time t, at most BURST + PER_SECOND × t calls have started.
    for (const at of starts) {
      const allowed = RunTaskPace.BURST + Math.floor((RunTaskPace.PER_SECOND * at) / 1000)
      expect(starts.filter((t) => t <= at).length).toBeLessThanOrEqual(allowed)
    }
  })

  it('pauses every caller after a throttling answer', async () => {
    const clock = new VirtualClock()
    const pacer = new RunTaskPacer(clock)
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    await expect(pacer.run(() => Promise.reject(throttled))).rejects.toBe(throttled)
    const at = clock.now()
    let startedAt = -1
    await pacer.run(async () => {
      startedAt = clock.now()
    })
    expect(startedAt - at).toBeGreaterThanOrEqual(RunTaskPace.THROTTLED_PAUSE_MS)
  })
})
