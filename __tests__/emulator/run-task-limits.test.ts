// RunTask throttled as ECS throttles it, FilterLogEvents over named streams, and the 100-task
// checks of DescribeTasks and ListTasks: what a job of many shards meets.
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand
} from '@aws-sdk/client-ecs'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { describe, expect, it, vi } from 'vitest'
import { NETWORK, rejection, taskDef, useSharedEmulator, type Emulator } from './helpers.js'

const T0 = Date.UTC(2026, 0, 15, 9)
let emu: Emulator
let ecs: ECSClient
let logs: CloudWatchLogsClient
useSharedEmulator((shared) => ({ emu, ecs, logs } = shared), T0)

const run = () => ecs.send(new RunTaskCommand({ taskDefinition: 'job', ...NETWORK }))

describe('RunTask limits', () => {
  it('a burst of 20, then 10 a second: ThrottlingException beyond, nothing started', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef('job')))
    emu.limitRunTask({ burst: 20, perSecond: 10 })
    for (let i = 0; i < 20; i++) await run()
    const refused = await rejection(run())
    expect(refused.name).toBe('ThrottlingException')
    expect(refused.message).toBe('Rate exceeded')
    expect(emu.tasks()).toHaveLength(20)
    vi.setSystemTime(T0 + 300)
    await run()
    await run()
    await run()
    expect((await rejection(run())).name).toBe('ThrottlingException')
    vi.setSystemTime(T0 + 10_000)
    for (let i = 0; i < 20; i++) await run()
    expect((await rejection(run())).name).toBe('ThrottlingException')
    expect(emu.tasks()).toHaveLength(43)
  }, 20_000)

  it('at most N tasks starting at once in a cluster', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef('job')))
    emu.script('job', { provisioningMs: 1000, pendingMs: 1000 })
    emu.limitRunTask({ burst: 100, perSecond: 100, starting: 3 })
    for (let i = 0; i < 3; i++) await run()
    expect((await rejection(run())).name).toBe('ThrottlingException')
    // Once they are RUNNING, they no longer count.
    vi.setSystemTime(T0 + 5000)
    await run()
    emu.limitRunTask(undefined)
    for (let i = 0; i < 5; i++) await run()
    expect(emu.tasks()).toHaveLength(9)
  }, 20_000)
})

describe('100 tasks a call', () => {
  it('DescribeTasks takes at most 100 tasks, ListTasks at most 100 results a page', async () => {
    const tasks = Array.from(
      { length: 101 },
      (_, i) => `arn:aws:ecs:us-east-1:123456789012:task/default/${i}`
    )
    const refused = await rejection(ecs.send(new DescribeTasksCommand({ tasks })))
    expect(refused.name).toBe('InvalidParameterException')
    expect(
      (await ecs.send(new DescribeTasksCommand({ tasks: tasks.slice(0, 100) }))).failures
    ).toHaveLength(100)
    expect((await rejection(ecs.send(new ListTasksCommand({ maxResults: 101 })))).name).toBe(
      'InvalidParameterException'
    )
  })
})

describe('FilterLogEvents', () => {
  it('named streams of a group, ordered by time, paged, each event with its stream', async () => {
    emu.putLogEvents('/ecs/job', 'ecs/app/a', [
      { timestamp: T0 + 1, message: 'a1' },
      { timestamp: T0 + 3, message: 'a3' }
    ])
    emu.putLogEvents('/ecs/job', 'ecs/app/b', [{ timestamp: T0 + 2, message: 'b2' }])
    emu.putLogEvents('/ecs/job', 'ecs/app/c', [{ timestamp: T0 + 2, message: 'c2' }])
    const page = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/job',
        logStreamNames: ['ecs/app/a', 'ecs/app/b'],
        startTime: T0 + 2
      })
    )
    expect(page.events?.map((e) => [e.logStreamName, e.message])).toEqual([
      ['ecs/app/b', 'b2'],
      ['ecs/app/a', 'a3']
    ])
    const first = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/job',
        logStreamNames: ['ecs/app/a', 'ecs/app/b'],
        limit: 2
      })
    )
    expect(first.events?.map((e) => e.message)).toEqual(['a1', 'b2'])
    const next = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/job',
        logStreamNames: ['ecs/app/a', 'ecs/app/b'],
        limit: 2,
        nextToken: first.nextToken
      })
    )
    expect(next.events?.map((e) => e.message)).toEqual(['a3'])
    expect(next.nextToken).toBeUndefined()
    const tooMany = Array.from({ length: 101 }, (_, i) => `s${i}`)
    expect(
      (
        await rejection(
          logs.send(
            new FilterLogEventsCommand({ logGroupName: '/ecs/job', logStreamNames: tooMany })
          )
        )
      ).name
    ).toBe('InvalidParameterException')
  })
})
