import type { Clock } from '../kit/clock.js'

/**
 * How much the step waits on a call: the most urgent waiting call is let through first. A
 * drain's call decides when the step may end, a backlog's when its lines print, a poll of a
 * running stream only how fresh the lines are.
 */
export const Urgency = {
  /** A stream of a stopped task proving it has drained: the step's end waits for it. */
  DRAIN: 0,
  /** The next page of a backlog, or a stream known to have news. */
  BACKLOG: 1,
  /** A running stream's regular poll. */
  POLL: 2,
  /** A stream that has been quiet for a while. */
  IDLE: 3
} as const
export type Urgency = (typeof Urgency)[keyof typeof Urgency]

interface Waiter {
  urgency: number
  order: number
  grant: (granted: boolean) => void
}

/**
 * At most `limit` calls start in any window of `windowMs`, across every caller. A sliding window
 * rather than a refilling bucket: a bucket lets a full burst plus its refill through in one
 * second, the window never does. When several callers wait, the most urgent goes first, and
 * callers of the same urgency are served first come, first served, so no stream starves among
 * its peers; the start times checked are the real ones, taken when a caller is let through.
 */
export class CallLimiter {
  private readonly starts: number[] = []
  private readonly waiters: Waiter[] = []
  private pumping = false
  private order = 0

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number
  ) {}

  /** Resolves true when the caller may start its call now, false when `signal` aborted first. */
  acquire(signal?: AbortSignal, urgency: number = Urgency.POLL): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false)
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        urgency,
        order: this.order++,
        grant: (granted) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(granted)
        }
      }
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter)
        if (at >= 0) this.waiters.splice(at, 1)
        waiter.grant(false)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiters.push(waiter)
      this.pump().catch(() => {
        // Only the clock can fail here: nobody waits forever on a limiter that broke.
        for (const w of this.waiters.splice(0)) w.grant(false)
      })
    })
  }

  /** Calls let through in the window ending now (for figures and tests). */
  inWindow(): number {
    const now = this.clock.now()
    return this.starts.filter((start) => start > now - this.windowMs).length
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.waiters.length > 0) {
        const now = this.clock.now()
        const oldest = this.starts.length < this.limit ? undefined : this.starts[0]
        const wait = oldest === undefined ? 0 : oldest + this.windowMs - now
        if (wait > 0) {
          // Let the callers just let through start their calls before time moves on.
          await new Promise((resolve) => setImmediate(resolve))
          await this.clock.sleep(wait)
          continue
        }
        const next = this.mostUrgent()
        this.waiters.splice(this.waiters.indexOf(next), 1)
        this.starts.push(now)
        if (this.starts.length > this.limit) this.starts.shift()
        next.grant(true)
      }
    } finally {
      this.pumping = false
    }
  }

  private mostUrgent(): Waiter {
    let best = this.waiters[0]!
    for (const waiter of this.waiters) {
      if (
        waiter.urgency < best.urgency ||
        (waiter.urgency === best.urgency && waiter.order < best.order)
      ) {
        best = waiter
      }
    }
    return best
  }
}

/**
 * At most `size` holders at once; waiters are served most urgent first (see Urgency), then first
 * come, first served.
 */
export class Slots {
  private free: number
  private readonly waiting: Array<{ urgency: number; order: number; wake: () => void }> = []
  private order = 0

  constructor(size: number) {
    this.free = size
  }

  async take(urgency: number = Urgency.POLL): Promise<() => void> {
    if (this.free > 0) this.free -= 1
    else {
      await new Promise<void>((wake) => this.waiting.push({ urgency, order: this.order++, wake }))
    }
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.next()
      if (next) next.wake()
      else this.free += 1
    }
  }

  private next() {
    let best = -1
    for (const [i, w] of this.waiting.entries()) {
      const b = this.waiting[best]
      if (!b || w.urgency < b.urgency || (w.urgency === b.urgency && w.order < b.order)) best = i
    }
    return best < 0 ? undefined : this.waiting.splice(best, 1)[0]
  }
}
