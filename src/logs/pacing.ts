// How often the action calls GetLogEvents and when it stops following a stream. The reasons and
// the measured figures behind these numbers are in docs/behaviour.md ("Log streaming") and
// docs/performance.md.

import { backoffDelay, type Backoff } from '../kit/backoff.js'

/** Call starts in any one-second window, for the whole step: GetLogEvents quotas are shared. */
export const MAX_CALLS_PER_SECOND = 5
export const LIMITER_WINDOW_MS = 1_000

/** Calls that read a backlog (the previous page was full) have their own, higher budget. */
export const MAX_CATCH_UP_CALLS_PER_SECOND = 20

/** A stream whose last page had events is polled again this long after that call started. */
export const BUSY_POLL_MS = 925

/** Delays after 1, 2, 3… empty polls in a row (from the previous call's start); busy again on events. */
export const IDLE_POLL_MS: readonly number[] = [1_000, 2_000, 4_000, 5_000]

/** GetLogEvents' page limits; half the byte limit counts as full (the next event may not have fit). */
export const FULL_PAGE_EVENTS = 10_000
export const FULL_PAGE_BYTES = 512 * 1024
/** What CloudWatch Logs adds to each event's UTF-8 size. */
export const EVENT_OVERHEAD_BYTES = 26

/** Empty pages with a moved token fetched back to back before pausing BUSY_POLL_MS. */
export const MAX_EMPTY_HOPS = 10

/** Retry delays after a transient error: exponential with equal jitter, capped low. */
export const ERROR_BACKOFF_BASE_MS = 1_000
export const ERROR_BACKOFF_MAX_MS = 4_000
const ERROR_BACKOFF: Backoff = {
  baseMs: ERROR_BACKOFF_BASE_MS,
  maxMs: ERROR_BACKOFF_MAX_MS,
  jitter: 'equal'
}
/** Failures in a row after which a stream warns once (it keeps retrying). */
export const ERROR_WARN_AFTER = 5

/** Quiet needed after a container exited before its stream counts as drained. */
export const DRAIN_QUIET_MS = 5_000

/** Quiet needed after a late event arrived while draining. */
export const DRAIN_AFTER_EVENT_MS = 2_000

/** Pages fetched but not yet printed, across every stream: bounds memory. */
export const MAX_PAGES_IN_MEMORY = 2

/** A stream that answers but proves nothing new is given up this long after its task stopped. */
export const DRAIN_HARD_CAP_MS = 30_000

/**
 * A stream whose calls fail is given up only this long after its last answer (and never before
 * DRAIN_HARD_CAP_MS after its task stopped): a CloudWatch Logs outage of two minutes loses no line.
 */
export const DRAIN_OUTAGE_MS = 150_000

/** A stream still returning events (a backlog) is read on up to this long after its task stopped. */
export const DRAIN_BACKLOG_CAP_MS = 10 * 60_000

/** Delay before the next poll of a stream after `emptyPolls` empty answers in a row (0-based). */
export function idleDelay(emptyPolls: number): number {
  const last = IDLE_POLL_MS.length - 1
  return IDLE_POLL_MS[Math.min(Math.max(0, emptyPolls), last)] ?? BUSY_POLL_MS
}

/** Delay before retrying after the `failures`-th failure in a row (1-based), with jitter. */
export function errorDelay(failures: number, random: () => number = Math.random): number {
  return backoffDelay(failures, ERROR_BACKOFF, random)
}

/** Whether a page hit one of GetLogEvents' page limits, so its successor is fetched at once. */
export function isFullPage(messages: ReadonlyArray<{ message?: string | undefined }>): boolean {
  if (messages.length >= FULL_PAGE_EVENTS) return true
  let bytes = 0
  for (const event of messages) {
    bytes += Buffer.byteLength(event.message ?? '', 'utf8') + EVENT_OVERHEAD_BYTES
    if (bytes >= FULL_PAGE_BYTES) return true
  }
  return false
}
