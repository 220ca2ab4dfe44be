import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import type {
  CloudWatchLogsClient,
  GetLogEventsCommandInput
} from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { describe, expect, it, vi } from 'vitest'
import { type Emulator, rejection, sleep, taskDef, useSharedEmulator, NETWORK } from './helpers.js'

let emu: Emulator
let ecs: ECSClient
let logs: CloudWatchLogsClient

useSharedEmulator((shared) => ({ emu, ecs, logs } = shared))

const get = (input: GetLogEventsCommandInput) => logs.send(new GetLogEventsCommand(input))

/** Reads a stream from the head to the end, following nextForwardToken until it repeats. */
async function readAll(group: string, stream: string, limit?: number) {
  const messages: string[] = []
  let token: string | undefined
  let pages = 0
  for (;;) {
    const page = await get({
      logGroupName: group,
      logStreamName: stream,
      startFromHead: true,
      ...(token ? { nextToken: token } : {}),
      ...(limit ? { limit } : {})
    })
    pages++
    for (const e of page.events ?? []) messages.push(e.message!)
    if (page.nextForwardToken === token) return { messages, pages, token }
    token = page.nextForwardToken
  }
}

describe('task logs', () => {
  it('appear over time in <prefix>/<container>/<task id>, late lines after STOPPED', async () => {
    const T0 = Date.UTC(2025, 0, 1)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    emu.registerTaskDefinition(taskDef('job'))
    emu.script('job', {
      containers: {
        app: {
          runMs: 300,
          exitCode: 1,
          logs: [
            { atMs: 0, message: 'starting' },
            { atMs: 100, message: 'late line', ingestDelayMs: 5_000 },
            { atMs: 200, message: 'done' },
            { atMs: 400, message: 'after exit: never written' }
          ]
        }
      }
    })
    const task = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' })))
      .tasks![0]!
    const id = task.taskArn!.split('/').pop()!
    const where = { logGroupName: '/ecs/job', logStreamName: `ecs/app/${id}`, startFromHead: true }

    vi.setSystemTime(T0 + 299) // still PENDING: awslogs has not created the stream yet
    const err = await rejection(get(where))
    expect([err.name, err.message]).toEqual([
      'ResourceNotFoundException',
      'The specified log stream does not exist.'
    ])

    vi.setSystemTime(T0 + 300) // RUNNING
    let page = await get(where)
    expect(page.events).toEqual([
      { timestamp: T0 + 300, message: 'starting', ingestionTime: T0 + 300 }
    ])

    vi.setSystemTime(T0 + 2_000) // STOPPED long ago
    const t = await ecs.send(new DescribeTasksCommand({ tasks: [task.taskArn!] }))
    expect(t.tasks?.[0]?.lastStatus).toBe('STOPPED')
    page = await get({ ...where, nextToken: page.nextForwardToken! })
    expect(page.events?.map((e) => e.message)).toEqual(['done'])

    vi.setSystemTime(T0 + 5_400) // the delayed line is ingested now, after 'done'
    page = await get({ ...where, nextToken: page.nextForwardToken! })
    expect(page.events).toEqual([
      { timestamp: T0 + 400, message: 'late line', ingestionTime: T0 + 5_400 }
    ])
    expect(emu.logEvents('/ecs/job', `ecs/app/${id}`).map((e) => e.message)).toEqual([
      'starting',
      'done',
      'late line'
    ])
  })

  it('works on the real clock too', async () => {
    emu.registerTaskDefinition(taskDef('rt'))
    emu.script('rt', {
      provisioningMs: 10,
      pendingMs: 10,
      stoppingMs: 50,
      containers: { app: { runMs: 50, logs: [{ atMs: 10, message: 'hello', ingestDelayMs: 250 }] } }
    })
    const task = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'rt' })))
      .tasks![0]!
    const stream = `ecs/app/${task.taskArn!.split('/').pop()}`
    // Waits for each state rather than for a time: the clock moves on whatever the machine's speed.
    const status = async (): Promise<string | undefined> =>
      (await ecs.send(new DescribeTasksCommand({ tasks: [task.taskArn!] }))).tasks?.[0]?.lastStatus
    while ((await status()) !== 'STOPPED') await sleep(10)
    let messages = (await readAll('/ecs/rt', stream)).messages
    while (messages.length === 0) {
      await sleep(10)
      messages = (await readAll('/ecs/rt', stream)).messages
    }
    expect(messages).toEqual(['hello'])
  })

  it('containers without an awslogs stream prefix get no stream', async () => {
    const def = taskDef('noprefix')
    delete def.containerDefinitions[0]!.logConfiguration!.options!['awslogs-stream-prefix']
    emu.registerTaskDefinition(def)
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'noprefix' }))
    const err = await rejection(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/noprefix' }))
    )
    expect(err.name).toBe('ResourceNotFoundException')
  })
})

describe('GetLogEvents paging', () => {
  const seed = (n: number, group = '/g', stream = 's') =>
    emu.putLogEvents(
      group,
      stream,
      Array.from({ length: n }, (_, i) => ({ timestamp: 1_000 + i, message: `m${i}` }))
    )

  it('pages by limit (default and cap 10000) and returns the same token at the end', async () => {
    seed(25_000)
    const first = await get({ logGroupName: '/g', logStreamName: 's', startFromHead: true })
    expect(first.events).toHaveLength(10_000)
    expect(first.events?.[0]?.message).toBe('m0')
    expect(first.nextForwardToken).toMatch(/^f\//)
    expect(first.nextBackwardToken).toMatch(/^b\//)
    const all = await readAll('/g', 's')
    expect(all.messages).toEqual(Array.from({ length: 25_000 }, (_, i) => `m${i}`))
    expect(all.pages).toBe(4) // 10000 + 10000 + 5000 + the empty page that repeats the token

    const small = await readAll('/g', 's', 7_000)
    expect(small.messages).toHaveLength(25_000)
    const err = await rejection(get({ logGroupName: '/g', logStreamName: 's', limit: 10_001 }))
    expect(err.name).toBe('InvalidParameterException')

    // New events appended after the end are picked up with the repeated token.
    seed(3)
    const more = await get({ logGroupName: '/g', logStreamName: 's', nextToken: all.token! })
    expect(more.events?.map((e) => e.message)).toEqual(['m0', 'm1', 'm2'])
  })

  it('caps a page at 1 MB (message bytes + 26 per event)', async () => {
    const message = 'x'.repeat(1_000)
    emu.putLogEvents(
      '/big',
      's',
      Array.from({ length: 2_000 }, (_, i) => ({ timestamp: i, message }))
    )
    const page = await get({ logGroupName: '/big', logStreamName: 's', startFromHead: true })
    expect(page.events).toHaveLength(Math.floor(1_048_576 / 1_026))
  })

  it('without startFromHead or token returns the newest events; backward tokens go back', async () => {
    seed(25)
    const tail = await get({ logGroupName: '/g', logStreamName: 's', limit: 10 })
    expect(tail.events?.map((e) => e.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${15 + i}`)
    )
    const before = await get({
      logGroupName: '/g',
      logStreamName: 's',
      limit: 10,
      nextToken: tail.nextBackwardToken!
    })
    expect(before.events?.[0]?.message).toBe('m5')
    const filtered = await get({
      logGroupName: '/g',
      logStreamName: 's',
      startFromHead: true,
      startTime: 1_020,
      endTime: 1_022
    })
    expect(filtered.events?.map((e) => e.message)).toEqual(['m20', 'm21'])
  })

  it('accepts a log group ARN as logGroupIdentifier', async () => {
    seed(2, '/ecs/x')
    const page = await get({
      logGroupIdentifier: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/x:*',
      logStreamName: 's',
      startFromHead: true
    })
    expect(page.events).toHaveLength(2)
  })

  it('empty-page fault: no events, a new token that still points at the same position', async () => {
    seed(5)
    emu.inject({ op: 'GetLogEvents', fault: 'empty-page' })
    const empty = await get({ logGroupName: '/g', logStreamName: 's', startFromHead: true })
    expect(empty.events).toEqual([])
    const page = await get({
      logGroupName: '/g',
      logStreamName: 's',
      nextToken: empty.nextForwardToken!
    })
    expect(page.events).toHaveLength(5)
    expect(page.nextForwardToken).not.toBe(empty.nextForwardToken)
    expect(emu.callsOf('GetLogEvents')[0]?.fault).toBe('empty-page')
  })

  it('a 200,000-line generated stream reads in full, in 21 pages', async () => {
    emu.registerTaskDefinition(taskDef('bulk'))
    emu.script('bulk', {
      provisioningMs: 0,
      pendingMs: 0,
      containers: { app: { runMs: 0, logLines: { count: 200_000 } } }
    })
    const task = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'bulk' })))
      .tasks![0]!
    const all = await readAll('/ecs/bulk', `ecs/app/${task.taskArn!.split('/').pop()}`)
    expect(all.messages).toHaveLength(200_000)
    expect(all.messages[199_999]).toBe('line 199999')
    expect(all.pages).toBe(21)
  })
})

describe('other CloudWatch Logs operations', () => {
  it('CreateLogGroup, CreateLogStream, PutLogEvents, DescribeLogStreams', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app' }))
    const dup = await rejection(logs.send(new CreateLogGroupCommand({ logGroupName: '/app' })))
    expect(dup.name).toBe('ResourceAlreadyExistsException')
    const missing = await rejection(
      logs.send(
        new PutLogEventsCommand({ logGroupName: '/app', logStreamName: 's', logEvents: [] })
      )
    )
    expect(missing.name).toBe('ResourceNotFoundException')
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/app', logStreamName: 's' }))
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/app',
        logStreamName: 's',
        logEvents: [{ timestamp: 5, message: 'a' }]
      })
    )
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/app' }))
    expect(streams.logStreams?.map((s) => [s.logStreamName, s.lastEventTimestamp])).toEqual([
      ['s', 5]
    ])
    expect((await readAll('/app', 's')).messages).toEqual(['a'])
  })
})
