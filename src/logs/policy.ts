/**
 * Every number that decides how often the action calls GetLogEvents and when it stops following
 * a stream. GetLogEvents quotas are per account and region and shared with every other reader
 * (dashboards, other jobs, log shippers), so the action polls frugally and adapts: fast while a
 * stream is busy, slower while it is idle, never more than MAX_CALLS_PER_SECOND for the whole step.
 */

/**
 * Shared by every stream of the step (up to 10 tasks × several containers): a sliding window of
 * one second holds at most this many call starts, whatever the number of streams. 5/s leaves most
 * of the account's GetLogEvents quota to other readers.
 */
export const MAX_CALLS_PER_SECOND = 5
export const LIMITER_WINDOW_MS = 1_000

/**
 * Reading a backlog is not polling: after a full page the next one is known to hold events, and
 * at 5 calls/s a million-line log (about 8,000 events of 100 bytes per 1 MB page) would take
 * 25 s to print, so the step would end long after the task. Such catch-up calls have their own
 * window, below CloudWatch's default GetLogEvents quota of 25/s per account and region, and back
 * off like any call when CloudWatch throttles. Polls that may find nothing stay under
 * MAX_CALLS_PER_SECOND.
 */
export const MAX_CATCH_UP_CALLS_PER_SECOND = 20

/**
 * A stream whose last page had events is polled again this long after that call started (not
 * after it ended, so a slow response does not stretch the interval): 65 calls/min at most, the
 * budget for a busy stream. A line then waits on average half the interval (~460 ms) and at
 * worst the whole of it, which meets the latency targets (p50 ≤ 600 ms, p95 ≤ 1.1 s).
 */
export const BUSY_POLL_MS = 925

/**
 * A stream whose last page was empty (or which does not exist yet) backs off along this ladder,
 * from the start of the previous call; it returns to BUSY_POLL_MS as soon as events come back.
 * Steady idle: 12 calls/min; the first idle minute: 14 (≤ 15). A 5 s cap keeps the first line after
 * a pause at most ~5 s late and matches the awslogs driver's own 5 s flush interval.
 */
export const IDLE_POLL_MS: readonly number[] = [1_000, 2_000, 4_000, 5_000]

/**
 * GetLogEvents returns at most 10,000 events or 1 MB per page. A page that hit either limit
 * probably has a successor ready, so it is fetched at once (still through the limiter). The
 * byte limit is approached, not reached, since the next event may not have fit: half of it
 * counts as full (a wrong guess costs one extra call). Each event counts its UTF-8 message
 * plus 26 bytes, as CloudWatch Logs sizes events.
 */
export const FULL_PAGE_EVENTS = 10_000
export const FULL_PAGE_BYTES = 512 * 1024
export const EVENT_OVERHEAD_BYTES = 26

/**
 * An empty page whose token moved means CloudWatch skipped an empty stretch of the stream and
 * more may follow: fetch again at once, but after this many such hops in a row fall back to
 * BUSY_POLL_MS so a server that never settles its token cannot spin the step's budget.
 */
export const MAX_EMPTY_HOPS = 10

/**
 * Throttling, 5xx and network errors: retry the same token (nothing is lost) after an exponential
 * delay with "equal jitter" (half fixed, half random) so that streams throttled together do not
 * retry together. Capped low because the drain has a hard cap anyway.
 */
export const ERROR_BACKOFF_BASE_MS = 1_000
export const ERROR_BACKOFF_MAX_MS = 10_000
/** After this many failures in a row the stream warns once (it keeps retrying). */
export const ERROR_WARN_AFTER = 5

/**
 * A stream ends once its container has exited (or its task stopped) and it has been quiet this
 * long, measured from the later of the exit being seen and the last event received. The awslogs
 * driver flushes its buffer when the container stops and CloudWatch makes events readable
 * usually within a second or two of that; 5 s covers the flush plus the ingestion lag without
 * keeping the step waiting long. The drain starts at the container's exit, often seconds before
 * the task is STOPPED, so it mostly overlaps the task's STOPPING phase.
 */
export const DRAIN_QUIET_MS = 5_000

/**
 * Once a container has exited, its stream can only receive what the driver flushed: such late
 * events come in one batch or a few close together. After one arrives, this much quiet is enough
 * (rather than another DRAIN_QUIET_MS), so a line ingested late does not push the end of the
 * step seconds past the task's STOPPED. While draining, the stream is polled every BUSY_POLL_MS
 * instead of backing off, so a late line is printed, and the quiet proven, promptly.
 */
export const DRAIN_AFTER_EVENT_MS = 2_000

/**
 * Pages fetched but not yet printed, across every stream of the step: bounds memory when
 * several streams read backlogs at once (a page is up to 1 MB of JSON, several times that once
 * parsed). Each stream also finishes printing a page before fetching its next one. Measured with
 * 10 streams of 100,000 lines: 3 pages peaked at ~170 MB RSS, 2 at ~125 MB, at the same
 * ~150,000 lines/s (the catch-up call budget, not this, bounds the rate).
 */
export const MAX_PAGES_IN_MEMORY = 2
/**
 * A stream that yields nothing new (errors, throttling, a stream that never settles) is given up
 * this long after its task was seen STOPPED, so the step always ends. Events after that are
 * still in CloudWatch (the warning links to them).
 */
export const DRAIN_HARD_CAP_MS = 30_000

/**
 * A stream still returning events is a backlog being read (a container that logged faster than
 * the polls): it is read on, since cutting it would hide lines, but not forever: this long after
 * its task stopped it is given up too. At ~150,000 lines/s that is tens of millions of lines.
 */
export const DRAIN_BACKLOG_CAP_MS = 10 * 60_000

/** Delay before the next poll of a stream after `emptyPolls` empty answers in a row (0-based). */
export function idleDelay(emptyPolls: number): number {
  const last = IDLE_POLL_MS.length - 1
  return IDLE_POLL_MS[Math.min(Math.max(0, emptyPolls), last)] ?? BUSY_POLL_MS
}

/** Delay before retrying after the `failures`-th failure in a row (1-based), with jitter. */
export function errorDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(
    ERROR_BACKOFF_MAX_MS,
    ERROR_BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1)
  )
  return ceiling / 2 + random() * (ceiling / 2)
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
