import type {
  FilterLogEventsCommandInput,
  FilterLogEventsCommandOutput
} from '@aws-sdk/client-cloudwatch-logs'
import type { Clock } from '../kit/clock.js'
import { classifyAwsError } from '../aws/errors.js'
import type { CallLimiter } from './limiter.js'
import { MAX_PROBE_PAGES, MAX_PROBE_STREAMS } from './pacing.js'

/** What a probe found for one stream. */
export type ProbeAnswer =
  /** Events ingested after the last one read: read the stream (GetLogEvents). */
  | { kind: 'news' }
  /** Nothing new at `startedAt` (the probe's start): counts as a quiet poll. */
  | { kind: 'quiet'; startedAt: number }
  /** The probe could not tell (too many pages); read the stream instead. */
  | { kind: 'unknown' }
  /** The call failed: handled as a failed read of the stream (backoff, outage caps). */
  | { kind: 'failed'; error: unknown; startedAt: number }

export interface ProbeRequest {
  region: string
  group: string
  stream: string
  /** Events with a timestamp before this are not this stream's news. */
  since: number
  /** The latest ingestion time of the events read so far (undefined: none read). */
  readUpTo: number | undefined
  urgency: number
}

export interface ProbeDeps {
  filterLogEvents(
    region: string,
    input: FilterLogEventsCommandInput
  ): Promise<FilterLogEventsCommandOutput>
  clock: Clock
  limiter: CallLimiter
  signal: AbortSignal
}

interface Pending {
  request: ProbeRequest
  answer: (answer: ProbeAnswer) => void
}

/**
 * Asks "has anything new come?" for many streams of one log group in one FilterLogEvents call
 * (up to 100 named streams), instead of one GetLogEvents per stream. The lines themselves are
 * always read with GetLogEvents, whose forward token gives every event exactly once and in
 * order; the probe only tells which streams to read and which are quiet. Requests wait for the
 * step's call budget together: those that arrive meanwhile join the same call.
 */
export class StreamProbe {
  private readonly pending = new Map<string, Pending[]>()
  /** Groups where FilterLogEvents cannot be used (denied, unknown): their streams are read directly. */
  private readonly unusable = new Set<string>()

  constructor(private readonly deps: ProbeDeps) {}

  usable(region: string, group: string): boolean {
    return !this.unusable.has(keyOf(region, group))
  }

  check(request: ProbeRequest): Promise<ProbeAnswer> {
    const key = keyOf(request.region, request.group)
    return new Promise((answer) => {
      const queue = this.pending.get(key)
      if (queue) {
        queue.push({ request, answer })
        // A more urgent request does not wait behind the batch's place in the queue.
        if (request.urgency < Math.min(...queue.map((p) => p.request.urgency))) {
          void this.flush(key, request.urgency)
        }
        return
      }
      this.pending.set(key, [{ request, answer }])
      void this.flush(key, request.urgency)
    })
  }

  private async flush(key: string, urgency: number): Promise<void> {
    const { clock, limiter, signal } = this.deps
    if (!(await limiter.acquire(signal, urgency))) {
      for (const p of this.pending.get(key) ?? []) p.answer({ kind: 'unknown' })
      this.pending.delete(key)
      return
    }
    const queue = this.pending.get(key)
    if (!queue || queue.length === 0) return
    const batch = queue.splice(0, MAX_PROBE_STREAMS)
    if (queue.length === 0) this.pending.delete(key)
    else void this.flush(key, Math.min(...queue.map((p) => p.request.urgency)))
    const startedAt = clock.now()
    try {
      const news = await this.search(batch, urgency)
      for (const { request, answer } of batch) {
        if (news === undefined) answer({ kind: 'unknown' })
        else if (news.has(request.stream)) answer({ kind: 'news' })
        else answer({ kind: 'quiet', startedAt })
      }
    } catch (error) {
      const kind = classifyAwsError(error).kind
      if (kind === 'throttled' || kind === 'server' || kind === 'network') {
        for (const { answer } of batch) answer({ kind: 'failed', error, startedAt })
        return
      }
      // Denied (no logs:FilterLogEvents) or refused: read this group's streams one by one.
      this.unusable.add(key)
      for (const { answer } of batch) answer({ kind: 'unknown' })
    }
  }

  /** The streams of `batch` with news; undefined when the pages ran out before the end. */
  private async search(batch: Pending[], urgency: number): Promise<Set<string> | undefined> {
    const first = batch[0]!.request
    const byStream = new Map(batch.map((p) => [p.request.stream, p.request]))
    const news = new Set<string>()
    let nextToken: string | undefined
    for (let page = 0; page < MAX_PROBE_PAGES; page++) {
      if (page > 0 && !(await this.deps.limiter.acquire(this.deps.signal, urgency))) return
      const answer = await this.deps.filterLogEvents(first.region, {
        logGroupName: first.group,
        logStreamNames: [...byStream.keys()],
        startTime: Math.min(...batch.map((p) => p.request.since)),
        ...(nextToken === undefined ? {} : { nextToken })
      })
      for (const event of answer.events ?? []) {
        const request = byStream.get(event.logStreamName ?? '')
        if (request === undefined || news.has(request.stream)) continue
        if ((event.timestamp ?? 0) < request.since) continue
        if (request.readUpTo === undefined || (event.ingestionTime ?? Infinity) > request.readUpTo) {
          news.add(request.stream)
        }
      }
      nextToken = answer.nextToken
      if (nextToken === undefined || news.size === byStream.size) return news
    }
    return undefined
  }
}

function keyOf(region: string, group: string): string {
  return `${region}\u0000${group}`
}
