import {
  AccessDeniedException,
  ResourceNotFoundException,
  type FilterLogEventsCommandInput,
  type GetLogEventsCommandInput
} from '@aws-sdk/client-cloudwatch-logs'
import type { Task } from '@aws-sdk/client-ecs'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../support/clocks.js'
import {
  DRAIN_QUIET_MS,
  MAX_CALLS_PER_SECOND,
  MAX_LOG_WARNINGS,
  NOT_STARTED_POLL_MS
} from '../../../src/logs/pacing.js'
import { LogPrinter } from '../../../src/logs/printer.js'
import { LogStreamer } from '../../../src/logs/streamer.js'
import type { LogTarget } from '../../../src/logs/targets.js'

// Many streams at once (shards): the whole step's CloudWatch Logs calls stay within the budget
// while every line still arrives exactly once, and the streams end soon after their tasks stop.

const arnOf = (task: string) => `arn:aws:ecs:eu-west-1:123456789012:task/ci/${task}`

interface Event {
  timestamp: number
  ingestionTime: number
  message: string
}

/** CloudWatch Logs as both reads see it: events visible from their ingestion time. */
class FakeLogs {
  readonly streams = new Map<string, Event[]>()
  readonly calls: Array<{ at: number; op: string; names: number }> = []
  denyFilter = false
  /** Every call fails with throttling in [from, to). */
  outage: { from: number; to: number } | undefined
  /** No stream exists before this (the containers are not running yet). */
  streamsFrom = 0
  notFound = 0
  constructor(private readonly clock: VirtualClock) {}

  add(stream: string, events: Event[]): void {
    this.streams.set(
      stream,
      [...events].sort((a, b) => a.ingestionTime - b.ingestionTime)
    )
  }

  private visible(stream: string): Event[] {
    const now = this.clock.now()
    return (this.streams.get(stream) ?? []).filter((e) => e.ingestionTime <= now)
  }

  private fail(): void {
    const now = this.clock.now()
    if (this.outage && now >= this.outage.from && now < this.outage.to) {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    }
  }

  async getLogEvents(_region: string, input: GetLogEventsCommandInput) {
    this.calls.push({ at: this.clock.now(), op: 'GetLogEvents', names: 1 })
    this.fail()
    if (this.clock.now() < this.streamsFrom) {
      this.notFound += 1
      throw new ResourceNotFoundException({
        message: 'The specified log stream does not exist.',
        $metadata: {}
      })
    }
    const events = this.visible(input.logStreamName ?? '')
    const start = input.nextToken ? Number(input.nextToken.slice(2)) : 0
    const page = events.slice(start, start + 10_000)
    return {
      events: page,
      nextForwardToken: `f/${start + page.length}`,
      $metadata: {}
    }
  }

  async filterLogEvents(_region: string, input: FilterLogEventsCommandInput) {
    const names = input.logStreamNames ?? []
    this.calls.push({ at: this.clock.now(), op: 'FilterLogEvents', names: names.length })
    if (this.denyFilter) {
      throw new AccessDeniedException({
        message: 'not authorized: logs:FilterLogEvents',
        $metadata: {}
      })
    }
    if (names.length < 1 || names.length > 100) throw new Error(`${names.length} stream names`)
    this.fail()
    const found = names
      .flatMap((name) => this.visible(name).map((e) => ({ ...e, logStreamName: name })))
      .filter((e) => e.timestamp >= (input.startTime ?? 0))
      .sort((a, b) => a.timestamp - b.timestamp)
    return { events: found, $metadata: {} }
  }
}

function target(task: string, container: string): LogTarget {
  return {
    taskArn: arnOf(task),
    taskId: task,
    container,
    group: '/ecs/backfill',
    stream: `ecs/${container}/${task}`,
    region: 'eu-west-1',
    label: `${task}/${container}`
  }
}

const view = (task: string, status: string, containers: string, exitCode?: number): Task =>
  ({
    taskArn: arnOf(task),
    lastStatus: status,
    createdAt: new Date(0),
    containers: ['app', 'agent'].map((name) => ({
      name,
      lastStatus: containers,
      ...(exitCode === undefined ? {} : { exitCode })
    }))
  }) as Task

function busiestSecond(starts: readonly number[]): number {
  const sorted = [...starts].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

/** `tasks` tasks of two containers, each writing `lines` lines between 1 s and its exit. */
async function run(
  tasks: number,
  lines: number,
  options: {
    denyFilter?: boolean
    outage?: { from: number; to: number }
    twins?: boolean
    /** The tasks are PENDING (no container running, no stream) this long first. */
    pendingMs?: number
  } = {}
) {
  const shift = options.pendingMs ?? 0
  const clock = new VirtualClock()
  const logs = new FakeLogs(clock)
  logs.denyFilter = options.denyFilter ?? false
  logs.outage = options.outage
  logs.streamsFrom = shift
  const names = Array.from({ length: tasks }, (_, i) => `t${String(i).padStart(4, '0')}`)
  const targets = names.flatMap((task) => [target(task, 'app'), target(task, 'agent')])
  // Task i exits at 20 s + i × 50 ms; the last line of its app is ingested 3.5 s after the exit.
  const exitAt = (i: number) => shift + 20_000 + i * 50
  for (const [i, task] of names.entries()) {
    for (const container of ['app', 'agent']) {
      const events: Event[] = Array.from({ length: lines }, (_, n) => {
        const at = shift + 1000 + Math.floor((n * (exitAt(i) - shift - 1000)) / lines)
        return { timestamp: at, ingestionTime: at + 200, message: `${task} ${container} ${n}` }
      })
      if (container === 'app' && options.twins) {
        // The same line twice in the same millisecond and batch: both are the task's lines.
        const twin = { timestamp: 15_000, ingestionTime: 15_200, message: `${task} twin` }
        events.push(twin, { ...twin })
        // Stamped before lines already read, delivered 3.5 s later (within FILTER_LOOKBACK_MS
        // of the newest line read when it arrives).
        const stamped = exitAt(i) - 1500
        events.push({
          timestamp: stamped,
          ingestionTime: stamped + 3500,
          message: `${task} straggler`
        })
      }
      if (container === 'app') {
        events.push({
          timestamp: exitAt(i),
          ingestionTime: exitAt(i) + 3_500,
          message: `${task} app late`
        })
      }
      logs.add(`ecs/${container}/${task}`, events)
    }
  }
  const printed: string[] = []
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').slice(0, -1)) {
        if (!line.startsWith('::')) printed.push(line)
      }
      callback()
    }
  })
  const printer = new LogPrinter(out, { prefix: true })
  const warnings: string[] = []
  const streamer = new LogStreamer(targets, {
    getLogEvents: (region, input) => logs.getLogEvents(region, input),
    filterLogEvents: (region, input) => logs.filterLogEvents(region, input),
    clock,
    printer,
    warn: (message) => warnings.push(message),
    random: () => 0.5
  })
  streamer.start()
  let done = false
  streamer.finished().then(
    () => (done = true),
    () => (done = true)
  )
  // DescribeTasks once a second, as the wait loop polls: STOPPED 600 ms after the exit.
  for (let at = 0; !done; at += 1000) {
    while (clock.now() < at && !done) await new Promise((resolve) => setImmediate(resolve))
    streamer.update(
      names.map((task, i) =>
        at >= exitAt(i) + 600
          ? view(task, 'STOPPED', 'STOPPED', 0)
          : at >= exitAt(i)
            ? view(task, 'DEPROVISIONING', 'STOPPED', 0)
            : at >= shift
              ? view(task, 'RUNNING', 'RUNNING')
              : view(task, 'PENDING', 'PENDING')
      )
    )
    if (at > 10 * 60_000) throw new Error('the streamer did not finish')
  }
  await printer.end()
  return { printed, names, logs, warnings, end: clock.now(), lastExit: exitAt(tasks - 1) }
}

describe('LogStreamer with many streams', () => {
  it('120 streams: every line once and in order, at most 10 calls in any second, done soon after the last task stopped', async () => {
    const r = await run(60, 40)
    for (const task of r.names) {
      for (const container of ['app', 'agent']) {
        const mine = r.printed
          .filter((line) => line.startsWith(`${task}/${container} | `))
          .map((line) => line.slice(`${task}/${container} | `.length))
        const expected = Array.from({ length: 40 }, (_, n) => `${task} ${container} ${n}`)
        if (container === 'app') expected.push(`${task} app late`)
        expect(mine).toEqual(expected)
      }
    }
    expect(r.printed).toHaveLength(60 * 81)
    expect(busiestSecond(r.logs.calls.map(({ at }) => at))).toBeLessThanOrEqual(
      MAX_CALLS_PER_SECOND
    )
    const filters = r.logs.calls.filter(({ op }) => op === 'FilterLogEvents')
    expect(filters.length).toBeGreaterThan(0)
    expect(Math.max(...filters.map(({ names }) => names))).toBeLessThanOrEqual(100)
    // The last task is seen exited within a second of its exit: its drain waits DRAIN_QUIET_MS
    // from there; with one call per stream the 120 drains alone would take 12 s.
    expect(r.end - r.lastExit).toBeLessThanOrEqual(1000 + DRAIN_QUIET_MS + 1500)
    expect(r.warnings).toEqual([])
  })

  it('prints identical lines as often as they were logged, and a line delivered late with an earlier stamp once', async () => {
    const r = await run(20, 30, { twins: true })
    for (const task of r.names) {
      const mine = r.printed.filter((line) => line.startsWith(`${task}/app | `))
      expect(mine.filter((line) => line.endsWith(' twin'))).toHaveLength(2)
      expect(mine.filter((line) => line.endsWith(' straggler'))).toHaveLength(1)
      expect(mine).toHaveLength(30 + 4)
    }
    expect(r.printed).toHaveLength(20 * (30 + 4 + 30))
  })

  it('loses nothing through a two-minute throttling outage of every CloudWatch Logs call', async () => {
    const r = await run(30, 40, { outage: { from: 10_000, to: 130_000 } })
    const lines = r.printed.filter((line) => !line.startsWith('Warning: '))
    expect(lines).toHaveLength(30 * 81)
    expect(new Set(lines).size).toBe(lines.length)
    expect(busiestSecond(r.logs.calls.map(({ at }) => at))).toBeLessThanOrEqual(
      MAX_CALLS_PER_SECOND
    )
    expect(r.end).toBeGreaterThan(130_000)
  })

  it('warns in at most MAX_LOG_WARNINGS annotations when many streams fail, the rest as plain lines', async () => {
    const r = await run(12, 10, { outage: { from: 5_000, to: Infinity } })
    expect(r.warnings.length).toBeLessThanOrEqual(MAX_LOG_WARNINGS)
    expect(r.warnings.at(-1)).toContain('Further log warnings of this step are plain lines')
    const plain = r.printed.filter((line) => line.startsWith('Warning: '))
    // Each of the 24 streams gave up, saying so once (as the first three did as annotations).
    expect(plain.filter((line) => line.includes('Stopped following the logs')).length).toBe(
      24 - r.warnings.filter((w) => w.includes('Stopped following the logs')).length
    )
  })

  it('does not spend the budget on streams whose containers ECS has not shown running', async () => {
    // 24 streams: few enough that the budget alone would let each look every few seconds.
    const r = await run(12, 20, { pendingMs: 60_000 })
    expect(r.printed).toHaveLength(12 * 41)
    // A first look each, then one every NOT_STARTED_POLL_MS at most until ECS says RUNNING.
    expect(r.logs.notFound).toBeLessThanOrEqual(24 * (1 + 60_000 / NOT_STARTED_POLL_MS))
    expect(r.end - r.lastExit).toBeLessThanOrEqual(1000 + DRAIN_QUIET_MS + 1500)
  })

  it('without logs:FilterLogEvents, reads each stream on its own and still prints every line', async () => {
    const r = await run(12, 10, { denyFilter: true })
    expect(r.printed).toHaveLength(12 * 21)
    expect(new Set(r.printed).size).toBe(r.printed.length)
    expect(busiestSecond(r.logs.calls.map(({ at }) => at))).toBeLessThanOrEqual(
      MAX_CALLS_PER_SECOND
    )
    // Denied once for the group, then never asked again.
    expect(r.logs.calls.filter(({ op }) => op === 'FilterLogEvents')).toHaveLength(1)
  })
})
