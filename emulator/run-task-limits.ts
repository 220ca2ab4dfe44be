// RunTask's throttling, as a configurable fault: a token bucket per account and region (ECS's
// RunTask rate and Fargate's task launch rate are both buckets: a burst, then a refill per
// second), and optionally at most so many tasks starting at once in a cluster. Over either,
// RunTask answers ThrottlingException ("Rate exceeded"), as ECS does, and starts nothing.

import { ApiError } from './types.js'

export interface RunTaskLimits {
  /** Tasks the bucket holds: a burst of this many RunTask tasks at once (default 20). */
  burst?: number
  /** Tasks the bucket gains a second (default 10). */
  perSecond?: number
  /** Tasks of a cluster PROVISIONING or PENDING at once (default: no limit). */
  starting?: number
}

export class RunTaskLimiter {
  private tokens: number
  private at: number
  private readonly burst: number
  private readonly perSecond: number
  /** RunTask calls refused so far. */
  throttled = 0

  constructor(
    readonly limits: RunTaskLimits,
    now = Date.now()
  ) {
    this.burst = limits.burst ?? 20
    this.perSecond = limits.perSecond ?? 10
    if (!(this.burst >= 1) || !(this.perSecond > 0)) {
      throw new Error(`limitRunTask: burst ≥ 1 and perSecond > 0, got ${JSON.stringify(limits)}`)
    }
    this.tokens = this.burst
    this.at = now
  }

  /** Takes `count` tokens for one RunTask, or throws ThrottlingException taking none. */
  take(count: number, startingNow: number, now = Date.now()): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond)
    this.at = now
    const starting = this.limits.starting
    if (this.tokens < count || (starting !== undefined && startingNow + count > starting)) {
      this.throttled += 1
      throw new ApiError('ThrottlingException', 'Rate exceeded')
    }
    this.tokens -= count
  }
}
