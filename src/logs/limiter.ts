import type { Clock } from '../kit/clock.js'

/**
 * At most `limit` calls start in any window of `windowMs`, across every caller. A sliding window
 * rather than a refilling bucket: a bucket lets a full burst plus its refill through in one
 * second, the window never does. Callers are served first come, first served, so no stream
 * starves; the start times checked are the real ones, taken when a caller is let through.
 */
export class CallLimiter {
  private readonly starts: number[] = []
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number
  ) {}

  /** Resolves true when the caller may start its call now, false when `signal` aborted first. */
  acquire(signal?: AbortSignal): Promise<boolean> {
    const turn = this.queue.then(() => this.wait(signal))
    this.queue = turn.then(
      () => undefined,
      () => undefined
    )
    return turn
  }

  private async wait(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false
      const now = this.clock.now()
      const oldest = this.starts.length < this.limit ? undefined : this.starts[0]
      const wait = oldest === undefined ? 0 : oldest + this.windowMs - now
      if (wait <= 0) {
        this.starts.push(now)
        if (this.starts.length > this.limit) this.starts.shift()
        return true
      }
      await this.clock.sleep(wait, signal)
    }
  }
}

/** At most `size` holders at once; waiters are served first come, first served. */
export class Slots {
  private free: number
  private readonly waiting: Array<() => void> = []

  constructor(size: number) {
    this.free = size
  }

  async take(): Promise<() => void> {
    if (this.free > 0) this.free -= 1
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.waiting.shift()
      if (next) next()
      else this.free += 1
    }
  }
}
