import type { Clock } from '../clock.js'

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
