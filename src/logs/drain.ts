import type { Task } from '@aws-sdk/client-ecs'
import {
  DRAIN_AFTER_EVENT_MS,
  DRAIN_BACKLOG_CAP_MS,
  DRAIN_HARD_CAP_MS,
  DRAIN_OUTAGE_MS,
  DRAIN_QUIET_MS
} from './pacing.js'

export type DrainEnd = 'never-ran' | 'drained' | 'hard-cap'

/**
 * When one stream may stop being followed, from what ECS reports about its container and what
 * the stream returned. Times are the streamer's clock when each thing was seen, not ECS's
 * timestamps, so they compare with the poll times.
 */
export class DrainState {
  /** The container was seen exited (container or task STOPPED). */
  private exitedAt: number | undefined
  /** The task was seen STOPPED: starts the caps. */
  private stoppedAt: number | undefined
  private lastEventAt: number | undefined
  /** Start of the latest poll that found nothing new at the end of the stream (or no stream). */
  private lastQuietPollAt: number | undefined
  private exitCodeKnown = false
  private streamSeen = false
  private runningSeen = false
  /** When CloudWatch last answered a call for this stream (events, an empty page, not found). */
  private lastAnswerAt: number
  /** The latest call failed (throttling, 5xx, network): the stream is in an outage. */
  private failingNow = false

  /** `since`: when following began, standing for the last answer until there is one. */
  constructor(since = 0) {
    this.lastAnswerAt = since
  }

  /**
   * Takes the latest DescribeTasks view of the task. Returns 'started' the first time the
   * container is seen RUNNING (its stream appears about then), 'changed' when how it ends may
   * have changed, undefined otherwise.
   */
  observe(task: Task, container: string, now: number): 'started' | 'changed' | undefined {
    const view = task.containers?.find((candidate) => candidate.name === container)
    const taskStopped = task.lastStatus === 'STOPPED'
    let outcome: 'started' | 'changed' | undefined
    if (view?.exitCode !== undefined) this.exitCodeKnown = true
    if (this.exitedAt === undefined && (taskStopped || view?.lastStatus === 'STOPPED')) {
      this.exitedAt = now
      outcome = 'changed'
    }
    if (this.stoppedAt === undefined && taskStopped) {
      this.stoppedAt = now
      outcome = 'changed'
    }
    if (!this.runningSeen && view?.lastStatus === 'RUNNING') {
      this.runningSeen = true
      outcome ??= 'started'
    }
    return outcome
  }

  /** A GetLogEvents call succeeded: the stream exists. */
  found(): void {
    this.streamSeen = true
  }

  /** CloudWatch answered a call at `at` (a page or "not found"): any outage is over. */
  answered(at: number): void {
    this.lastAnswerAt = at
    this.failingNow = false
  }

  /** A call failed with a transient error: the give-up time now counts from the last answer. */
  failed(): void {
    this.failingNow = true
  }

  get failing(): boolean {
    return this.failingNow
  }

  /** How long ago CloudWatch last answered for this stream. */
  sinceAnswer(now: number): number {
    return now - this.lastAnswerAt
  }

  /** The container was seen running or exited, or its stream found: it may have lines. */
  get begun(): boolean {
    return (
      this.runningSeen ||
      this.streamSeen ||
      this.exitedAt !== undefined ||
      this.stoppedAt !== undefined
    )
  }

  /** The container was seen exited: the stream is draining. */
  get draining(): boolean {
    return this.exitedAt !== undefined
  }

  get exists(): boolean {
    return this.streamSeen
  }

  eventsReceived(now: number): void {
    this.lastEventAt = now
  }

  /** A poll started at `startedAt` found the end of the stream with nothing new, or no stream. */
  quiet(startedAt: number): void {
    this.lastQuietPollAt = startedAt
  }

  /**
   * Quiet long enough from here on means drained; undefined while the task runs (a container
   * that exited early may still have lines in flight when its task stops, and following it until
   * then costs the step nothing).
   */
  private quietDeadline(): number | undefined {
    if (this.exitedAt === undefined || this.stoppedAt === undefined) return undefined
    return Math.max(
      this.exitedAt + DRAIN_QUIET_MS,
      this.stoppedAt,
      (this.lastEventAt ?? -Infinity) + DRAIN_AFTER_EVENT_MS
    )
  }

  end(now: number): DrainEnd | undefined {
    const ran = this.exitCodeKnown || this.streamSeen || this.runningSeen
    if (this.stoppedAt !== undefined && !ran) return 'never-ran'
    const deadline = this.quietDeadline()
    if (
      deadline !== undefined &&
      this.lastQuietPollAt !== undefined &&
      this.lastQuietPollAt >= deadline
    ) {
      return 'drained'
    }
    // The caps end waits that prove nothing (errors, a stream that never settles), never the
    // reading of a backlog: a stream that returned events within the quiet period goes on.
    if (this.stoppedAt !== undefined) {
      const reading = this.lastEventAt !== undefined && now - this.lastEventAt < DRAIN_QUIET_MS
      const giveUpAt = reading ? this.stoppedAt + DRAIN_BACKLOG_CAP_MS : this.capAt(this.stoppedAt)
      if (now >= giveUpAt) return 'hard-cap'
    }
    return undefined
  }

  /**
   * When a stream that is not reading a backlog is given up: DRAIN_HARD_CAP_MS after STOPPED,
   * or, while its calls fail, DRAIN_OUTAGE_MS after the last answer if that is later.
   */
  private capAt(stoppedAt: number): number {
    const cap = stoppedAt + DRAIN_HARD_CAP_MS
    return this.failingNow ? Math.max(cap, this.lastAnswerAt + DRAIN_OUTAGE_MS) : cap
  }

  /**
   * When the stream's loop must act next, given when its polling schedule wants the next call
   * and when the last call started: a poll is due at the quiet deadline (to prove the quiet),
   * unless one already started since; and the hard cap must be noticed on time.
   */
  nextActionAt(scheduledAt: number, lastPollAt: number | undefined): number {
    let at = scheduledAt
    const deadline = this.quietDeadline()
    if (deadline !== undefined && (lastPollAt === undefined || lastPollAt < deadline)) {
      at = Math.min(at, deadline)
    }
    if (this.stoppedAt !== undefined) {
      // Wake at the cap to give up on time, unless a poll since then showed the stream alive.
      const capAt = this.capAt(this.stoppedAt)
      if (lastPollAt === undefined || lastPollAt < capAt) at = Math.min(at, capAt)
    }
    return at
  }

  /** How long ago the task was seen STOPPED (0 before). */
  sinceStopped(now: number): number {
    return this.stoppedAt === undefined ? 0 : now - this.stoppedAt
  }
}
