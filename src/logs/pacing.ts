// How often the action calls CloudWatch Logs and when it stops following a stream. The reasons
// and the measured figures behind these numbers are in docs/behaviour.md ("Log streaming"),
// docs/performance.md and CONTRIBUTING.md ("Many log streams").

import { backoffDelay, type Backoff } from '../kit/backoff.js'

/**
 * CloudWatch Logs calls (every operation: GetLogEvents, FilterLogEvents) starting in any
 * one-second window, for the whole step whatever the number of streams: read quotas are per
 * account and region and shared with every other reader.
 */
export const MAX_CALLS_PER_SECOND = 10
/**
 * The window the limiter counts MAX_CALLS_PER_SECOND in: a second plus what a call may take to
 * reach AWS after it was let through (signing, a busy event loop, the network). AWS counts
 * calls as they arrive: a call held back 250 ms then still cannot make 11 in a second.
 */
export const LIMITER_WINDOW_MS = 1_250

/**
 * Above this many streams followed at once, streams are read together: FilterLogEvents over up
 * to MAX_FILTER_STREAMS named streams of a group, one call for all of them, rather than one
 * GetLogEvents each; at or below it each stream is read on its own with GetLogEvents, as ever.
 */
export const FILTER_ABOVE_STREAMS = 10
/**
 * With more than FILTER_ABOVE_STREAMS streams, a stream whose container ECS has not shown running
 * is looked for this seldom (ECS's news of it running wakes it at once): a thousand shards
 * provisioning must not spend the budget on streams that do not exist yet.
 */
export const NOT_STARTED_POLL_MS = 10_000
/** FilterLogEvents takes at most 100 logStreamNames. */
export const MAX_FILTER_STREAMS = 100
/** Pages of one shared read before its streams are answered (the rest is read next, at once). */
export const MAX_FILTER_PAGES = 3
/**
 * A shared read starts this long before the newest event printed of each stream (timestamps):
 * a line stamped a little before the newest one but delivered after it (two writers merged by
 * the driver) is still found. What was printed in that stretch is remembered, so nothing prints
 * twice; and every read returns that stretch again, so it is short: 100 streams of 10 lines a
 * second re-read 3,000 events a call, not 10,000 (measured: 10 s of it cost ~30 MB of RSS at
 * 100 shards). A line stamped further back (a log router retrying an old chunk) can be missed.
 */
export const FILTER_LOOKBACK_MS = 3_000

/** A stream whose last page had events is polled again this long after that call started. */
export const BUSY_POLL_MS = 925

/**
 * A stream whose container exited is polled this often until it drains: the step's end waits
 * on these polls, and a line delivered late is printed within this (a task is rarely stopping
 * long, and then it stops: this does not last).
 */
export const DRAIN_POLL_MS = 500

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

/**
 * Warning annotations the log streaming makes in a step: GitHub shows 10 of a kind per step, and
 * with many streams one outage would warn for each. Later warnings are plain lines of the log.
 */
export const MAX_LOG_WARNINGS = 3

/**
 * Quiet needed after a container was seen exited before its stream counts as drained: CloudWatch
 * shows the awslogs driver's last lines up to about 3.6 s after the exit (its flush plus the
 * ingestion lag), and a container is seen exited no earlier than it exits. The task must also
 * have been seen STOPPED before the quiet poll: while it stops, waiting costs the step nothing.
 */
export const DRAIN_QUIET_MS = 3_700

/**
 * Quiet needed after a late event was seen while draining (counted from the poll that saw it, up
 * to DRAIN_POLL_MS after CloudWatch showed it): the awslogs driver flushes what is left in one
 * batch when the container exits (several only past 1 MB or 10,000 events, sent back to back).
 */
export const DRAIN_AFTER_EVENT_MS = 600

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
