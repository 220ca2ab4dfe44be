// Faults of the network and of proxies (hang, reset before the body is read, an HTML 502 page),
// rules active for a time window, and seeded random chaos.

import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RunTaskCommand
} from '@aws-sdk/client-ecs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CHAOS_FAULTS } from '../../emulator/server.js'
import type { BuiltinFault, ChaosOptions } from '../../emulator/server.js'
import {
  clients,
  credentials,
  Emulator,
  rejection,
  taskDef,
  useSharedEmulator,
  NETWORK
} from './helpers.js'

let emu: Emulator

useSharedEmulator((shared) => ({ emu } = shared))
beforeEach(() => {
  emu.registerTaskDefinition(taskDef('job'))
})

/** An ECS client with its own request timeout, as the action configures one. */
function ecsClient(target: Emulator, maxAttempts: number, requestTimeout = 10_000): ECSClient {
  return new ECSClient({
    endpoint: target.url,
    region: 'us-east-1',
    credentials,
    maxAttempts,
    requestHandler: { requestTimeout, throwOnRequestTimeout: true }
  })
}

describe('hang', () => {
  it('never answers: the client timeout ends the call, and its retry goes through', async () => {
    emu.inject({ op: 'DescribeTasks', fault: 'hang' })
    const once = ecsClient(emu, 1, 300)
    const started = Date.now()
    const err = await rejection(once.send(new DescribeTasksCommand({ tasks: ['x'] })))
    // Not before the client's timeout (how long after it depends on the machine: not asserted).
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(String(err.message)).toMatch(/timeout|timed out/i)
    expect(emu.callsOf('DescribeTasks')[0]).toMatchObject({ fault: 'hang', status: 0 })
    once.destroy()

    emu.inject({ op: 'DescribeTasks', fault: 'hang' })
    const retrying = ecsClient(emu, 2, 300)
    const out = await retrying.send(new DescribeTasksCommand({ tasks: ['x'] }))
    expect(out.failures?.[0]?.reason).toBe('MISSING')
    expect(emu.callsOf('DescribeTasks').map((c) => [c.fault, c.status])).toEqual([
      ['hang', 0],
      ['hang', 0],
      [undefined, 200]
    ])
    retrying.destroy()
  })

  it('close() ends hung calls at once', async () => {
    const own = await Emulator.start()
    own.inject({ op: '*', fault: 'hang', times: Infinity })
    const client = ecsClient(own, 1, 120_000)
    const arrived = new Promise<void>((resolve) => own.onCall(() => resolve()))
    const pending = rejection(client.send(new ListTasksCommand({})))
    await arrived
    // The client would wait 120 s, longer than the test may take: close() must not wait for it.
    await own.close()
    const err = await pending
    expect(err).toBeInstanceOf(Error)
    client.destroy()
  })
})

describe('reset-before-read and html-502', () => {
  it('reset-before-read: the socket is destroyed before the body is read; the retry starts the task', async () => {
    emu.inject({ op: 'RunTask', fault: 'reset-before-read' })
    const ecs = ecsClient(emu, 2)
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job', startedBy: 'gha' }))
    const calls = emu.callsOf('RunTask')
    expect(calls.map((c) => [c.fault, c.status])).toEqual([
      ['reset-before-read', 0],
      [undefined, 200]
    ])
    // Never read: logged with an empty input.
    expect(calls[0]!.input).toEqual({})
    expect(calls[1]!.input.startedBy).toBe('gha')
    expect(emu.tasks()).toHaveLength(1)
    ecs.destroy()
  })

  it('html-502: a proxy error page, not JSON; the SDK retries it like a 5xx', async () => {
    emu.inject({ op: 'ListTasks', fault: 'html-502' })
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListTasks',
        'content-type': 'application/x-amz-json-1.1'
      },
      body: '{}'
    })
    expect(res.status).toBe(502)
    expect(res.headers.get('content-type')).toBe('text/html')
    expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>')
    expect(emu.callsOf('ListTasks')[0]).toMatchObject({ fault: 'html-502', status: 502 })

    emu.inject({ op: 'ListTasks', fault: 'html-502' })
    const ecs = ecsClient(emu, 2)
    expect((await ecs.send(new ListTasksCommand({}))).taskArns).toEqual([])
    ecs.destroy()

    emu.inject({ op: 'ListTasks', fault: 'html-502' })
    const once = ecsClient(emu, 1)
    const err = await rejection(once.send(new ListTasksCommand({})))
    // The SDK cannot parse the page: it reports the status and a deserialization error.
    expect(err.$metadata.httpStatusCode).toBe(502)
    expect(String(err.message)).toMatch(/not valid JSON|Deserialization/)
    once.destroy()
  })
})

describe('rules active for a time window (forMs)', () => {
  it('hits every matching call for forMs of Date.now(), e.g. a two-minute outage', async () => {
    const T0 = Date.UTC(2025, 0, 1)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    emu.putLogEvents('/g', 's', [{ timestamp: T0, message: 'hello' }])
    emu.inject({ op: 'GetLogEvents', fault: 'throttle', forMs: 120_000 })
    emu.inject({ op: 'DescribeTasks', fault: 'server-error', afterMs: 10_000, forMs: 5_000 })
    const { ecs, logs } = clients(emu)
    const read = () =>
      logs.send(new GetLogEventsCommand({ logGroupName: '/g', logStreamName: 's' })).then(
        () => 'ok',
        (e: Error) => e.name
      )
    const describeTasks = () =>
      ecs.send(new DescribeTasksCommand({ tasks: ['x'] })).then(
        () => 'ok',
        (e: Error) => e.name
      )
    const seen: string[] = []
    for (const ms of [0, 5_000, 10_000, 14_999, 15_000, 119_999, 120_000, 200_000]) {
      vi.setSystemTime(T0 + ms)
      seen.push(`${ms}: ${await read()} ${await describeTasks()}`)
    }
    expect(seen).toEqual([
      '0: ThrottlingException ok',
      '5000: ThrottlingException ok',
      '10000: ThrottlingException ServerException',
      '14999: ThrottlingException ServerException',
      '15000: ThrottlingException ok',
      '119999: ThrottlingException ok',
      '120000: ok ok',
      '200000: ok ok'
    ])
    ecs.destroy()
    logs.destroy()
  })

  it('times and every still apply inside the window; calls outside it are not counted', async () => {
    const T0 = Date.UTC(2025, 0, 1)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    emu.inject({ op: 'ListTasks', fault: 'throttle', afterMs: 1_000, forMs: 1_000, every: 2 })
    const { ecs } = clients(emu)
    const hits: string[] = []
    for (const ms of [0, 0, 1_000, 1_100, 1_200, 1_300, 2_000]) {
      vi.setSystemTime(T0 + ms)
      hits.push(
        await ecs.send(new ListTasksCommand({})).then(
          () => '.',
          () => 'F'
        )
      )
    }
    expect(hits.join('')).toBe('...F.F.')
    ecs.destroy()
  })
})

describe('chaos', () => {
  const sequence = async (options: ChaosOptions, calls = 40): Promise<string[]> => {
    emu.reset()
    emu.chaos(options)
    const ecs = ecsClient(emu, 1, 300)
    for (let i = 0; i < calls; i++) {
      const command =
        i % 2 === 0 ? new DescribeTasksCommand({ tasks: ['x'] }) : new ListTasksCommand({})
      await ecs.send(command as DescribeTasksCommand).catch(() => undefined)
    }
    ecs.destroy()
    return emu.calls.map((c) => `${c.op}:${c.fault ?? '-'}`)
  }
  const faultsOnly: BuiltinFault[] = [
    'throttle',
    'server-error',
    'reset-before-read',
    'drop-response',
    'html-502'
  ]

  it('is deterministic for a seed and a sequence of calls', async () => {
    const a = await sequence({ seed: 7, rate: 0.5, faults: faultsOnly })
    const b = await sequence({ seed: 7, rate: 0.5, faults: faultsOnly })
    const c = await sequence({ seed: 8, rate: 0.5, faults: faultsOnly })
    expect(a).toHaveLength(40)
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
    const names = new Set(a.map((s) => s.split(':')[1]).filter((f) => f !== '-'))
    expect(names.size).toBeGreaterThanOrEqual(3)
    expect([...names].every((n) => faultsOnly.includes(n as BuiltinFault))).toBe(true)
  })

  it('guarantees progress: never more than maxConsecutive faults in a row per operation', async () => {
    const calls = await sequence({ seed: 1, rate: 1, faults: ['throttle'], maxConsecutive: 2 })
    const pattern = (op: string) =>
      calls
        .filter((c) => c.startsWith(op))
        .map((c) => (c.endsWith(':-') ? '.' : 'F'))
        .join('')
    expect(pattern('DescribeTasks:')).toBe('FF.FF.FF.FF.FF.FF.FF')
    expect(pattern('ListTasks:')).toBe('FF.FF.FF.FF.FF.FF.FF')
    // The default is 3.
    const byDefault = await sequence({ seed: 1, rate: 1, faults: ['server-error'] }, 8)
    expect(
      byDefault.filter((c) => c.startsWith('DescribeTasks')).map((c) => c.endsWith(':-'))
    ).toEqual([false, false, false, true])
  })

  it("'hang' strikes at most once per run; ops limits the operations", async () => {
    const calls = await sequence(
      { seed: 3, rate: 1, faults: ['hang', 'throttle'], maxConsecutive: 100, ops: ['ListTasks'] },
      16
    )
    expect(calls.filter((c) => c.endsWith(':hang'))).toEqual(['ListTasks:hang'])
    expect(calls.filter((c) => c.startsWith('DescribeTasks')).every((c) => c.endsWith(':-'))).toBe(
      true
    )
    expect(calls.filter((c) => c.startsWith('ListTasks')).every((c) => !c.endsWith(':-'))).toBe(
      true
    )
  })

  it('defaults, inject() rules first, chaos(undefined) and clearFaults() stop it', async () => {
    expect(CHAOS_FAULTS).toEqual([
      'throttle',
      'server-error',
      'reset-before-read',
      'drop-response',
      'html-502',
      'hang'
    ])
    emu.chaos({ seed: 5, rate: 1, faults: ['throttle'] })
    emu.inject({ op: 'ListTasks', fault: 'server-error' })
    const ecs = ecsClient(emu, 1)
    const names = async () =>
      ecs.send(new ListTasksCommand({})).then(
        () => 'ok',
        (e: Error) => e.name
      )
    expect(await names()).toBe('ServerException')
    expect(await names()).toBe('ThrottlingException')
    emu.chaos(undefined)
    expect(await names()).toBe('ok')
    emu.chaos({ seed: 5, rate: 1, faults: ['throttle'] })
    emu.clearFaults()
    expect(await names()).toBe('ok')
    expect(() => emu.chaos({ seed: 1, rate: 2 })).toThrow(/rate/)
    ecs.destroy()
  })

  it('a RunTask survives chaos with the SDK retries and starts exactly one task', async () => {
    emu.chaos({
      seed: 11,
      rate: 0.7,
      ops: ['RunTask'],
      faults: ['throttle', 'server-error', 'reset-before-read', 'drop-response', 'html-502'],
      maxConsecutive: 3
    })
    const ecs = ecsClient(emu, 4)
    const out = await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    expect(emu.tasks()).toHaveLength(1)
    expect(out.tasks?.[0]?.taskArn).toBe(emu.tasks()[0].taskArn)
    const runs = emu.callsOf('RunTask')
    expect(runs.at(-1)?.fault).toBeUndefined()
    ecs.destroy()
  })
})
