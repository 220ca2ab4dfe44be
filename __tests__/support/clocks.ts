import type { Clock } from '../../src/kit/clock.js'

/** A clock whose time moves only when something sleeps: for unit tests. */
export class FakeClock implements Clock {
  constructor(private time = 0) {}
  readonly sleeps: number[] = []
  now(): number {
    return this.time
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return
    this.sleeps.push(ms)
    this.time += Math.max(0, ms)
    // Yield so that concurrent loops interleave as they would in real time.
    await new Promise((resolve) => setImmediate(resolve))
  }
  advance(ms: number): void {
    this.time += ms
  }
}

/**
 * A clock for tests of concurrent loops: every sleep is a timer, and time jumps to the
 * earliest timer only once every loop is waiting (after a few event-loop turns with nothing
 * else to do). Unlike FakeClock, twenty loops sleeping 1 s each move time by 1 s, not 20 s.
 */
export class VirtualClock implements Clock {
  private time: number
  private timers: Array<{ at: number; wake: () => void }> = []
  private advancing = false
  readonly sleeps: number[] = []

  constructor(start = 0) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve()
    this.sleeps.push(ms)
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer)
        resolve()
      }
      const timer = {
        at: this.time + Math.max(0, ms),
        wake: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      this.timers.push(timer)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.schedule()
    })
  }

  advance(ms: number): void {
    this.time += ms
  }

  private schedule(): void {
    if (this.advancing) return
    this.advancing = true
    // An error here is a bug of this clock: left unhandled, vitest reports it and fails the run.
    // eslint-disable-next-line @typescript-eslint/no-floating-promises
    this.advanceWhenIdle()
  }

  private async advanceWhenIdle(): Promise<void> {
    for (;;) {
      // Let every other loop run until it, too, waits on this clock.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
      if (this.timers.length === 0) break
      const at = Math.min(...this.timers.map((t) => t.at))
      const due = this.timers.filter((t) => t.at <= at)
      this.timers = this.timers.filter((t) => t.at > at)
      this.time = Math.max(this.time, at)
      for (const t of due) t.wake()
    }
    this.advancing = false
  }
}
