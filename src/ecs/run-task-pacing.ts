import { classifyAwsError } from '../aws/errors.js'
import type { Clock } from '../kit/clock.js'

/**
 * How fast the step calls RunTask when it starts many shards: a burst of BURST calls, then RATE
 * a second, with at most IN_FLIGHT unanswered at once. ECS's own bucket is larger (100 burst,
 * 40 a second for RunTask; Fargate launches 100 burst, 20 a second), but it is shared by every
 * caller in the account and region, so the step keeps to a fraction of it and is rarely
 * throttled at all: 100 shards start within 8 s, 1,000 within 100 s. Throttling that still comes
 * (another pipeline in the account) pauses every shard's next call, not just the one refused.
 */
export const RunTaskPace = {
  BURST: 20,
  PER_SECOND: 10,
  IN_FLIGHT: 20,
  /** After a throttling answer, no RunTask for this long. */
  THROTTLED_PAUSE_MS: 1_000
} as const

/** A token bucket with a cap on calls in flight; callers are served first come, first served. */
export class RunTaskPacer {
  private tokens: number
  private refilledAt: number
  private pausedUntil = 0
  private inFlight = 0
  private queue: Promise<void> = Promise.resolve()
  private readonly waiting: Array<() => void> = []

  constructor(
    private readonly clock: Clock,
    private readonly pace: typeof RunTaskPace = RunTaskPace
  ) {
    this.tokens = pace.BURST
    this.refilledAt = clock.now()
  }

  /** Runs `call` once a token and a place in flight are free. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(() => this.take())
    this.queue = turn.catch(() => undefined)
    await turn
    try {
      return await call()
    } catch (error) {
      if (isThrottling(error)) this.pause()
      throw error
    } finally {
      this.inFlight -= 1
      this.waiting.shift()?.()
    }
  }

  /** Every caller waits: the account's RunTask bucket is empty. */
  pause(): void {
    this.pausedUntil = this.clock.now() + this.pace.THROTTLED_PAUSE_MS
    this.tokens = 0
    this.refilledAt = this.pausedUntil
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now()
      if (now >= this.refilledAt) {
        const earned = ((now - this.refilledAt) / 1000) * this.pace.PER_SECOND
        this.tokens = Math.min(this.pace.BURST, this.tokens + earned)
        this.refilledAt = now
      }
      if (this.inFlight >= this.pace.IN_FLIGHT) {
        await new Promise<void>((resolve) => this.waiting.push(resolve))
        continue
      }
      if (now >= this.pausedUntil && this.tokens >= 1) {
        this.tokens -= 1
        this.inFlight += 1
        return
      }
      const wait = Math.max(
        this.pausedUntil - now,
        ((1 - this.tokens) / this.pace.PER_SECOND) * 1000
      )
      await this.clock.sleep(Math.max(1, Math.ceil(wait)))
    }
  }
}

function isThrottling(error: unknown): boolean {
  return classifyAwsError(error).kind === 'throttled'
}
