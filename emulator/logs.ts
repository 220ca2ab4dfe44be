// CloudWatch Logs model: groups of append-only streams, ordered by ingestion, read by GetLogEvents
// with position tokens. Task containers feed their streams lazily (see EventFeed) so that a line
// becomes readable exactly at its ingestion time without timers, and a million generated lines
// cost nothing until they are read.

import { ApiError } from './types.js'

export interface LogEvent {
  timestamp: number
  message: string
  ingestionTime: number
}

/** A lazy source of events for one stream. */
export interface EventFeed {
  /** When the stream comes into existence (Infinity: not yet / never). */
  createdAt(): number
  /**
   * Deliver, in ingestion order, the events not delivered yet that were ingested by `now`: all of
   * them, or at least `max` when given (reads only materialise what they need).
   */
  drain(
    now: number,
    push: (timestamp: number, message: string, ingestionTime: number) => void,
    max?: number
  ): void
}

/** Real PutLogEvents sizing: UTF-8 bytes of the message plus 26 bytes per event. */
const EVENT_OVERHEAD = 26
const MAX_PAGE_BYTES = 1_048_576
const MAX_LIMIT = 10_000

class Stream {
  // Parallel arrays rather than objects: a million events stay compact and slices are cheap.
  readonly timestamps: number[] = []
  readonly messages: string[] = []
  readonly ingestionTimes: number[] = []
  /** Several feeds: a stream every task writes to (a FireLens log_stream_name). */
  private readonly feeds: EventFeed[]

  constructor(
    readonly name: string,
    private readonly created: number,
    feed?: EventFeed
  ) {
    this.feeds = feed ? [feed] : []
  }

  addFeed(feed: EventFeed): void {
    this.feeds.push(feed)
  }

  creationTime(): number {
    return this.feeds.length > 0 ? Math.min(...this.feeds.map((f) => f.createdAt())) : this.created
  }

  exists(now: number): boolean {
    return this.creationTime() <= now
  }

  /** Move the fed events ingested by `now` into the stream: all, or until it holds `upTo`. */
  flush(now: number, upTo?: number): void {
    if (this.feeds.length > 1) {
      // Shared: every feed's events of the moment, merged in ingestion order (no partial reads).
      const batch: LogEvent[] = []
      for (const feed of this.feeds) {
        feed.drain(now, (timestamp, message, ingestionTime) =>
          batch.push({ timestamp, message, ingestionTime })
        )
      }
      batch.sort((a, b) => a.ingestionTime - b.ingestionTime || a.timestamp - b.timestamp)
      for (const e of batch) this.push(e)
      return
    }
    if (upTo !== undefined && this.length >= upTo) return
    const max = upTo === undefined ? undefined : upTo - this.length
    this.feeds[0]?.drain(
      now,
      (timestamp, message, ingestionTime) => {
        this.timestamps.push(timestamp)
        this.messages.push(message)
        this.ingestionTimes.push(ingestionTime)
      },
      max
    )
  }

  push(e: LogEvent): void {
    this.timestamps.push(e.timestamp)
    this.messages.push(e.message)
    this.ingestionTimes.push(e.ingestionTime)
  }

  get length(): number {
    return this.timestamps.length
  }
}

interface Group {
  name: string
  createdAt: number
  streams: Map<string, Stream>
}

export interface GetLogEventsInput {
  logGroupName?: string
  logGroupIdentifier?: string
  logStreamName?: string
  startTime?: number
  endTime?: number
  nextToken?: string
  limit?: number
  startFromHead?: boolean
}

export class LogStore {
  private readonly groups = new Map<string, Group>()
  private nonce = 0

  constructor(
    private readonly region: string,
    private readonly accountId: string
  ) {}

  createGroup(name: string, now = Date.now()): boolean {
    if (this.groups.has(name)) return false
    this.groups.set(name, { name, createdAt: now, streams: new Map() })
    return true
  }

  private ensureGroup(name: string): Group {
    this.createGroup(name)
    return this.groups.get(name)!
  }

  /** awslogs: the group is created implicitly; the stream appears when the feed says so. */
  attachFeed(group: string, stream: string, feed: EventFeed): void {
    const streams = this.ensureGroup(group).streams
    const existing = streams.get(stream)
    // A second task writing to the same stream (a fixed FireLens log_stream_name) adds to it.
    if (existing) existing.addFeed(feed)
    else streams.set(stream, new Stream(stream, 0, feed))
  }

  createStream(group: string, stream: string, now = Date.now()): void {
    const g = this.groupOrThrow(group)
    const existing = g.streams.get(stream)
    if (existing?.exists(now)) {
      throw new ApiError(
        'ResourceAlreadyExistsException',
        'The specified log stream already exists'
      )
    }
    g.streams.set(stream, new Stream(stream, now))
  }

  /** Test seeding: append directly, creating group and stream as needed. */
  seed(
    group: string,
    stream: string,
    events: Array<Partial<LogEvent> & { timestamp: number; message: string }>
  ): void {
    const now = Date.now()
    const g = this.ensureGroup(group)
    let s = g.streams.get(stream)
    if (!s) {
      s = new Stream(stream, now)
      g.streams.set(stream, s)
    }
    s.flush(now)
    for (const e of events) {
      s.push({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime ?? now })
    }
  }

  put(group: string, stream: string, events: Array<{ timestamp: number; message: string }>): void {
    const now = Date.now()
    const s = this.streamOrThrow(group, stream, now)
    for (const e of events)
      s.push({ timestamp: e.timestamp, message: e.message, ingestionTime: now })
  }

  /** Accepts a group name or a log-group ARN (with or without the trailing `:*`). */
  static groupName(input: { logGroupName?: string; logGroupIdentifier?: string }): string {
    const id = input.logGroupName ?? input.logGroupIdentifier
    if (!id)
      throw new ApiError(
        'InvalidParameterException',
        'Either logGroupName or logGroupIdentifier is required'
      )
    const m = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(id)
    return m ? m[1]! : id
  }

  private groupOrThrow(name: string): Group {
    const g = this.groups.get(name)
    if (!g)
      throw new ApiError('ResourceNotFoundException', 'The specified log group does not exist.')
    return g
  }

  private streamOrThrow(group: string, stream: string, now: number, upTo?: number): Stream {
    const s = this.groups.get(group)?.streams.get(stream)
    if (!s || !s.exists(now)) {
      throw new ApiError('ResourceNotFoundException', 'The specified log stream does not exist.')
    }
    s.flush(now, upTo)
    return s
  }

  /** Every visible event of a stream (flushed to now); for test assertions. */
  events(group: string, stream: string): LogEvent[] {
    const s = this.streamOrThrow(group, stream, Date.now())
    return s.timestamps.map((t, i) => ({
      timestamp: t,
      message: s.messages[i]!,
      ingestionTime: s.ingestionTimes[i]!
    }))
  }

  getLogEvents(input: GetLogEventsInput, emptyPage = false) {
    const now = Date.now()
    if (!input.logStreamName)
      throw new ApiError('InvalidParameterException', 'logStreamName is required')
    const limit = input.limit ?? MAX_LIMIT
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new ApiError('InvalidParameterException', `limit must be between 1 and ${MAX_LIMIT}`)
    }
    const token = input.nextToken === undefined ? undefined : parseToken(input.nextToken)
    const forward = token ? token.dir === 'f' : input.startFromHead === true
    // A forward read without a time filter only needs the events up to the end of its page.
    const filtered = input.startTime !== undefined || input.endTime !== undefined
    const upTo = forward && !filtered ? (token?.pos ?? 0) + limit : undefined
    const s = this.streamOrThrow(LogStore.groupName(input), input.logStreamName, now, upTo)
    if (token && token.pos > s.length) {
      throw new ApiError('InvalidParameterException', 'The specified nextToken is invalid.')
    }
    const pos = token ? token.pos : forward ? 0 : s.length

    if (emptyPage) {
      // A page that is empty although events follow; the new token still points at `pos`.
      this.nonce++
      return {
        events: [],
        nextForwardToken: formatToken('f', pos, this.nonce),
        nextBackwardToken: formatToken('b', pos, this.nonce)
      }
    }

    const inRange = (i: number): boolean => {
      const t = s.timestamps[i]!
      return (
        (input.startTime === undefined || t >= input.startTime) &&
        (input.endTime === undefined || t < input.endTime)
      )
    }
    const size = (i: number): number => Buffer.byteLength(s.messages[i]!, 'utf8') + EVENT_OVERHEAD
    const picked: number[] = []
    let bytes = 0
    let start: number
    let end: number
    if (forward) {
      let i = pos
      for (; i < s.length && picked.length < limit; i++) {
        if (!inRange(i)) continue
        const b = size(i)
        if (bytes + b > MAX_PAGE_BYTES) break
        bytes += b
        picked.push(i)
      }
      start = pos
      end = i
    } else {
      let i = pos - 1
      for (; i >= 0 && picked.length < limit; i--) {
        if (!inRange(i)) continue
        const b = size(i)
        if (bytes + b > MAX_PAGE_BYTES) break
        bytes += b
        picked.push(i)
      }
      picked.reverse()
      start = i + 1
      end = pos
    }
    const events = picked.map((i) => ({
      timestamp: s.timestamps[i]!,
      message: s.messages[i]!,
      ingestionTime: s.ingestionTimes[i]!
    }))
    // At either end of the stream the request's own token comes back unchanged.
    const nextForwardToken =
      forward && end === pos && input.nextToken !== undefined
        ? input.nextToken
        : formatToken('f', end)
    const nextBackwardToken =
      !forward && start === pos && input.nextToken !== undefined
        ? input.nextToken
        : formatToken('b', start)
    return { events, nextForwardToken, nextBackwardToken }
  }

  /**
   * FilterLogEvents over named streams (or every stream of the group): the events in the time
   * range visible now, ordered by timestamp (then stream, then ingestion), paged by 10,000 events
   * or 1 MB. The token is the offset into that ordering, so paging while events arrive can skip or
   * repeat an event, as a search over a time range may.
   */
  filterLogEvents(input: {
    logGroupName?: string
    logGroupIdentifier?: string
    logStreamNames?: string[]
    logStreamNamePrefix?: string
    startTime?: number
    endTime?: number
    nextToken?: string
    limit?: number
    filterPattern?: string
  }) {
    const now = Date.now()
    const groupName = LogStore.groupName(input)
    const g = this.groupOrThrow(groupName)
    const names = input.logStreamNames
    if (names !== undefined && (names.length < 1 || names.length > 100)) {
      throw new ApiError('InvalidParameterException', 'logStreamNames takes 1 to 100 names')
    }
    if (names !== undefined && input.logStreamNamePrefix !== undefined) {
      throw new ApiError(
        'InvalidParameterException',
        'logStreamNames and logStreamNamePrefix cannot both be given'
      )
    }
    const limit = input.limit ?? MAX_LIMIT
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new ApiError('InvalidParameterException', `limit must be between 1 and ${MAX_LIMIT}`)
    }
    const streams = [...g.streams.values()].filter(
      (s) =>
        s.exists(now) &&
        (names === undefined || names.includes(s.name)) &&
        (!input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix))
    )
    const found: Array<{ stream: Stream; i: number }> = []
    for (const s of streams) {
      s.flush(now)
      for (let i = 0; i < s.length; i++) {
        const t = s.timestamps[i]!
        if (input.startTime !== undefined && t < input.startTime) continue
        if (input.endTime !== undefined && t > input.endTime) continue
        if (input.filterPattern && !s.messages[i]!.includes(input.filterPattern)) continue
        found.push({ stream: s, i })
      }
    }
    found.sort(
      (a, b) =>
        a.stream.timestamps[a.i]! - b.stream.timestamps[b.i]! ||
        (a.stream.name < b.stream.name ? -1 : a.stream.name > b.stream.name ? 1 : 0) ||
        a.i - b.i
    )
    const offset = input.nextToken === undefined ? 0 : filterOffset(input.nextToken)
    const events = []
    let bytes = 0
    let at = offset
    for (; at < found.length && events.length < limit; at++) {
      const { stream: s, i } = found[at]!
      const size = Buffer.byteLength(s.messages[i]!, 'utf8') + EVENT_OVERHEAD
      if (bytes + size > MAX_PAGE_BYTES) break
      bytes += size
      events.push({
        logStreamName: s.name,
        timestamp: s.timestamps[i]!,
        message: s.messages[i]!,
        ingestionTime: s.ingestionTimes[i]!,
        eventId: `${s.name}/${i}`
      })
    }
    return {
      events,
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
      ...(at < found.length ? { nextToken: `q/${at}` } : {})
    }
  }

  describeLogStreams(input: {
    logGroupName?: string
    logGroupIdentifier?: string
    logStreamNamePrefix?: string
    orderBy?: string
    descending?: boolean
    limit?: number
    nextToken?: string
  }) {
    const now = Date.now()
    const groupName = LogStore.groupName(input)
    const g = this.groupOrThrow(groupName)
    const streams = [...g.streams.values()].filter(
      (s) =>
        s.exists(now) &&
        (!input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix))
    )
    for (const s of streams) s.flush(now)
    const last = (s: Stream): number => s.timestamps.reduce((a, b) => Math.max(a, b), 0)
    streams.sort((a, b) =>
      input.orderBy === 'LastEventTime'
        ? last(a) - last(b)
        : a.name < b.name
          ? -1
          : a.name > b.name
            ? 1
            : 0
    )
    if (input.descending) streams.reverse()
    const offset = input.nextToken ? Number(input.nextToken) : 0
    const limit = input.limit ?? 50
    const page = streams.slice(offset, offset + limit)
    const more = offset + limit < streams.length
    return {
      logStreams: page.map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime(),
        ...(s.length > 0
          ? {
              firstEventTimestamp: s.timestamps.reduce((a, b) => Math.min(a, b), Infinity),
              lastEventTimestamp: last(s),
              lastIngestionTime: s.ingestionTimes[s.length - 1]
            }
          : {}),
        arn: `arn:aws:logs:${this.region}:${this.accountId}:log-group:${groupName}:log-stream:${s.name}`,
        storedBytes: 0
      })),
      ...(more ? { nextToken: String(offset + limit) } : {})
    }
  }
}

function formatToken(dir: 'f' | 'b', pos: number, nonce?: number): string {
  const base = `${dir}/${String(pos).padStart(20, '0')}`
  return nonce === undefined ? base : `${base}/${nonce}`
}

function filterOffset(token: string): number {
  const m = /^q\/(\d+)$/.exec(token)
  if (!m) throw new ApiError('InvalidParameterException', 'The specified nextToken is invalid.')
  return Number(m[1])
}

function parseToken(token: string): { dir: 'f' | 'b'; pos: number } {
  const m = /^([fb])\/(\d+)(\/\d+)?$/.exec(token)
  if (!m) {
    throw new ApiError('InvalidParameterException', 'The specified nextToken is invalid.')
  }
  return { dir: m[1] as 'f' | 'b', pos: Number(m[2]) }
}
