// RunTask realism: where a task is placed (launch type, capacity providers, the cluster's default
// strategy, the EC2 fallback), and start failures and Spot interruptions scripted per attempt.

import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeClustersCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand
} from '@aws-sdk/client-ecs'
import type { ECSClient, RunTaskCommandInput } from '@aws-sdk/client-ecs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { SPOT_REASON } from '../../emulator/server.js'
import { rejection, taskDef, useSharedEmulator, type Emulator, NETWORK } from './helpers.js'

let emu: Emulator
let ecs: ECSClient
let logs: CloudWatchLogsClient
const T0 = Date.UTC(2025, 2, 3, 4, 5, 6)

useSharedEmulator((shared) => ({ emu, ecs, logs } = shared), T0)
beforeEach(() => {
  emu.registerTaskDefinition(taskDef('job'))
})

const at = (ms: number): void => {
  vi.setSystemTime(T0 + ms)
}
const run = (input: Partial<RunTaskCommandInput> = {}) =>
  ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job', ...input }))
async function describe1(taskArn: string, cluster?: string) {
  const out = await ecs.send(
    new DescribeTasksCommand({ tasks: [taskArn], ...(cluster ? { cluster } : {}) })
  )
  return out.tasks![0]!
}
const SPOT = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]

describe('where RunTask places a task', () => {
  it('no launch type: the cluster default strategy (FARGATE on every emulator cluster)', async () => {
    emu.addCluster('ci')
    for (const cluster of ['default', 'ci']) {
      const task = (await run({ cluster })).tasks![0]!
      expect(task).toMatchObject({
        launchType: 'FARGATE',
        capacityProviderName: 'FARGATE',
        platformVersion: '1.4.0',
        platformFamily: 'Linux'
      })
    }
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['ci'] }))
    expect(out.clusters![0]).toMatchObject({
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
      registeredContainerInstancesCount: 0
    })
  })

  it('no launch type and no default strategy: falls back to EC2, which has no instances', async () => {
    const arn = emu.addCluster('bare', { defaultCapacityProviderStrategy: [] })
    const err = await rejection(run({ cluster: 'bare', clientToken: 'tok-1' }))
    expect(err.name).toBe('InvalidParameterException')
    expect(err.message).toBe('No Container Instances were found in your cluster.')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect(emu.tasks()).toEqual([])
    const out = await ecs.send(new DescribeClustersCommand({ clusters: [arn] }))
    expect(out.clusters![0]!.defaultCapacityProviderStrategy).toEqual([])

    // The same with an explicit EC2 launch type, on any cluster without container instances.
    const explicit = await rejection(run({ launchType: 'EC2' }))
    expect(explicit.message).toBe('No Container Instances were found in your cluster.')

    // With container instances, EC2 tasks run (no platform version, no capacity provider).
    emu.addCluster('bare', { containerInstances: 2 })
    const task = (await run({ cluster: 'bare', clientToken: 'tok-1' })).tasks![0]!
    expect(task.launchType).toBe('EC2')
    expect(task.capacityProviderName).toBeUndefined()
    expect(task.platformVersion).toBeUndefined()
  })

  it('the default cluster can be made bare too, and given another default strategy', async () => {
    emu.addCluster('default', { defaultCapacityProviderStrategy: [] })
    expect((await rejection(run())).name).toBe('InvalidParameterException')
    emu.addCluster('default', { defaultCapacityProviderStrategy: SPOT })
    const task = (await run()).tasks![0]!
    expect([task.launchType, task.capacityProviderName]).toEqual(['FARGATE', 'FARGATE_SPOT'])
    // A launch type in the request wins over the default strategy.
    const fargate = (await run({ launchType: 'FARGATE' })).tasks![0]!
    expect(fargate.launchType).toBe('FARGATE')
    expect(fargate.capacityProviderName).toBeUndefined()
  })

  it('a strategy spreads tasks: bases first, then by weight', async () => {
    const out = await run({
      count: 4,
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 0, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 1 }
      ]
    })
    expect(out.tasks!.map((t) => t.capacityProviderName)).toEqual([
      'FARGATE',
      'FARGATE_SPOT',
      'FARGATE_SPOT',
      'FARGATE_SPOT'
    ])
    const even = await run({
      count: 4,
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 1 }
      ]
    })
    expect(even.tasks!.map((t) => t.capacityProviderName)).toEqual([
      'FARGATE',
      'FARGATE_SPOT',
      'FARGATE',
      'FARGATE_SPOT'
    ])
    // What DescribeTasks shows is what RunTask answered.
    const t = await describe1(even.tasks![1]!.taskArn!)
    expect([t.launchType, t.capacityProviderName]).toEqual(['FARGATE', 'FARGATE_SPOT'])
  })

  it('refuses providers not associated with the cluster, unknown platform versions, both placements', async () => {
    const notAssociated = await rejection(
      run({ capacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }] })
    )
    expect(notAssociated.name).toBe('InvalidParameterException')
    expect(notAssociated.message).toMatch(/not associated with the cluster/)

    emu.addCluster('mixed', {
      capacityProviders: ['FARGATE', 'my-asg'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }]
    })
    // A custom (Auto Scaling group) provider places EC2 tasks; it is assumed to have capacity.
    const asg = (await run({ cluster: 'mixed' })).tasks![0]!
    expect([asg.launchType, asg.capacityProviderName]).toEqual(['EC2', 'my-asg'])

    const platform = await rejection(run({ launchType: 'FARGATE', platformVersion: '9.9.9' }))
    expect([platform.name, platform.message]).toEqual([
      'PlatformUnknownException',
      'The specified platform version does not exist.'
    ])
    const pinned = (await run({ launchType: 'FARGATE', platformVersion: '1.3.0' })).tasks![0]!
    expect(pinned.platformVersion).toBe('1.3.0')
    const latest = (await run({ launchType: 'FARGATE', platformVersion: 'LATEST' })).tasks![0]!
    expect(latest.platformVersion).toBe('1.4.0')

    const both = await rejection(run({ launchType: 'FARGATE', capacityProviderStrategy: SPOT }))
    expect(both.name).toBe('InvalidParameterException')
    expect(both.message).toMatch(/launch type and capacity provider strategy/)
  })
})

describe('start failures scripted per attempt', () => {
  it('failToStart.times: only the first N tasks fail, later ones run normally', async () => {
    const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s)'
    emu.script('job', { failToStart: { stoppedReason: reason, times: 1 }, stoppingMs: 100 })
    const first = (await run()).tasks![0]!.taskArn!
    const second = (await run()).tasks![0]!.taskArn!
    at(400)
    const failed = await describe1(first)
    expect(failed).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: reason
    })
    expect(failed.containers!.map((c) => [c.lastStatus, c.exitCode, c.reason])).toEqual([
      ['STOPPED', undefined, reason]
    ])
    at(1_000)
    const ok = await describe1(second)
    expect(ok).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' })
    expect(ok.containers![0]!.exitCode).toBe(0)

    // script() starts the count again.
    emu.script('job', { failToStart: { stoppedReason: reason, times: 1 } })
    const third = (await run()).tasks![0]!.taskArn!
    at(2_000)
    expect((await describe1(third)).stopCode).toBe('TaskFailedToStart')
  })

  it('containerReason: null leaves the containers without reason; a string sets it', async () => {
    const reason =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: context deadline exceeded'
    emu.registerTaskDefinition(taskDef('two', ['app', 'proxy']))
    emu.script('job', { failToStart: { stoppedReason: reason, containerReason: null } })
    emu.script('two', {
      failToStart: {
        stoppedReason: 'Timeout waiting for network interface provisioning to complete.',
        containerReason: 'TaskFailedToStart'
      }
    })
    const a = (await run()).tasks![0]!.taskArn!
    const b = (await run({ taskDefinition: 'two' })).tasks![0]!.taskArn!
    at(2_000)
    const ta = await describe1(a)
    expect(ta.stoppedReason).toBe(reason)
    expect(ta.containers![0]!.reason).toBeUndefined()
    expect(ta.containers![0]!.exitCode).toBeUndefined()
    const tb = await describe1(b)
    expect(tb.containers!.map((c) => [c.name, c.lastStatus, c.reason])).toEqual([
      ['app', 'STOPPED', 'TaskFailedToStart'],
      ['proxy', 'STOPPED', 'TaskFailedToStart']
    ])
  })

  it('failToStart.exited: an init container that ran reports its exit code', async () => {
    const def = taskDef('init', ['app', 'migrate-init'])
    def.containerDefinitions[1]!.essential = false
    emu.registerTaskDefinition(def)
    emu.script('init', {
      failToStart: {
        stoppedReason: 'CannotPullContainerError: ref pull has been retried 1 time(s): not found',
        exited: { 'migrate-init': 0 }
      }
    })
    const arn = (await run({ taskDefinition: 'init' })).tasks![0]!.taskArn!
    at(2_000)
    const t = await describe1(arn)
    expect(t.stopCode).toBe('TaskFailedToStart')
    expect(t.containers!.map((c) => [c.name, c.lastStatus, c.exitCode])).toEqual([
      ['app', 'STOPPED', undefined],
      ['migrate-init', 'STOPPED', 0]
    ])
    expect(t.containers![1]!.reason).toBeUndefined()
  })
})

describe('Fargate Spot interruptions', () => {
  it('stops a RUNNING FARGATE_SPOT task with SpotInterruption; containers exit 143; logs end there', async () => {
    emu.script('job', {
      stoppingMs: 300,
      spotInterruption: { afterMs: 1_000 },
      containers: {
        app: {
          exitCode: null,
          logLines: { count: 100, everyMs: 100, text: (i) => `tick ${i}` }
        }
      }
    })
    const task = (await run({ capacityProviderStrategy: SPOT })).tasks![0]!
    const id = task.taskArn!.split('/').pop()!
    at(1_299) // RUNNING since 300
    let t = await describe1(task.taskArn!)
    expect([t.lastStatus, t.desiredStatus, t.stopCode]).toEqual(['RUNNING', 'RUNNING', undefined])
    at(1_300)
    t = await describe1(task.taskArn!)
    expect(t).toMatchObject({
      lastStatus: 'DEACTIVATING',
      desiredStatus: 'STOPPED',
      stopCode: 'SpotInterruption',
      stoppedReason: SPOT_REASON,
      capacityProviderName: 'FARGATE_SPOT'
    })
    expect(SPOT_REASON).toBe('Your Spot Task was interrupted.')
    expect(t.containers!.map((c) => [c.lastStatus, c.exitCode])).toEqual([['STOPPED', 143]])
    expect(t.stoppingAt).toEqual(new Date(T0 + 1_300))
    at(1_600)
    t = await describe1(task.taskArn!)
    expect([t.lastStatus, t.stoppedAt]).toEqual(['STOPPED', new Date(T0 + 1_600)])
    at(60_000)
    const page = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/job',
        logStreamName: `ecs/app/${id}`,
        startFromHead: true
      })
    )
    expect(page.events!.map((e) => e.message)).toEqual(
      Array.from({ length: 11 }, (_, i) => `tick ${i}`)
    )
  })

  it('noticeMs: the two-minute warning shows as TerminationNotice while still RUNNING', async () => {
    emu.script('job', {
      containers: { app: { exitCode: null } },
      spotInterruption: { afterMs: 700, noticeMs: 120_000, exitCode: 137 }
    })
    const arn = (await run({ capacityProviderStrategy: SPOT })).tasks![0]!.taskArn!
    at(1_000)
    let t = await describe1(arn)
    expect(t).toMatchObject({
      lastStatus: 'RUNNING',
      desiredStatus: 'STOPPED',
      stopCode: 'TerminationNotice',
      stoppedReason: SPOT_REASON
    })
    expect(t.containers![0]!.lastStatus).toBe('RUNNING')
    // StopTask during the notice changes nothing.
    await ecs.send(new StopTaskCommand({ task: arn, reason: 'cancelled' }))
    at(121_000)
    t = await describe1(arn)
    expect([t.lastStatus, t.stopCode, t.stoppedReason]).toEqual([
      'DEACTIVATING',
      'SpotInterruption',
      SPOT_REASON
    ])
    expect(t.containers![0]!.exitCode).toBe(137)
  })

  it('times: only the first N Spot tasks; tasks on FARGATE are never interrupted; exitCode null', async () => {
    emu.script('job', {
      containers: { app: { runMs: 5_000 } },
      spotInterruption: { afterMs: 100, times: 1, exitCode: null }
    })
    const onDemand = (await run({ launchType: 'FARGATE' })).tasks![0]!.taskArn!
    const spot1 = (await run({ capacityProviderStrategy: SPOT })).tasks![0]!.taskArn!
    const spot2 = (await run({ capacityProviderStrategy: SPOT })).tasks![0]!.taskArn!
    at(10_000)
    const [a, b, c] = [await describe1(onDemand), await describe1(spot1), await describe1(spot2)]
    expect([a.stopCode, b.stopCode, c.stopCode]).toEqual([
      'EssentialContainerExited',
      'SpotInterruption',
      'EssentialContainerExited'
    ])
    expect(b.containers![0]!.lastStatus).toBe('STOPPED')
    expect(b.containers![0]!.exitCode).toBeUndefined()
    expect(c.containers![0]!.exitCode).toBe(0)
  })

  it('an essential container that exits before the interruption ends the task as usual', async () => {
    emu.script('job', { containers: { app: { runMs: 200 } }, spotInterruption: { afterMs: 500 } })
    const arn = (await run({ capacityProviderStrategy: SPOT })).tasks![0]!.taskArn!
    at(5_000)
    const t = await describe1(arn)
    expect([t.stopCode, t.containers![0]!.exitCode]).toEqual(['EssentialContainerExited', 0])
  })
})

describe('container restart policies', () => {
  const restarting = (policy: Record<string, unknown>) => {
    const td = taskDef('loop')
    td.containerDefinitions[0]!.restartPolicy = { enabled: true, ...policy }
    emu.registerTaskDefinition(td)
  }
  const lines = async (taskArn: string) => {
    const id = taskArn.split('/').pop()!
    const out = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/loop',
        logStreamName: `ecs/app/${id}`,
        startFromHead: true
      })
    )
    return (out.events ?? []).map((e) => e.message)
  }

  it('restarts a container that exited after restartAttemptPeriod: the task keeps running and the command runs again', async () => {
    restarting({ restartAttemptPeriod: 60 })
    emu.script('loop', {
      containers: { app: { exitCode: 0, runMs: 61_000, logs: [{ atMs: 0, message: 'migrating' }] } }
    })
    const task = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'loop' })))
      .tasks![0]!
    at(300 + 61_000 * 2 + 1000)
    const seen = await describe1(task.taskArn!)
    expect(seen.lastStatus).toBe('RUNNING')
    expect(seen.containers![0]).toMatchObject({ lastStatus: 'RUNNING' })
    expect(seen.containers![0]!.exitCode).toBeUndefined()
    expect(await lines(task.taskArn!)).toEqual(['migrating', 'migrating', 'migrating'])
    // Only a StopTask ends it.
    await ecs.send(new StopTaskCommand({ task: task.taskArn!, reason: 'enough' }))
    at(300 + 61_000 * 2 + 5000)
    expect(await describe1(task.taskArn!)).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      containers: [expect.objectContaining({ exitCode: 143 })]
    })
  })

  it.each([
    ['exits before restartAttemptPeriod (default 300 s)', {}, 299_000, 0],
    ['exits with an ignored code', { ignoredExitCodes: [0], restartAttemptPeriod: 60 }, 61_000, 0],
    ['has its policy disabled', { enabled: false }, 301_000, 3]
  ])('no restart when the container %s', async (_, policy, runMs, exitCode) => {
    restarting(policy)
    emu.script('loop', { containers: { app: { exitCode, runMs } } })
    const task = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'loop' })))
      .tasks![0]!
    at(300 + runMs + 1000)
    expect(await describe1(task.taskArn!)).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      containers: [expect.objectContaining({ exitCode })]
    })
  })
})

describe('deleted clusters', () => {
  it('INACTIVE: DescribeClusters reports it, other calls answer ClusterNotFoundException', async () => {
    emu.addCluster('old')
    emu.deleteCluster('old')
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['old'] }))
    expect(out.clusters).toMatchObject([{ clusterName: 'old', status: 'INACTIVE' }])
    expect(out.failures).toEqual([])
    const err = await rejection(run({ cluster: 'old' }))
    expect(err.name).toBe('ClusterNotFoundException')
    expect(err.message).toBe('The referenced cluster was inactive.')
    // Created again: ACTIVE and usable.
    emu.addCluster('old')
    expect((await run({ cluster: 'old' })).tasks).toHaveLength(1)
  })

  it('forgotten: DescribeClusters answers MISSING', async () => {
    emu.addCluster('gone')
    emu.deleteCluster('gone', { forget: true })
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['gone'] }))
    expect(out.clusters).toEqual([])
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/gone', reason: 'MISSING' }
    ])
    expect((await rejection(run({ cluster: 'gone' }))).message).toBe('Cluster not found.')
  })
})

describe('what RunTask refuses before placing anything', () => {
  it('SERVICE tag propagation, Fargate-only settings on EC2, long overrides, incompatible launch', async () => {
    emu.addCluster('default', { containerInstances: 1 })
    emu.registerTaskDefinition({
      family: 'bridge-job',
      networkMode: 'bridge',
      containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128 }]
    })
    const refused = async (input: Partial<RunTaskCommandInput>): Promise<string> => {
      const err = await rejection(run(input))
      expect(err.name).toBe('InvalidParameterException')
      return err.message
    }
    expect(await refused({ propagateTags: 'SERVICE' })).toBe(
      'Propagate tags from service is not supported for RunTask.'
    )
    expect(await refused({ launchType: 'EC2', platformVersion: '1.4.0' })).toBe(
      'Platform version is only supported for the FARGATE launch type.'
    )
    expect(
      await refused({
        launchType: 'EXTERNAL',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' }
        }
      })
    ).toBe('Assign public IP is not supported for this launch type.')
    const command = ['x'.repeat(8192)]
    expect(await refused({ overrides: { containerOverrides: [{ name: 'app', command }] } })).toBe(
      'Container Overrides length must be at most 8192'
    )
    expect(await refused({ taskDefinition: 'bridge-job', launchType: 'FARGATE' })).toBe(
      'Task definition does not support launch_type FARGATE.'
    )
    expect(await refused({ taskDefinition: 'bridge-job', capacityProviderStrategy: SPOT })).toBe(
      'Task definition does not support launch_type FARGATE.'
    )
    expect(emu.tasks()).toEqual([])
    // The same EC2-only definition runs on EC2.
    const task = (await run({ taskDefinition: 'bridge-job', launchType: 'EC2' })).tasks![0]!
    expect(task.launchType).toBe('EC2')
  })
})
