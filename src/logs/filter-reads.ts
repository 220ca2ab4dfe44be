import type {
  FilterLogEventsCommandInput,
  FilterLogEventsCommandOutput,
  FilteredLogEvent
} from '@aws-sdk/client-cloudwatch-logs'
import { createHash } from 'node:crypto'
import type { Clock } from '../kit/clock.js'
import { classifyAwsError } from '../aws/errors.js'
import type { CallLimiter } from './limiter.js'
import { MAX_FILTER_PAGES, MAX_FILTER_STREAMS } from './pacing.js'

/** What one shared FilterLogEvents read found for one stream. */
export type FilterAnswer =
  /**
   * The stream's events from `since` on, in the order CloudWatch returned them (by timestamp),
   * those already printed included; `complete` false when the pages ran out first.
   */
  | { kind: 'events'; events: FilteredLogEvent[]; startedAt: number; complete: boolean }
  /** A transient failure: handled as a failed read of the stream (backoff, outage caps). */
  | { kind: 'failed'; error: unknown; startedAt: number }
  /** FilterLogEvents cannot serve this stream now: read it with GetLogEvents. */
  | { kind: 'unusable' }
  | { kind: 'aborted' }

export interface FilterRequest {
  region: string
  group: string
  stream: string
  /** Events stamped before this are not asked about. */
  since: number
  urgency: number
}

export interface FilterReadDeps {
  filterLogEvents(
    region: string,
    input: FilterLogEventsCommandInput
  ): Promise<FilterLogEventsCommandOutput>
  clock: Clock
  limiter: CallLimiter
  signal: AbortSignal
}

interface Pending {
  request: FilterRequest
  answer: (answer: FilterAnswer) => void
}

/**
 * Reads many streams of one log group with one FilterLogEvents call (up to 100 named streams)
 * instead of one GetLogEvents each. Requests wait for the step's call budget together: those
 * that arrive meanwhile join the same call, so the more streams wait, the fewer calls each costs.
 * A search over a time range returns again what it returned before: the caller keeps what it
 * printed recently (RecentEvents) to print each event once.
 */
export class FilterReads {
  private readonly pending = new Map<string, Pending[]>()
  /** Groups where FilterLogEvents is denied or refused: their streams are read with GetLogEvents. */
  private readonly unusable = new Set<string>()

  constructor(private readonly deps: FilterReadDeps) {}

  usable(region: string, group: string): boolean {
    return !this.unusable.has(keyOf(region, group))
  }

  read(request: FilterRequest): Promise<FilterAnswer> {
    const key = keyOf(request.region, request.group)
    return new Promise((answer) => {
      const queue = this.pending.get(key)
      if (queue) {
        const least = Math.min(...queue.map((p) => p.request.urgency))
        queue.push({ request, answer })
        // A more urgent request does not wait behind the batch's place in the queue.
        if (request.urgency < least) this.startFlush(key, request.urgency)
        return
      }
      this.pending.set(key, [{ request, answer }])
      this.startFlush(key, request.urgency)
    })
  }

  /** A call for the group's waiting streams, once the budget lets it through. */
  private startFlush(key: string, urgency: number): void {
    this.flush(key, urgency).catch(() => {
      // Only the limiter's clock can fail here: the waiting streams read on their own instead.
      for (const p of this.pending.get(key) ?? []) p.answer({ kind: 'unusable' })
      this.pending.delete(key)
    })
  }

  private async flush(key: string, urgency: number): Promise<void> {
    const { clock, limiter, signal } = this.deps
    if (!(await limiter.acquire(signal, urgency))) {
      for (const p of this.pending.get(key) ?? []) p.answer({ kind: 'aborted' })
      this.pending.delete(key)
      return
    }
    const queue = this.pending.get(key)
    if (!queue || queue.length === 0) return
    const batch = queue.splice(0, MAX_FILTER_STREAMS)
    if (queue.length === 0) this.pending.delete(key)
    else this.startFlush(key, Math.min(...queue.map((p) => p.request.urgency)))
    const startedAt = clock.now()
    try {
      const { found, complete } = await this.search(batch, urgency)
      for (const { request, answer } of batch) {
        answer({ kind: 'events', events: found.get(request.stream) ?? [], startedAt, complete })
      }
    } catch (error) {
      const kind = classifyAwsError(error).kind
      if (kind === 'throttled' || kind === 'server' || kind === 'network') {
        for (const { answer } of batch) answer({ kind: 'failed', error, startedAt })
        return
      }
      // Denied (no logs:FilterLogEvents) or refused: this group's streams are read one by one.
      // "Not found" (a named stream gone) only sends this batch to GetLogEvents, which tells.
      if (kind !== 'not-found') this.unusable.add(key)
      for (const { answer } of batch) answer({ kind: 'unusable' })
    }
  }

  /** The batch's events by stream, each from its own `since`; the first call is already paid. */
  private async search(
    batch: Pending[],
    urgency: number
  ): Promise<{ found: Map<string, FilteredLogEvent[]>; complete: boolean }> {
    const first = batch[0]!.request
    const since = new Map(batch.map((p) => [p.request.stream, p.request.since]))
    const found = new Map<string, FilteredLogEvent[]>()
    let nextToken: string | undefined
    for (let page = 0; page < MAX_FILTER_PAGES; page++) {
      if (page > 0 && !(await this.deps.limiter.acquire(this.deps.signal, urgency))) break
      const answer = await this.deps.filterLogEvents(first.region, {
        logGroupName: first.group,
        logStreamNames: [...since.keys()],
        startTime: Math.min(...since.values()),
        ...(nextToken === undefined ? {} : { nextToken })
      })
      for (const event of answer.events ?? []) {
        const stream = event.logStreamName ?? ''
        const from = since.get(stream)
        if (from === undefined || (event.timestamp ?? 0) < from) continue
        const list = found.get(stream)
        if (list) list.push(event)
        else found.set(stream, [event])
      }
      nextToken = answer.nextToken
      if (nextToken === undefined) return { found, complete: true }
    }
    return { found, complete: false }
  }
}

/**
 * The events of one stream printed recently (stamped within `keepMs` of the newest), counted by
 * content: a search that returns them again prints only what is beyond those counts, so two
 * identical lines are both printed and a line returned twice is printed once.
 */
export class RecentEvents {
  private readonly counts = new Map<string, { count: number; timestamp: number }>()
  /** The newest timestamp printed. */
  newest: number | undefined

  constructor(private readonly keepMs: number) {}

  /** After printing `events` (however read): remembers them. */
  printed(events: readonly EventLike[]) {
    for (const event of events) {
      const key = fingerprint(event)
      const timestamp = event.timestamp ?? 0
      const entry = this.counts.get(key)
      if (entry) entry.count += 1
      else this.counts.set(key, { count: 1, timestamp })
      if (this.newest === undefined || timestamp > this.newest) this.newest = timestamp
    }
    this.prune()
  }

  /** Of a search's answer (every event from a time on), those not printed yet, in order. */
  fresh<T extends EventLike>(events: readonly T[]): T[] {
    const seen = new Map<string, number>()
    const fresh: T[] = []
    for (const event of events) {
      const key = fingerprint(event)
      const n = (seen.get(key) ?? 0) + 1
      seen.set(key, n)
      if (n > (this.counts.get(key)?.count ?? 0)) fresh.push(event)
    }
    return fresh
  }

  /** Where a search must start to see every event that may still be unread. */
  since(fallback: number): number {
    return (this.newest ?? fallback) - this.keepMs
  }

  private prune(): void {
    if (this.newest === undefined) return
    const oldest = this.newest - this.keepMs
    for (const [key, entry] of this.counts) if (entry.timestamp < oldest) this.counts.delete(key)
  }
}

/** The parts of an event that tell it from another, as both reads return it. */
type EventLike = {
  timestamp?: number | undefined
  ingestionTime?: number | undefined
  message?: string | undefined
}

function fingerprint(event: EventLike) {
  const message = event.message ?? ''
  const body = message.length <= 256 ? message : createHash('sha1').update(message).digest('base64')
  return `${event.timestamp ?? ''}\u0000${event.ingestionTime ?? ''}\u0000${body}`
}

function keyOf(region: string, group: string): string {
  return `${region}\u0000${group}`
}
