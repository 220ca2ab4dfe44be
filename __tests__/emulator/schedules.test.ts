// GetSchedule and ListTargetsByRule through the real Scheduler and EventBridge clients, and the
// tasks someone else started as ListTasks and DescribeTasks show them.

import { EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge'
import { DescribeTasksCommand, ListTasksCommand, type ECSClient } from '@aws-sdk/client-ecs'
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler'
import { describe, expect, it } from 'vitest'
import {
  credentials,
  NETWORK,
  rejection,
  taskDef,
  useSharedEmulator,
  type Emulator
} from './helpers.js'

let emu: Emulator
let ecs: ECSClient
useSharedEmulator((shared) => ({ emu, ecs } = shared))

const common = (): object => ({
  endpoint: emu.url,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1
})
const target = {
  Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/default',
  RoleArn: 'arn:aws:iam::123456789012:role/runs',
  EcsParameters: { TaskDefinitionArn: 'web:1', TaskCount: 2, Tags: [{ team: 'data' }] }
}

describe('EventBridge Scheduler GetSchedule', () => {
  it('answers a seeded schedule in its group, with its state and target', async () => {
    const arn = emu.addSchedule({ name: 'nightly', group: 'jobs', state: 'DISABLED', target })
    const out = await new SchedulerClient(common()).send(
      new GetScheduleCommand({ Name: 'nightly', GroupName: 'jobs' })
    )
    expect(out).toMatchObject({ Arn: arn, Name: 'nightly', GroupName: 'jobs', State: 'DISABLED' })
    expect(out.Target).toEqual(target)
    expect(out.CreationDate).toBeInstanceOf(Date)
    expect(emu.callsOf('GetSchedule')[0]?.input).toEqual({ Name: 'nightly', GroupName: 'jobs' })
  })

  it('an unknown schedule (or one in another group) is ResourceNotFoundException', async () => {
    emu.addSchedule({ name: 'nightly', group: 'jobs', target })
    const err = await rejection(
      new SchedulerClient(common()).send(new GetScheduleCommand({ Name: 'nightly' }))
    )
    expect(err.name).toBe('ResourceNotFoundException')
    expect(err.message).toBe('Schedule nightly does not exist.')
    expect(err.$metadata.httpStatusCode).toBe(404)
  })
})

describe('EventBridge ListTargetsByRule', () => {
  it('pages the targets of a rule on its bus (by name or ARN)', async () => {
    const targets = Array.from({ length: 3 }, (_, i) => ({ Id: `t${i}`, Arn: target.Arn }))
    const arn = emu.addRule({ name: 'nightly', bus: 'jobs', targets })
    const client = new EventBridgeClient(common())
    const first = await client.send(
      new ListTargetsByRuleCommand({ Rule: arn, EventBusName: 'jobs', Limit: 2 })
    )
    expect(first.Targets?.map((t) => t.Id)).toEqual(['t0', 't1'])
    const second = await client.send(
      new ListTargetsByRuleCommand({
        Rule: 'nightly',
        EventBusName: 'jobs',
        Limit: 2,
        NextToken: first.NextToken
      })
    )
    expect(second.Targets?.map((t) => t.Id)).toEqual(['t2'])
    expect(second.NextToken).toBeUndefined()
  })

  it('an unknown rule is ResourceNotFoundException naming the bus', async () => {
    const err = await rejection(
      new EventBridgeClient(common()).send(new ListTargetsByRuleCommand({ Rule: 'nightly' }))
    )
    expect(err.name).toBe('ResourceNotFoundException')
    expect(err.message).toBe('Rule nightly does not exist on EventBus default.')
  })
})

describe('tasks someone else started', () => {
  it('run until stopped, in their group; ListTasks by service finds only the service’s', async () => {
    emu.registerTaskDefinition(taskDef('web'))
    const console = emu.startTask({ taskDefinition: 'web', ...NETWORK }, { agoMs: 60_000 })
    const service = emu.startTask(
      { taskDefinition: 'web', group: 'service:web', ...NETWORK },
      { agoMs: 60_000 }
    )
    const byService = await ecs.send(new ListTasksCommand({ serviceName: 'web' }))
    expect(byService.taskArns).toEqual([service.taskArn])
    const byFamily = await ecs.send(new ListTasksCommand({ family: 'web' }))
    expect(byFamily.taskArns).toEqual([console.taskArn, service.taskArn])
    const { tasks } = await ecs.send(
      new DescribeTasksCommand({ tasks: [console.taskArn, service.taskArn] })
    )
    expect(tasks?.map((t) => [t.group, t.lastStatus, t.desiredStatus])).toEqual([
      ['family:web', 'RUNNING', 'RUNNING'],
      ['service:web', 'RUNNING', 'RUNNING']
    ])
  })
})
