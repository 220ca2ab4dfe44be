// Measurement primitives shared by the scenarios: percentiles, window counts, stdout line
// splitting, per-stream completeness checks and peak-RSS sampling of a child process.

import { readFileSync } from 'node:fs'

export interface Summary {
  n: number
  min: number
  p50: number
  p95: number
  max: number
  mean: number
}

/** Linear interpolation between closest ranks (the usual "type 7" estimator). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo)
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    min: values.length ? Math.min(...values) : NaN,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length ? Math.max(...values) : NaN,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN
  }
}

/** Most events in any window [t, t + windowMs) over sorted-or-not event times. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  let lo = 0
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++
    best = Math.max(best, hi - lo + 1)
  }
  return best
}

/** Event counts per consecutive window of `windowMs` from `start`, full windows before `end` only. */
export function perWindow(
  times: readonly number[],
  start: number,
  end: number,
  windowMs: number
): number[] {
  const windows = Math.floor((end - start) / windowMs)
  const counts = new Array<number>(Math.max(0, windows)).fill(0)
  for (const t of times) {
    const w = Math.floor((t - start) / windowMs)
    if (w >= 0 && w < windows) counts[w]! += 1
  }
  return counts
}

/** Dates, epoch seconds (the ECS wire format) or epoch ms to epoch ms. */
export function toEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime()
  if (typeof value === 'number') return Math.round(value < 1e11 ? value * 1000 : value)
  throw new Error(`not a timestamp: ${String(value)}`)
}

/** Splits stdout chunks into lines, each stamped with the arrival time of the chunk ending it. */
export class LineSplitter {
  private rest = ''

  constructor(private readonly onLine: (line: string, at: number) => void) {}

  push(chunk: string, at: number): void {
    let nl = chunk.indexOf('\n')
    if (nl < 0) {
      this.rest += chunk
      return
    }
    this.onLine(this.rest + chunk.slice(0, nl), at)
    let start = nl + 1
    for (; (nl = chunk.indexOf('\n', start)) >= 0; start = nl + 1) {
      this.onLine(chunk.slice(start, nl), at)
    }
    this.rest = chunk.slice(start)
  }

  end(at: number): void {
    if (this.rest !== '') this.onLine(this.rest, at)
    this.rest = ''
  }
}

/**
 * Marker of a numbered task log line: `~L<index>` followed by a space or the end of the message.
 * With several streams the action prefixes lines with `<taskId>/<container> | `.
 */
export const MARK = '~L'

export function markedLine(index: number, width = 0): string {
  const head = `${MARK}${index} `
  return width > head.length ? head + 'x'.repeat(width - head.length) : head.trimEnd()
}

/** The stream label and line index of a marked stdout line, or undefined. */
export function parseMarked(line: string): { label: string; index: number } | undefined {
  const at = line.indexOf(MARK)
  if (at < 0) return undefined
  let index = 0
  let i = at + MARK.length
  const first = i
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) {
    index = index * 10 + (c - 48)
  }
  if (i === first) return undefined
  const bar = line.indexOf(' | ')
  return { label: bar >= 0 && bar < at ? line.slice(0, bar) : '', index }
}

export interface StreamCompleteness {
  stream: string
  expected: number
  received: number
  unique: number
  duplicates: number
  outOfOrder: number
  missing: number
  ok: boolean
}

/** Lines 0..expected-1 of one stream: counts without keeping the lines. */
export class SequenceCheck {
  private readonly seen: Uint8Array
  private highest = -1
  received = 0
  unique = 0
  duplicates = 0
  outOfOrder = 0
  firstAt = NaN
  lastAt = NaN
  /** First arrival time per index, when asked for (NaN: never arrived). */
  readonly arrivals: Float64Array | undefined

  constructor(
    readonly stream: string,
    readonly expected: number,
    keepArrivals = false
  ) {
    this.seen = new Uint8Array(expected)
    this.arrivals = keepArrivals ? new Float64Array(expected).fill(NaN) : undefined
  }

  add(index: number, at: number): void {
    this.received++
    if (Number.isNaN(this.firstAt)) this.firstAt = at
    this.lastAt = at
    if (index >= this.expected) {
      this.outOfOrder++
      return
    }
    if (this.seen[index]) {
      this.duplicates++
      return
    }
    this.seen[index] = 1
    this.unique++
    if (this.arrivals) this.arrivals[index] = at
    if (index !== this.highest + 1) this.outOfOrder++
    if (index > this.highest) this.highest = index
  }

  result(): StreamCompleteness {
    const missing = this.expected - this.unique
    return {
      stream: this.stream,
      expected: this.expected,
      received: this.received,
      unique: this.unique,
      duplicates: this.duplicates,
      outOfOrder: this.outOfOrder,
      missing,
      ok: missing === 0 && this.duplicates === 0 && this.outOfOrder === 0
    }
  }
}

/** One SequenceCheck per stream label seen on stdout, `streams` of them expected. */
export class LineLedger {
  readonly checks = new Map<string, SequenceCheck>()
  firstAt = NaN
  lastAt = NaN
  lines = 0

  constructor(
    private readonly perStream: number,
    private readonly streams = 1,
    private readonly keepArrivals = false
  ) {}

  /** For the stdout tap: every stdout line, marked or not. */
  line = (line: string, at: number): void => {
    const marked = parseMarked(line)
    if (!marked) return
    let check = this.checks.get(marked.label)
    if (!check) {
      check = new SequenceCheck(marked.label || 'main', this.perStream, this.keepArrivals)
      this.checks.set(marked.label, check)
    }
    check.add(marked.index, at)
    this.lines++
    if (Number.isNaN(this.firstAt)) this.firstAt = at
    this.lastAt = at
  }

  results(): StreamCompleteness[] {
    const out = [...this.checks.values()].map((c) => c.result())
    for (let i = out.length; i < this.streams; i++) {
      out.push(new SequenceCheck(`(stream ${i + 1} never printed)`, this.perStream).result())
    }
    return out
  }
}

/** Peak memory of a process from /proc/<pid>/status: max VmRSS sampled, last VmHWM read. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined
  maxRssKb = 0
  hwmKb = 0
  samples = 0

  constructor(
    private readonly pid: number,
    intervalMs = 50
  ) {
    this.sample()
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  sample(): void {
    let text: string
    try {
      text = readFileSync(`/proc/${this.pid}/status`, 'utf8')
    } catch {
      return // gone
    }
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(text)
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(text)
    if (!rss || !hwm) return // a zombie has no memory lines
    this.samples++
    this.maxRssKb = Math.max(this.maxRssKb, Number(rss[1]))
    this.hwmKb = Math.max(this.hwmKb, Number(hwm[1]))
  }

  stop(): { peakMb: number; maxSampledRssMb: number; samples: number } {
    clearInterval(this.timer)
    this.timer = undefined
    return {
      peakMb: Math.max(this.hwmKb, this.maxRssKb) / 1024,
      maxSampledRssMb: this.maxRssKb / 1024,
      samples: this.samples
    }
  }
}

export const round = (value: number, digits = 0): number => {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
