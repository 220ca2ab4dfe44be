import {
  AccessDeniedException,
  CloudWatchLogsClient,
  GetLogEventsCommand,
  ResourceNotFoundException,
  ServiceUnavailableException,
  type GetLogEventsCommandInput,
  type GetLogEventsCommandOutput
} from '@aws-sdk/client-cloudwatch-logs'
import type { Task } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeClock, VirtualClock } from '../../support/clocks.js'
import {
  BUSY_POLL_MS,
  DRAIN_AFTER_EVENT_MS,
  DRAIN_BACKLOG_CAP_MS,
  DRAIN_HARD_CAP_MS,
  DRAIN_OUTAGE_MS,
  DRAIN_QUIET_MS,
  ERROR_BACKOFF_MAX_MS,
  FULL_PAGE_BYTES,
  MAX_CALLS_PER_SECOND,
  MAX_CATCH_UP_CALLS_PER_SECOND
} from '../../../src/logs/pacing.js'
import { LogPrinter } from '../../../src/logs/printer.js'
import { LogStreamer } from '../../../src/logs/streamer.js'
import type { LogTarget } from '../../../src/logs/targets.js'

const cwl = mockClient(CloudWatchLogsClient)
beforeEach(() => cwl.reset())
afterEach(() => cwl.reset())

const ACCOUNT = '123456789012'
const arnOf = (task: string) => `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/ci/${task}`

function target(task: string, container = 'app', group = '/ecs/app'): LogTarget {
  return {
    taskArn: arnOf(task),
    taskId: task,
    container,
    group,
    stream: `ecs/${container}/${task}`,
    region: 'eu-west-1',
    label: `${task}/${container}`
  }
}

type ContainerView = { name: string; lastStatus: string; exitCode?: number }
function taskView(task: string, lastStatus: string, containers: ContainerView[]): Task {
  return { taskArn: arnOf(task), lastStatus, containers } as Task
}
const running = (task: string, names = ['app']) =>
  taskView(
    task,
    'RUNNING',
    names.map((name) => ({ name, lastStatus: 'RUNNING' }))
  )
/** exitCode null: the container never ran. */
const stopped = (task: string, names = ['app'], exitCode: number | null = 0) =>
  taskView(
    task,
    'STOPPED',
    names.map((name) => ({
      name,
      lastStatus: 'STOPPED',
      ...(exitCode === null ? {} : { exitCode })
    }))
  )

const SWITCH = /^(::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::)$/

interface Harness {
  clock: FakeClock | VirtualClock
  streamer: LogStreamer
  printer: LogPrinter
  warnings: string[]
  notes: string[]
  /** Printed lines, without the stop-commands switches. */
  lines: () => string[]
  /** Each printed line with the fake time it was written at. */
  printedAt: Array<{ at: number; line: string }>
  /** What onMessages received: the stream's label and the page's messages. */
  pages: Array<[string, readonly string[]]>
}

function harness(
  targets: LogTarget[],
  options: {
    prefix?: boolean
    clock?: FakeClock | VirtualClock
    /** Another reader of the log, given the printer (as follow.ts gives readers' warnings). */
    reader?: (printer: LogPrinter, messages: readonly string[]) => void
  } = {}
): Harness {
  const clock = options.clock ?? new FakeClock()
  const printedAt: Array<{ at: number; line: string }> = []
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').slice(0, -1)) {
        // Huge test lines are kept by their head only: they end with padding.
        if (!SWITCH.test(line))
          printedAt.push({ at: clock.now(), line: line.split('x'.repeat(64))[0]! })
      }
      callback()
    }
  })
  const printer = new LogPrinter(out, { prefix: options.prefix ?? targets.length > 1 })
  const warnings: string[] = []
  const notes: string[] = []
  const pages: Array<[string, readonly string[]]> = []
  const clients = new Map<string, CloudWatchLogsClient>()
  const streamer = new LogStreamer(targets, {
    getLogEvents(region, input) {
      let client = clients.get(region)
      if (!client) {
        client = new CloudWatchLogsClient({
          region,
          credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }
        })
        clients.set(region, client)
      }
      return client.send(new GetLogEventsCommand(input))
    },
    clock,
    printer,
    log: (message) => notes.push(message),
    warn: (message) => warnings.push(message),
    random: () => 0.5,
    onMessages: (target, messages) => {
      pages.push([target.label, messages])
      options.reader?.(printer, messages)
    }
  })
  return {
    pages,
    clock,
    streamer,
    printer,
    warnings,
    notes,
    printedAt,
    lines: () => printedAt.map(({ line }) => line)
  }
}

/**
 * Runs the streamer to the end, feeding it DescribeTasks views once the fake clock reaches
 * their time, as the wait loop would. Time moves only when the streamer sleeps.
 */
async function drive(
  h: Harness,
  plan: Array<{ at: number; tasks: Task[] }> = [],
  options: { abortAt?: number; limitMs?: number } = {}
): Promise<void> {
  let done = false
  // Awaited below, so that a rejection fails the test rather than the loop running to its limit.
  const finished = h.streamer.finished().finally(() => (done = true))
  const pending = [...plan]
  const limit = options.limitMs ?? 30 * 60_000
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve))
    while (pending[0] && h.clock.now() >= pending[0].at) h.streamer.update(pending.shift()!.tasks)
    if (options.abortAt !== undefined && h.clock.now() >= options.abortAt) h.streamer.abort()
    if (h.clock.now() > limit) {
      h.streamer.abort()
      throw new Error(`streamer still running at ${h.clock.now()} ms`)
    }
  }
  await finished
  await h.printer.end()
}

/** A CloudWatch log stream as GetLogEvents shows it: tokens are positions, pages up to 10,000. */
class FakeStream {
  readonly events: Array<{ at: number; message: string }> = []
  /** The stream does not exist before this time. */
  existsFrom = 0
  pageSize = 10_000
  constructor(private readonly clock: FakeClock | VirtualClock) {}
  /** `message(i)` ingested every `everyMs` from `fromMs` until before `toMs`. */
  emit(fromMs: number, toMs: number, everyMs: number, message = (at: number) => `line at ${at}`) {
    for (let at = fromMs; at < toMs; at += everyMs) this.events.push({ at, message: message(at) })
    this.events.sort((a, b) => a.at - b.at)
    return this
  }
  respond(input: GetLogEventsCommandInput): Partial<GetLogEventsCommandOutput> {
    const now = this.clock.now()
    if (now < this.existsFrom) {
      throw new ResourceNotFoundException({
        message: 'The specified log stream does not exist.',
        $metadata: {}
      })
    }
    let visible = 0
    while (visible < this.events.length && this.events[visible]!.at <= now) visible++
    const start = input.nextToken ? Number(input.nextToken.slice(2)) : 0
    const page = this.events.slice(start, Math.min(visible, start + this.pageSize))
    return {
      events: page.map(({ at, message }) => ({ timestamp: at, ingestionTime: at, message })),
      nextForwardToken: `f/${start + page.length}`
    }
  }
}

/** Serves each stream by name from FakeStreams, recording when each call started. */
function serve(clock: FakeClock | VirtualClock, streams: Record<string, FakeStream>) {
  const calls: Array<{ at: number; stream: string; token: string | undefined }> = []
  cwl.on(GetLogEventsCommand).callsFake(async (input: GetLogEventsCommandInput) => {
    calls.push({ at: clock.now(), stream: input.logStreamName ?? '', token: input.nextToken })
    const stream = streams[input.logStreamName ?? '']
    if (!stream) throw new Error(`unexpected stream ${input.logStreamName}`)
    return stream.respond(input)
  })
  return calls
}

const inputs = () => cwl.commandCalls(GetLogEventsCommand).map((call) => call.args[0].input)
const page = (messages: string[], token: string) => ({
  events: messages.map((message, i) => ({ message, timestamp: i, ingestionTime: i })),
  nextForwardToken: token
})

describe('LogStreamer: reading a stream', () => {
  it('asks from the head and fetches full pages back to back', async () => {
    const h = harness([target('t1')])
    const stream = new FakeStream(h.clock).emit(0, 25_000, 1, (at) => `n${at}`)
    // All 25,000 events are there at once (t=0 .. 24.999 s ingested, read after the task ended).
    h.clock.advance(25_000)
    const calls = serve(h.clock, { 'ecs/app/t1': stream })
    h.streamer.start()
    await drive(h, [{ at: 0, tasks: [stopped('t1')] }])
    expect(h.lines()).toEqual(Array.from({ length: 25_000 }, (_, i) => `n${i}`))
    expect(calls.slice(0, 4).map(({ at, token }) => [at, token])).toEqual([
      [25_000, undefined],
      [25_000, 'f/10000'],
      [25_000, 'f/20000'],
      // The third page was not full: the next call waits like any busy stream.
      [25_000 + BUSY_POLL_MS, 'f/25000']
    ])
    expect(inputs()[0]).toEqual({
      logGroupName: '/ecs/app',
      logStreamName: 'ecs/app/t1',
      startFromHead: true
    })
  })

  it('does not reprint when the same token comes back at the end of the stream', async () => {
    const h = harness([target('t1')])
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce(page(['a', 'b'], 't1'))
      .resolvesOnce({ events: [], nextForwardToken: 't1' })
      .resolvesOnce(page(['c'], 't2'))
      .resolves({ events: [], nextForwardToken: 't2' })
    h.streamer.start()
    await drive(h, [{ at: 5_000, tasks: [stopped('t1')] }])
    expect(h.lines()).toEqual(['a', 'b', 'c'])
    expect(
      inputs()
        .slice(0, 4)
        .map((input) => input.nextToken)
    ).toEqual([undefined, 't1', 't1', 't2'])
    expect(h.warnings).toEqual([])
  })

  it('keeps following an empty page whose token moved, at once', async () => {
    const h = harness([target('t1')])
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [], nextForwardToken: 'f/1' })
      .resolvesOnce({ events: [], nextForwardToken: 'f/2' })
      .resolvesOnce(page(['x', 'y'], 'f/3'))
      .resolves({ events: [], nextForwardToken: 'f/3' })
    h.streamer.start()
    await drive(h, [{ at: 3_000, tasks: [stopped('t1')] }])
    expect(h.lines()).toEqual(['x', 'y'])
    expect(
      inputs()
        .slice(0, 4)
        .map((input) => input.nextToken)
    ).toEqual([undefined, 'f/1', 'f/2', 'f/3'])
    // The lines came from the third call, still at t=0: no sleep between the hops.
    expect(h.printedAt[0]?.at).toBe(0)
  })

  it('waits for a stream that does not exist yet without warning', async () => {
    const h = harness([target('t1')])
    const stream = new FakeStream(h.clock).emit(8_000, 9_000, 100)
    stream.existsFrom = 7_500
    serve(h.clock, { 'ecs/app/t1': stream })
    h.streamer.start()
    await drive(h, [
      { at: 0, tasks: [taskView('t1', 'PENDING', [{ name: 'app', lastStatus: 'PENDING' }])] },
      { at: 12_000, tasks: [stopped('t1')] }
    ])
    expect(h.lines()).toEqual(Array.from({ length: 10 }, (_, i) => `line at ${8_000 + i * 100}`))
    expect(h.warnings).toEqual([])
    expect(h.notes).toEqual(['waiting for log stream ecs/app/t1 in /ecs/app (t1/app)'])
  })

  it('retries throttling, 5xx and network errors on the same token without loss or duplicates', async () => {
    const h = harness([target('t1')])
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce(page(['1', '2'], 't1'))
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .rejectsOnce(
        new ServiceUnavailableException({
          message: 'unavailable',
          $metadata: { httpStatusCode: 503 }
        })
      )
      .resolvesOnce(page(['3'], 't2'))
      .rejectsOnce(Object.assign(new Error('boom'), { name: 'InternalServerError' }))
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .resolvesOnce(page(['4', '5'], 't3'))
      .resolves({ events: [], nextForwardToken: 't3' })
    h.streamer.start()
    await drive(h, [{ at: 20_000, tasks: [stopped('t1')] }])
    expect(h.lines()).toEqual(['1', '2', '3', '4', '5'])
    expect(
      inputs()
        .slice(0, 7)
        .map((input) => input.nextToken)
    ).toEqual([undefined, 't1', 't1', 't1', 't2', 't2', 't2'])
    expect(h.warnings).toEqual([])
    // Jittered backoff: random() = 0.5 → 750 ms after the first failure, 1500 ms after the second.
    const sleeps = h.clock.sleeps
    expect(sleeps).toContain(750)
    expect(sleeps).toContain(1500)
  })

  it('warns once after five failures in a row and still gets the lines', async () => {
    const h = harness([target('t1')])
    const throttle = () =>
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    const mock = cwl.on(GetLogEventsCommand)
    for (let i = 0; i < 6; i++) mock.rejectsOnce(throttle())
    mock
      .resolvesOnce(page(['late but there'], 't1'))
      .resolves({ events: [], nextForwardToken: 't1' })
    h.streamer.start()
    await drive(h, [{ at: 60_000, tasks: [stopped('t1')] }])
    expect(h.lines()).toEqual(['late but there'])
    expect(h.warnings).toEqual([expect.stringContaining('failed 5 times in a row')])
  })
})

describe('LogStreamer: streams added later (a task started again)', () => {
  it('follows a stream added after start, and finishes only once it drained too', async () => {
    const h = harness([target('t1')], { prefix: true })
    serve(h.clock, {
      'ecs/app/t1': new FakeStream(h.clock),
      'ecs/app/t2': new FakeStream(h.clock).emit(20_000, 21_000, 250, (at) => `second ${at}`)
    })
    h.streamer.start()
    let finished = false
    // drive() awaits finished() too: it fails the test on a rejection.
    h.streamer.finished().then(
      () => (finished = true),
      () => undefined
    )
    // The first task never ran; its stream is done at once, but a second attempt is coming.
    h.streamer.update([stopped('t1', ['app'], null)])
    h.streamer.add([target('t2')])
    await drive(h, [
      { at: 15_000, tasks: [running('t2')] },
      { at: 25_000, tasks: [stopped('t2')] }
    ])
    expect(finished).toBe(true)
    expect(h.lines()).toEqual([0, 250, 500, 750].map((ms) => `t2/app | second ${20_000 + ms}`))
    expect(h.clock.now()).toBeGreaterThanOrEqual(25_000 + DRAIN_QUIET_MS)
  })
})

describe('LogStreamer: ending a stream', () => {
  it('prints the events CloudWatch ingests after the container exited before finishing', async () => {
    const h = harness([target('t1')])
    const stream = new FakeStream(h.clock)
      .emit(0, 10_000, 500)
      // The awslogs driver's last flush lands 3 s after the container exited at 10 s.
      .emit(13_000, 13_001, 1, () => 'last words')
    const calls = serve(h.clock, { 'ecs/app/t1': stream })
    h.streamer.start()
    await drive(h, [
      { at: 0, tasks: [running('t1')] },
      {
        at: 10_000,
        tasks: [
          taskView('t1', 'DEPROVISIONING', [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }])
        ]
      },
      { at: 25_000, tasks: [stopped('t1')] }
    ])
    expect(h.lines()).toHaveLength(21)
    expect(h.lines().at(-1)).toBe('last words')
    // Polled every BUSY_POLL_MS while draining, so the late line is printed within one poll,
    // and finished DRAIN_AFTER_EVENT_MS after it, during STOPPING: before the task STOPPED.
    const late = h.printedAt.find(({ line }) => line === 'last words')!.at
    expect(late).toBeLessThanOrEqual(13_000 + BUSY_POLL_MS)
    const end = h.clock.now()
    expect(end).toBeGreaterThanOrEqual(late + DRAIN_AFTER_EVENT_MS)
    expect(end).toBeLessThan(late + DRAIN_AFTER_EVENT_MS + BUSY_POLL_MS + 100)
    expect(calls.at(-1)!.at).toBeGreaterThanOrEqual(late + DRAIN_AFTER_EVENT_MS)
  })

  it('finishes a container that never ran right away', async () => {
    const h = harness([target('t1')])
    const stream = new FakeStream(h.clock)
    stream.existsFrom = Infinity
    const calls = serve(h.clock, { 'ecs/app/t1': stream })
    h.streamer.update([stopped('t1', ['app'], null)])
    h.streamer.start()
    await drive(h)
    expect(calls).toEqual([])
    expect(h.clock.now()).toBe(0)
    expect(h.warnings).toEqual([])
  })

  it('finishes a never-started container while it is waiting for its stream', async () => {
    const h = harness([target('t1')])
    const stream = new FakeStream(h.clock)
    stream.existsFrom = Infinity
    serve(h.clock, { 'ecs/app/t1': stream })
    h.streamer.start()
    await drive(h, [
      { at: 0, tasks: [taskView('t1', 'PENDING', [{ name: 'app', lastStatus: 'PENDING' }])] },
      { at: 2_500, tasks: [stopped('t1', ['app'], null)] }
    ])
    expect(h.clock.now()).toBeLessThan(8_000)
  })

  it('reads on past DRAIN_HARD_CAP_MS while events keep coming, up to DRAIN_BACKLOG_CAP_MS', async () => {
    const h = harness([target('t1')])
    serve(h.clock, { 'ecs/app/t1': new FakeStream(h.clock).emit(0, 1e7, 400) })
    h.streamer.start()
    await drive(h, [{ at: 5_000, tasks: [stopped('t1')] }])
    expect(h.clock.now()).toBeGreaterThanOrEqual(5_000 + DRAIN_BACKLOG_CAP_MS)
    expect(h.clock.now()).toBeLessThan(5_000 + DRAIN_BACKLOG_CAP_MS + 2_000)
    expect(h.warnings).toEqual([
      expect.stringContaining(
        `${DRAIN_BACKLOG_CAP_MS / 1000} s after its task stopped; any later lines are in CloudWatch: https://eu-west-1.console.aws.amazon.com/`
      )
    ])
  })

  it('gives up on a stream whose calls only fail DRAIN_OUTAGE_MS after following began', async () => {
    const h = harness([target('t1')])
    cwl
      .on(GetLogEventsCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
    h.streamer.start()
    await drive(h, [{ at: 5_000, tasks: [stopped('t1')] }])
    // Never answered: the outage counts from the start, and had lasted DRAIN_OUTAGE_MS.
    expect(h.clock.now()).toBeGreaterThanOrEqual(DRAIN_OUTAGE_MS)
    expect(h.clock.now()).toBeLessThan(DRAIN_OUTAGE_MS + 2_000)
    expect(h.warnings.at(-1)).toMatch(
      /^Stopped following the logs of t1\/app: CloudWatch Logs has not answered for 150 s \(GetLogEvents failed: ThrottlingException: slow down\) and its task stopped 14\d s ago; any later lines are in CloudWatch: https:\/\/eu-west-1\.console\.aws\.amazon\.com\//
    )
  })

  it('gives up DRAIN_HARD_CAP_MS after the task stopped when the stream answers but never settles', async () => {
    const h = harness([target('t1')])
    let n = 0
    // Every answer is an empty page with a new token: nothing ever proves the stream drained.
    cwl
      .on(GetLogEventsCommand)
      .callsFake(async () => ({ events: [], nextForwardToken: `f/${++n}` }))
    h.streamer.start()
    await drive(h, [{ at: 5_000, tasks: [stopped('t1')] }])
    expect(h.clock.now()).toBeGreaterThanOrEqual(5_000 + DRAIN_HARD_CAP_MS)
    expect(h.clock.now()).toBeLessThan(5_000 + DRAIN_HARD_CAP_MS + 2_000)
    expect(h.warnings.at(-1)).toContain(`${DRAIN_HARD_CAP_MS / 1000} s after its task stopped`)
  })

  it('stops soon on abort, still printing the page in flight', async () => {
    const h = harness([target('t1')])
    let answer: (value: unknown) => void = () => undefined
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce(page(['a'], 't1'))
      .callsFakeOnce(() => new Promise((resolve) => (answer = resolve)))
      .resolves({ events: [], nextForwardToken: 't2' })
    h.streamer.start()
    while (cwl.commandCalls(GetLogEventsCommand).length < 2) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    h.streamer.abort()
    answer(page(['b'], 't2'))
    await drive(h)
    expect(h.lines()).toEqual(['a', 'b'])
    expect(cwl.commandCalls(GetLogEventsCommand)).toHaveLength(2)
  })
})

/**
 * Every kind of transient fault a CloudWatch Logs call meets, in turn: throttling, a 5xx, a
 * reset connection, a proxy's HTML 502 (as the SDK throws it) and a hung connection, which
 * takes the reader's request timeout (5 s) to fail.
 */
function transientFaults(clock: FakeClock | VirtualClock): Array<() => Promise<never>> {
  const fail = (error: Error) => async (): Promise<never> => {
    throw error
  }
  return [
    fail(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })),
    fail(
      new ServiceUnavailableException({
        message: 'The service cannot complete the request.',
        $metadata: { httpStatusCode: 503 }
      })
    ),
    fail(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
    fail(
      Object.assign(
        new SyntaxError(
          `Unexpected token '<', "<html>" is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`
        ),
        { $metadata: { httpStatusCode: 502 } }
      )
    ),
    async () => {
      await clock.sleep(5_000)
      throw Object.assign(
        new Error('a request has exceeded the configured 5000 ms requestTimeout'),
        {
          name: 'TimeoutError',
          code: 'ETIMEDOUT'
        }
      )
    }
  ]
}

/** Serves the streams, failing every call (each fault in turn) while `outage` holds the clock. */
function serveThroughOutage(
  clock: FakeClock | VirtualClock,
  streams: Record<string, FakeStream>,
  outage: { from: number; to: number }
) {
  const calls: Array<{ at: number; stream: string; failed: boolean }> = []
  const faults = transientFaults(clock)
  let n = 0
  cwl.on(GetLogEventsCommand).callsFake(async (input: GetLogEventsCommandInput) => {
    const at = clock.now()
    const failed = at >= outage.from && at < outage.to
    calls.push({ at, stream: input.logStreamName ?? '', failed })
    if (failed) return faults[n++ % faults.length]!()
    return streams[input.logStreamName ?? '']!.respond(input)
  })
  return calls
}

describe('LogStreamer: CloudWatch Logs outages', () => {
  const views = (task: string, exitAt: number, stoppedAt: number) => [
    { at: 0, tasks: [running(task)] },
    {
      at: exitAt,
      tasks: [taskView(task, 'DEACTIVATING', [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }])]
    },
    { at: stoppedAt, tasks: [stopped(task)] }
  ]

  it('loses no line in a two-minute outage of every kind of fault that outlasts the task', async () => {
    const h = harness([target('t1')])
    const stream = new FakeStream(h.clock).emit(0, 60_000, 100, (at) => `line at ${at}`)
    // From 10 s before the container exits until 2 minutes later: the task stops meanwhile.
    const outage = { from: 50_000, to: 170_000 }
    const calls = serveThroughOutage(h.clock, { 'ecs/app/t1': stream }, outage)
    h.streamer.start()
    await drive(h, views('t1', 60_000, 62_000))

    expect(h.lines()).toEqual(stream.events.map((e) => e.message))
    expect(calls.filter((c) => c.failed).length).toBeGreaterThan(30)
    // The lines of the outage came once it was over, and the step ended soon after.
    expect(h.printedAt.at(-1)!.at).toBeGreaterThanOrEqual(outage.to)
    expect(h.clock.now()).toBeLessThan(outage.to + ERROR_BACKOFF_MAX_MS + DRAIN_QUIET_MS + 2_000)
    // Retries are spaced at most ERROR_BACKOFF_MAX_MS apart (plus a hung call's 5 s).
    const failedAt = calls.filter((c) => c.failed).map((c) => c.at)
    const gaps = failedAt.slice(1).map((at, i) => at - failedAt[i]!)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(ERROR_BACKOFF_MAX_MS + 5_000)
    expect(h.warnings).toEqual([expect.stringContaining('failed 5 times in a row')])
    expect(h.warnings.join('\n')).not.toMatch(/Deserialization|raw response|not valid JSON/)
  })

  it('gives up DRAIN_OUTAGE_MS after the last answer when the outage lasts longer, with the link', async () => {
    const h = harness([target('t1')])
    const stream = new FakeStream(h.clock).emit(0, 60_000, 100)
    const calls = serveThroughOutage(h.clock, { 'ecs/app/t1': stream }, { from: 50_000, to: 1e9 })
    h.streamer.start()
    await drive(h, views('t1', 60_000, 62_000))

    const lastAnswer = calls.filter((c) => !c.failed).at(-1)!.at
    expect(lastAnswer).toBeLessThan(50_000)
    expect(h.clock.now()).toBeGreaterThanOrEqual(lastAnswer + DRAIN_OUTAGE_MS)
    // A hung call may be in flight at the deadline: it ends with the request timeout.
    expect(h.clock.now()).toBeLessThanOrEqual(lastAnswer + DRAIN_OUTAGE_MS + 5_000)
    // Every line read before the outage was printed once, in order.
    expect(h.lines()).toEqual(stream.events.slice(0, h.lines().length).map((e) => e.message))
    expect(h.warnings.at(-1)).toMatch(
      /^Stopped following the logs of t1\/app: CloudWatch Logs has not answered for 15\d s \(GetLogEvents failed: .+\) and its task stopped \d+ s ago; any later lines are in CloudWatch: https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=eu-west-1#logsV2:log-groups\/log-group\/\$252Fecs\$252Fapp\/log-events\/ecs\$252Fapp\$252Ft1$/
    )
  })

  it('keeps to 5 calls a second across 20 streams through two minutes of throttling, losing nothing', async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => `task${i}`)
    const targets = tasks.flatMap((task) => [target(task, 'app'), target(task, 'worker')])
    const h = harness(targets, { clock: new VirtualClock() })
    const streams = Object.fromEntries(
      targets.map((t) => [
        t.stream,
        new FakeStream(h.clock).emit(0, 60_000, 500, (at) => `${t.label} ${at}`)
      ])
    )
    const calls = serveThroughOutage(h.clock, streams, { from: 10_000, to: 130_000 })
    h.streamer.start()
    await drive(h, [
      { at: 0, tasks: tasks.map((task) => running(task, ['app', 'worker'])) },
      { at: 60_000, tasks: tasks.map((task) => stopped(task, ['app', 'worker'])) }
    ])
    const inWindow = (from: number) =>
      calls.filter((c) => c.at >= from && c.at < from + 1_000).length
    const busiest = Math.max(...calls.map((c) => inWindow(c.at)))
    expect(busiest).toBeLessThanOrEqual(MAX_CALLS_PER_SECOND)
    for (const t of targets) {
      const mine = h.lines().filter((line) => line.startsWith(`${t.label} | `))
      expect(mine).toEqual(streams[t.stream]!.events.map((e) => `${t.label} | ${e.message}`))
    }
    expect(h.warnings.filter((w) => w.startsWith('Stopped following'))).toEqual([])
  })
})

describe('LogStreamer: frugal polling', () => {
  it('polls an idle stream at most 15 times a minute', async () => {
    const h = harness([target('t1')])
    const calls = serve(h.clock, { 'ecs/app/t1': new FakeStream(h.clock) })
    h.streamer.start()
    await drive(h, [], { abortAt: 5 * 60_000 })
    for (let minute = 0; minute < 5; minute++) {
      const n = calls.filter(({ at }) => at >= minute * 60_000 && at < (minute + 1) * 60_000).length
      expect(n).toBeLessThanOrEqual(15)
      expect(n).toBeGreaterThanOrEqual(10)
    }
  })

  it('polls a busy stream about once a second (≤ 65 a minute) with low latency', async () => {
    const h = harness([target('t1')])
    const calls = serve(h.clock, {
      'ecs/app/t1': new FakeStream(h.clock).emit(0, 5 * 60_000, 250, (at) => `${at}`)
    })
    h.streamer.start()
    await drive(h, [], { abortAt: 5 * 60_000 })
    for (let minute = 0; minute < 5; minute++) {
      const n = calls.filter(({ at }) => at >= minute * 60_000 && at < (minute + 1) * 60_000).length
      expect(n).toBeLessThanOrEqual(65)
      expect(n).toBeGreaterThanOrEqual(55)
    }
    const latencies = h.printedAt.map(({ at, line }) => at - Number(line)).sort((a, b) => a - b)
    const percentile = (p: number) => latencies[Math.floor((latencies.length - 1) * p)]!
    expect(percentile(0.5)).toBeLessThanOrEqual(600)
    expect(percentile(0.95)).toBeLessThanOrEqual(1_100)
  })

  it('never polls more than 5 times a second across 20 busy streams', async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => `task${i}`)
    const targets = tasks.flatMap((task) => [target(task, 'app'), target(task, 'worker')])
    const h = harness(targets, { clock: new VirtualClock() })
    const streams = Object.fromEntries(
      targets.map((t) => [t.stream, new FakeStream(h.clock).emit(0, 60_000, 250)])
    )
    const calls = serve(h.clock, streams)
    h.streamer.start()
    await drive(h, [], { abortAt: 60_000 })
    const perSecond = new Map<number, number>()
    for (const { at } of calls) {
      const second = Math.floor(at / 1000)
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1)
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(MAX_CALLS_PER_SECOND)
    expect(calls.length).toBeGreaterThan(50 * MAX_CALLS_PER_SECOND)
  })

  it('reads backlogs (full pages) at most 20 calls a second across 20 streams', async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => `task${i}`)
    const targets = tasks.flatMap((task) => [target(task, 'app'), target(task, 'worker')])
    const h = harness(targets, { clock: new VirtualClock() })
    // Every page is full (one event over half a megabyte), so each stream asks again at once and
    // only the limiter makes anyone wait: FakeClock time then moves only in the limiter.
    const padding = 'x'.repeat(FULL_PAGE_BYTES)
    const pages = 10
    const streams = Object.fromEntries(
      targets.map((t) => {
        const stream = new FakeStream(h.clock)
        for (let i = 0; i < pages; i++)
          stream.events.push({ at: 0, message: `${t.label} ${i} ${padding}` })
        stream.pageSize = 1
        return [t.stream, stream]
      })
    )
    const calls = serve(h.clock, streams)
    h.streamer.start()
    await drive(h, [{ at: 45_000, tasks: tasks.map((task) => stopped(task, ['app', 'worker'])) }])
    const perSecond = new Map<number, number>()
    for (const { at } of calls) {
      const second = Math.floor(at / 1000)
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1)
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(
      MAX_CALLS_PER_SECOND + MAX_CATCH_UP_CALLS_PER_SECOND
    )
    // While there were pages to fetch the limiter was nearly used fully: 200 pages in ~10 s
    // (pages are printed before the next is fetched, which costs a little).
    const paging = calls.filter(({ token }) => Number(token?.slice(2) ?? 0) < pages)
    expect(paging).toHaveLength(targets.length * pages)
    expect(paging.at(-1)!.at).toBeLessThanOrEqual(
      (1.2 * (targets.length * pages * 1000)) / MAX_CATCH_UP_CALLS_PER_SECOND
    )
    // Every stream got every event exactly once and in order.
    for (const t of targets) {
      const mine = h.lines().filter((line) => line.startsWith(`${t.label} | `))
      expect(mine).toEqual(Array.from({ length: pages }, (_, i) => `${t.label} | ${t.label} ${i} `))
    }
    expect(cwl.commandCalls(GetLogEventsCommand)).toHaveLength(calls.length)
  })
})

describe('LogStreamer: output and errors', () => {
  it('prefixes lines with task-id/container when several streams are followed', async () => {
    const h = harness([target('t1', 'app'), target('t1', 'db')])
    cwl
      .on(GetLogEventsCommand, { logStreamName: 'ecs/app/t1' })
      .resolvesOnce(page(['hello\n', 'two\nlines'], 'a1'))
      .resolves({ events: [], nextForwardToken: 'a1' })
      .on(GetLogEventsCommand, { logStreamName: 'ecs/db/t1' })
      .resolvesOnce(page(['ready'], 'd1'))
      .resolves({ events: [], nextForwardToken: 'd1' })
    h.streamer.start()
    await drive(h, [{ at: 0, tasks: [stopped('t1', ['app', 'db'])] }])
    expect(h.lines().sort()).toEqual([
      't1/app | hello',
      't1/app | lines',
      't1/app | two',
      't1/db | ready'
    ])
    expect(h.lines().indexOf('t1/app | two') + 1).toBe(h.lines().indexOf('t1/app | lines'))
    // Other readers of the log get each page once, as messages (before line splitting).
    expect(h.pages.sort()).toEqual([
      ['t1/app', ['hello\n', 'two\nlines']],
      ['t1/db', ['ready']]
    ])
  })

  it('hands a page to other readers once it is queued: what they print follows its lines', async () => {
    const h = harness([target('t1')], {
      reader: (printer, messages) => printer.noteSoon(`read ${messages.length}`)
    })
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce(page(['one', 'two'], 'a1'))
      .resolvesOnce(page(['three'], 'a2'))
      .resolves({ events: [], nextForwardToken: 'a2' })
    h.streamer.start()
    await drive(h, [{ at: 0, tasks: [stopped('t1')] }])
    expect(h.lines()).toEqual(['one', 'two', 'read 2', 'three', 'read 1'])
  })

  it('prints bare lines for a single stream', async () => {
    const h = harness([target('t1')])
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce(page(['hello\r\n', '::add-mask::oops'], 'a1'))
      .resolves({ events: [], nextForwardToken: 'a1' })
    h.streamer.start()
    await drive(h, [{ at: 0, tasks: [stopped('t1')] }])
    expect(h.lines()).toEqual(['hello', '::add-mask::oops'])
  })

  it('warns once naming logs:GetLogEvents and the group when access is denied, and stops that stream', async () => {
    const h = harness([target('t1', 'app'), target('t1', 'db'), target('t1', 'web', '/ecs/web')])
    const denied = () =>
      new AccessDeniedException({
        message: 'not authorized to perform logs:GetLogEvents',
        $metadata: { httpStatusCode: 400 }
      })
    cwl
      .on(GetLogEventsCommand, { logGroupName: '/ecs/app' })
      .rejects(denied())
      .on(GetLogEventsCommand, { logGroupName: '/ecs/web' })
      .resolvesOnce(page(['still streamed'], 'w1'))
      .resolves({ events: [], nextForwardToken: 'w1' })
    h.streamer.start()
    await drive(h, [{ at: 3_000, tasks: [stopped('t1', ['app', 'db', 'web'])] }])
    expect(h.warnings).toHaveLength(1)
    expect(h.warnings[0]).toContain('logs:GetLogEvents')
    expect(h.warnings[0]).toContain(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/app:*`)
    expect(h.lines()).toEqual(['t1/web | still streamed'])
    const callsTo = (container: string) =>
      cwl
        .commandCalls(GetLogEventsCommand)
        .filter((c) => c.args[0].input.logStreamName?.includes(`/${container}/`))
    expect(callsTo('app')).toHaveLength(1)
    expect(callsTo('db')).toHaveLength(1)
  })

  it('waits for an unknown log group like a missing stream', async () => {
    const h = harness([target('t1')])
    cwl
      .on(GetLogEventsCommand)
      .rejectsOnce(
        new ResourceNotFoundException({
          message: 'The specified log group does not exist.',
          $metadata: {}
        })
      )
      .resolvesOnce(page(['there now'], 'a1'))
      .resolves({ events: [], nextForwardToken: 'a1' })
    h.streamer.start()
    await drive(h, [{ at: 2_000, tasks: [stopped('t1')] }])
    expect(h.lines()).toEqual(['there now'])
    expect(h.warnings).toEqual([])
  })

  it('stops following a stream on an unexpected client error with one warning', async () => {
    const h = harness([target('t1')])
    cwl.on(GetLogEventsCommand).rejects(
      Object.assign(new Error('bad'), {
        name: 'InvalidParameterException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 }
      })
    )
    h.streamer.start()
    await drive(h)
    expect(h.warnings).toEqual([expect.stringContaining('InvalidParameterException: bad')])
    expect(cwl.commandCalls(GetLogEventsCommand)).toHaveLength(1)
  })

  it('emits its own messages with workflow commands processed', async () => {
    const h = harness([target('t1')])
    const chunks: string[] = []
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString())
        callback()
      }
    })
    const printer = new LogPrinter(out)
    const streamer = new LogStreamer([target('t1')], {
      getLogEvents: (region, input) =>
        new CloudWatchLogsClient({
          region,
          credentials: { accessKeyId: 'a', secretAccessKey: 'b' }
        }).send(new GetLogEventsCommand(input)),
      clock: h.clock,
      printer,
      warn: (message) => out.write(`::warning::${message}\n`)
    })
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce(page(['::error::from the task'], 'a1'))
      .rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }))
    streamer.start()
    await streamer.finished()
    await printer.end()
    const lines = chunks.join('').split('\n')
    expect(lines[0]).toMatch(/^::stop-commands::[0-9a-f]{32}$/)
    expect(lines[1]).toBe('::error::from the task')
    expect(lines[2]).toMatch(/^::[0-9a-f]{32}::$/)
    expect(lines[3]).toMatch(/^::warning::Cannot stream the logs of t1\/app/)
    expect(lines).toHaveLength(5)
  })
})
