import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTasksCommand, ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  clients,
  credentials,
  type Emulator,
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

function ecsClient(maxAttempts: number): ECSClient {
  return new ECSClient({ endpoint: emu.url, region: 'us-east-1', credentials, maxAttempts })
}

describe('clientToken idempotency', () => {
  it('same token and request -> the same tasks; different request -> ConflictException', async () => {
    const { ecs } = clients(emu)
    const input = {
      ...NETWORK,
      taskDefinition: 'job',
      clientToken: 'run-1-attempt-1',
      startedBy: 'gha'
    }
    const first = await ecs.send(new RunTaskCommand(input))
    const second = await ecs.send(new RunTaskCommand(input))
    expect(second.tasks?.map((t) => t.taskArn)).toEqual(first.tasks?.map((t) => t.taskArn))
    expect(emu.tasks()).toHaveLength(1)

    const err = await rejection(ecs.send(new RunTaskCommand({ ...input, startedBy: 'other' })))
    expect(err.name).toBe('ConflictException')
    expect(err.message).toBe(
      'The specified client token has already been used in a different request.'
    )
    expect(err.resourceIds).toEqual([first.tasks![0]!.taskArn])
    expect(emu.tasks()).toHaveLength(1)

    // Tokens are scoped per cluster.
    emu.addCluster('other')
    await ecs.send(new RunTaskCommand({ ...input, cluster: 'other' }))
    expect(emu.tasks()).toHaveLength(2)
    ecs.destroy()
  })

  it('without a token every call starts new tasks (the SDK fills a fresh one per call)', async () => {
    const { ecs } = clients(emu)
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    expect(emu.tasks()).toHaveLength(2)
    ecs.destroy()
  })

  it('a dropped RunTask response retried by the SDK (maxAttempts 3) starts exactly one task', async () => {
    emu.inject({ op: 'RunTask', fault: 'drop-response' })
    const ecs = ecsClient(3)
    const out = await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    const calls = emu.callsOf('RunTask')
    expect(calls).toHaveLength(2)
    expect(calls[0]).toMatchObject({ fault: 'drop-response', status: 0 })
    expect(calls[1]).toMatchObject({ status: 200 })
    expect(calls[0]!.input.clientToken).toBe(calls[1]!.input.clientToken)
    expect(emu.tasks()).toHaveLength(1)
    expect(out.tasks?.[0]?.taskArn).toBe(emu.tasks()[0].taskArn)
    ecs.destroy()
  })

  it('reset-before: nothing is processed, the retry starts the task', async () => {
    emu.inject({ op: 'RunTask', fault: 'reset-before' })
    const ecs = ecsClient(2)
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    expect(emu.callsOf('RunTask').map((c) => c.fault)).toEqual(['reset-before', undefined])
    expect(emu.tasks()).toHaveLength(1)
    ecs.destroy()
  })
})

describe('fault injection', () => {
  it('throttling and server errors are retried by the SDK', async () => {
    const { logs } = clients(emu, 3)
    const ecs = ecsClient(3)
    emu.putLogEvents('/g', 's', [{ timestamp: 1, message: 'hi' }])
    emu.inject({ op: 'RunTask', fault: 'throttle' })
    emu.inject({ op: 'GetLogEvents', fault: 'server-error' })
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    const page = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/g', logStreamName: 's', startFromHead: true })
    )
    expect(page.events?.map((e) => e.message)).toEqual(['hi'])
    expect(emu.callsOf('RunTask').map((c) => [c.fault, c.status])).toEqual([
      ['throttle', 400],
      [undefined, 200]
    ])
    expect(emu.callsOf('GetLogEvents').map((c) => [c.fault, c.status])).toEqual([
      ['server-error', 500],
      [undefined, 200]
    ])
    ecs.destroy()
    logs.destroy()
  })

  it('surface with the right exception name when retries run out', async () => {
    const { ecs, logs } = clients(emu, 1)
    emu.inject({ op: '*', fault: 'throttle', times: 1 })
    expect(
      (await rejection(ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' })))).name
    ).toBe('ThrottlingException')
    emu.inject({ op: 'DescribeTasks', fault: 'server-error' })
    const err = await rejection(ecs.send(new DescribeTasksCommand({ tasks: ['x'] })))
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['ServerException', 500])
    emu.inject({ op: 'GetLogEvents', fault: 'server-error' })
    const logsErr = await rejection(
      logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's' }))
    )
    expect(logsErr.name).toBe('ServiceUnavailableException')
    ecs.destroy()
    logs.destroy()
  })

  it('custom errors carry their type, message and extra members', async () => {
    const { ecs } = clients(emu)
    const denied =
      'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:RunTask'
    emu.inject({ op: 'RunTask', fault: { type: 'AccessDeniedException', message: denied } })
    emu.inject({
      op: 'RunTask',
      fault: { type: 'ClientException', message: 'Tasks provisioning capacity limit exceeded.' }
    })
    emu.inject({
      op: 'RunTask',
      fault: {
        type: 'PlatformUnknownException',
        message: 'The specified platform version does not exist.'
      }
    })
    emu.inject({
      op: 'RunTask',
      fault: {
        type: 'ConflictException',
        message: 'conflict',
        extra: { resourceIds: ['arn:a', 'arn:b'] }
      }
    })
    const run = () => rejection(ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' })))
    const e1 = await run()
    expect([e1.name, e1.message]).toEqual(['AccessDeniedException', denied])
    const e2 = await run()
    expect([e2.name, e2.message]).toEqual([
      'ClientException',
      'Tasks provisioning capacity limit exceeded.'
    ])
    expect((await run()).name).toBe('PlatformUnknownException')
    const e4 = await run()
    expect([e4.name, e4.resourceIds]).toEqual(['ConflictException', ['arn:a', 'arn:b']])
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    expect(emu.callsOf('RunTask').map((c) => c.fault)).toEqual([
      'AccessDeniedException',
      'ClientException',
      'PlatformUnknownException',
      'ConflictException',
      undefined
    ])
    ecs.destroy()
  })

  it('skip, times and every select the calls hit', async () => {
    const { ecs } = clients(emu)
    emu.inject({ op: 'DescribeTasks', fault: 'throttle', skip: 1, times: 2 })
    const results: string[] = []
    for (let i = 0; i < 5; i++) {
      const err = await ecs.send(new DescribeTasksCommand({ tasks: ['x'] })).then(
        () => 'ok',
        (e: Error) => e.name
      )
      results.push(err)
    }
    expect(results).toEqual(['ok', 'ThrottlingException', 'ThrottlingException', 'ok', 'ok'])
    emu.clearFaults()
    emu.inject({ op: 'DescribeTasks', fault: 'throttle', every: 2 })
    const hits: boolean[] = []
    for (let i = 0; i < 6; i++) {
      hits.push(
        await ecs.send(new DescribeTasksCommand({ tasks: ['x'] })).then(
          () => false,
          () => true
        )
      )
    }
    expect(hits).toEqual([false, true, false, true, false, true])
    ecs.destroy()
  })

  it('onCall sees each call on arrival', async () => {
    const { ecs } = clients(emu)
    const seen: string[] = []
    const off = emu.onCall((c) => seen.push(`${c.service}:${c.op}:${c.status}`))
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    off()
    await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job' }))
    expect(seen).toEqual(['ecs:RunTask:0'])
    ecs.destroy()
  })
})
