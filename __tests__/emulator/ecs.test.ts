import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand
} from '@aws-sdk/client-ecs'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { describe, expect, it, vi } from 'vitest'
import { OOM_REASON } from '../../emulator/server.js'
import { rejection, taskDef, useSharedEmulator, type Emulator, NETWORK } from './helpers.js'

let emu: Emulator
let ecs: ECSClient
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0)

useSharedEmulator((shared) => ({ emu, ecs } = shared), T0)

const at = (ms: number): void => {
  vi.setSystemTime(T0 + ms)
}

async function describe1(taskArn: string) {
  const out = await ecs.send(new DescribeTasksCommand({ cluster: 'default', tasks: [taskArn] }))
  return out.tasks?.[0]
}

describe('task definitions', () => {
  it('registers revisions per family and describes by family, family:revision and ARN', async () => {
    const r1 = await ecs.send(new RegisterTaskDefinitionCommand(taskDef('web')))
    const r2 = await ecs.send(new RegisterTaskDefinitionCommand(taskDef('web')))
    expect(r1.taskDefinition?.revision).toBe(1)
    expect(r2.taskDefinition?.taskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'
    )
    expect(r2.taskDefinition?.status).toBe('ACTIVE')
    expect(r2.taskDefinition?.compatibilities).toEqual(['EC2', 'FARGATE'])
    expect(r2.taskDefinition?.registeredAt).toEqual(new Date(T0))
    expect(r2.taskDefinition?.containerDefinitions?.[0]?.essential).toBe(true)

    const byFamily = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))
    expect(byFamily.taskDefinition?.revision).toBe(2)
    const byRev = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }))
    expect(byRev.taskDefinition?.revision).toBe(1)
    const byArn = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: r1.taskDefinition!.taskDefinitionArn! })
    )
    expect(byArn.taskDefinition?.revision).toBe(1)

    const err = await rejection(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' }))
    )
    expect(err.name).toBe('ClientException')
    expect(err.message).toBe('Unable to describe task definition.')
    expect(emu.registerTaskDefinition(taskDef('web')).revision).toBe(3)
  })
})

describe('RunTask and the task timeline', () => {
  it('goes PROVISIONING -> PENDING -> RUNNING -> DEACTIVATING..STOPPED with exit codes', async () => {
    emu.registerTaskDefinition(taskDef('job', ['app', 'sidecar']))
    emu.script('job', {
      provisioningMs: 100,
      pendingMs: 100,
      stoppingMs: 300,
      containers: { app: { exitCode: 3, runMs: 200, reason: 'boom' }, sidecar: { exitCode: null } }
    })
    const run = await ecs.send(
      new RunTaskCommand({
        taskDefinition: 'job',
        launchType: 'FARGATE',
        startedBy: 'gha',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
        tags: [{ key: 'k', value: 'v' }]
      })
    )
    expect(run.failures).toEqual([])
    const task = run.tasks![0]!
    expect(task.taskArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/default\/[0-9a-f]{32}$/)
    expect(task.clusterArn).toBe('arn:aws:ecs:us-east-1:123456789012:cluster/default')
    expect(task.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/job:1')
    expect(task).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      launchType: 'FARGATE',
      startedBy: 'gha',
      group: 'family:job',
      cpu: '256',
      memory: '512',
      platformVersion: '1.4.0',
      enableExecuteCommand: false,
      tags: [{ key: 'k', value: 'v' }],
      overrides: { containerOverrides: [] }
    })
    expect(task.createdAt).toEqual(new Date(T0))
    expect(task.containers?.map((c) => [c.name, c.lastStatus])).toEqual([
      ['app', 'PENDING'],
      ['sidecar', 'PENDING']
    ])
    expect(task.containers?.[0]?.containerArn).toMatch(/:container\/default\/[0-9a-f]{32}\//)
    expect(task.attachments?.[0]?.details).toContainEqual({ name: 'subnetId', value: 'subnet-1' })

    at(150)
    expect((await describe1(task.taskArn!))?.lastStatus).toBe('PENDING')
    at(250)
    let t = await describe1(task.taskArn!)
    expect(t?.lastStatus).toBe('RUNNING')
    expect(t?.startedAt).toEqual(new Date(T0 + 200))
    expect(t?.containers?.every((c) => c.lastStatus === 'RUNNING')).toBe(true)

    at(400) // app exited at 400: the task starts stopping, containers already report exit codes
    t = await describe1(task.taskArn!)
    expect(t?.lastStatus).toBe('DEACTIVATING')
    expect(t?.desiredStatus).toBe('STOPPED')
    expect(t?.stopCode).toBe('EssentialContainerExited')
    expect(t?.stoppedReason).toBe('Essential container in task exited')
    expect(t?.containers?.map((c) => [c.name, c.lastStatus, c.exitCode, c.reason])).toEqual([
      ['app', 'STOPPED', 3, 'boom'],
      ['sidecar', 'STOPPED', 143, undefined]
    ])
    expect(t?.stoppedAt).toBeUndefined()
    at(550)
    expect((await describe1(task.taskArn!))?.lastStatus).toBe('STOPPING')
    at(650)
    expect((await describe1(task.taskArn!))?.lastStatus).toBe('DEPROVISIONING')
    at(700)
    t = await describe1(task.taskArn!)
    expect(t?.lastStatus).toBe('STOPPED')
    expect(t?.stoppingAt).toEqual(new Date(T0 + 400))
    expect(t?.executionStoppedAt).toEqual(new Date(T0 + 400))
    expect(t?.stoppedAt).toEqual(new Date(T0 + 700))
    expect(t?.pullStartedAt).toEqual(new Date(T0 + 100))
    expect(t?.pullStoppedAt).toEqual(new Date(T0 + 200))
  })

  it('uses the defaults when unscripted: running at 300 ms, exit 0 at 800 ms, stopped at 1300 ms', async () => {
    emu.registerTaskDefinition(taskDef('plain'))
    const run = await ecs.send(
      new RunTaskCommand({ ...NETWORK, taskDefinition: 'plain', count: 2 })
    )
    expect(run.tasks).toHaveLength(2)
    // The default cluster's default capacity provider strategy (FARGATE) places them.
    expect(run.tasks?.[0]).toMatchObject({ launchType: 'FARGATE', capacityProviderName: 'FARGATE' })
    at(299)
    expect((await describe1(run.tasks![0]!.taskArn!))?.lastStatus).toBe('PENDING')
    at(300)
    expect((await describe1(run.tasks![0]!.taskArn!))?.lastStatus).toBe('RUNNING')
    at(1299)
    expect((await describe1(run.tasks![0]!.taskArn!))?.containers?.[0]?.exitCode).toBe(0)
    at(1300)
    expect((await describe1(run.tasks![1]!.taskArn!))?.lastStatus).toBe('STOPPED')
    expect(emu.tasks()).toHaveLength(2)
    expect(emu.tasks('default')[0].lastStatus).toBe('STOPPED')
  })

  it('a non-essential container exiting does not stop the task', async () => {
    const def = taskDef('side', ['app', 'init'])
    def.containerDefinitions[1]!.essential = false
    emu.registerTaskDefinition(def)
    emu.script('side', {
      containers: { app: { runMs: 1_000 }, init: { runMs: 100, exitCode: 2 } }
    })
    const arn = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'side' })))
      .tasks![0]!.taskArn!
    at(500)
    let t = await describe1(arn)
    expect(t?.lastStatus).toBe('RUNNING')
    expect(t?.containers?.map((c) => [c.name, c.lastStatus, c.exitCode])).toEqual([
      ['app', 'RUNNING', undefined],
      ['init', 'STOPPED', 2]
    ])
    at(1_300)
    t = await describe1(arn)
    expect(t?.stopCode).toBe('EssentialContainerExited')
    expect(t?.containers?.map((c) => c.exitCode)).toEqual([0, 2])
  })

  it('reports placement failures and starts no task', async () => {
    emu.registerTaskDefinition(taskDef('big'))
    emu.script('big', {
      placementFailures: [
        {
          arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/x',
          reason: 'RESOURCE:MEMORY'
        }
      ]
    })
    const run = await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'big' }))
    expect(run.tasks).toEqual([])
    expect(run.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/x', reason: 'RESOURCE:MEMORY' }
    ])
    expect(emu.tasks()).toEqual([])
  })

  it('failToStart: stops with TaskFailedToStart, containers without exit code', async () => {
    emu.registerTaskDefinition(taskDef('pull'))
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found'
    emu.script('pull', { failToStart: { stoppedReason: reason }, stoppingMs: 100 })
    const run = await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'pull' }))
    at(299)
    expect((await describe1(run.tasks![0]!.taskArn!))?.lastStatus).toBe('PENDING')
    at(400)
    const t = await describe1(run.tasks![0]!.taskArn!)
    expect(t).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: reason
    })
    expect(t?.startedAt).toBeUndefined()
    expect(t?.containers?.[0]).toMatchObject({ lastStatus: 'STOPPED', reason })
    expect(t?.containers?.[0]?.exitCode).toBeUndefined()
  })

  it('answers MISSING for the first N describes', async () => {
    emu.registerTaskDefinition(taskDef('slow'))
    emu.script('slow', { missingDescribes: 2 })
    const arn = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'slow' })))
      .tasks![0]!.taskArn!
    for (let i = 0; i < 2; i++) {
      const out = await ecs.send(new DescribeTasksCommand({ tasks: [arn] }))
      expect(out.tasks).toEqual([])
      expect(out.failures).toEqual([{ arn, reason: 'MISSING' }])
    }
    expect((await describe1(arn))?.taskArn).toBe(arn)
    const unknown = await ecs.send(
      new DescribeTasksCommand({ tasks: ['0123456789abcdef0123456789abcdef'] })
    )
    expect(unknown.failures?.[0]?.arn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef0123456789abcdef'
    )
  })

  it('leaves unreportedContainers out of DescribeTasks, while they still log and exit', async () => {
    emu.registerTaskDefinition(taskDef('quiet', ['app', 'sidecar']))
    emu.script('quiet', {
      unreportedContainers: ['sidecar'],
      containers: { sidecar: { exitCode: 3, logs: [{ atMs: 10, message: 'sidecar says hi' }] } }
    })
    const arn = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'quiet' })))
      .tasks![0]!.taskArn!
    at(5_000)
    const t = await describe1(arn)
    expect(t?.lastStatus).toBe('STOPPED')
    expect(t?.containers?.map((c) => c.name)).toEqual(['app'])
    expect(emu.logEvents('/ecs/quiet', `ecs/sidecar/${arn.split('/').pop()}`)).toMatchObject([
      { message: 'sidecar says hi' }
    ])
    // The sidecar is essential and exited 3: the task stopped when it did, whatever is reported.
    expect(t?.stopCode).toBe('EssentialContainerExited')
  })

  it('when an essential container exits, the others get SIGTERM: 143, 0 or 137 as scripted', async () => {
    emu.registerTaskDefinition(taskDef('mesh', ['agent', 'app', 'envoy', 'router']))
    emu.script('mesh', {
      containers: {
        agent: { exitCode: null, onSigterm: 'exit0' },
        app: { exitCode: 0, runMs: 500 },
        envoy: { exitCode: null },
        router: { exitCode: null, onSigterm: 'ignore' }
      }
    })
    const arn = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'mesh' })))
      .tasks![0]!.taskArn!
    at(10_000)
    const t = await describe1(arn)
    expect(t?.stopCode).toBe('EssentialContainerExited')
    expect(t?.containers?.map((c) => [c.name, c.exitCode, c.reason])).toEqual([
      ['agent', 0, undefined],
      ['app', 0, undefined],
      ['envoy', 143, undefined],
      ['router', 137, undefined]
    ])
  })

  it('an OOM-killed container reports 137 with the OutOfMemoryError reason', async () => {
    emu.registerTaskDefinition(taskDef('oom', ['app', 'envoy']))
    emu.script('oom', {
      containers: { app: { exitCode: 137, reason: OOM_REASON }, envoy: { exitCode: null } }
    })
    const arn = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'oom' })))
      .tasks![0]!.taskArn!
    at(10_000)
    expect((await describe1(arn))?.containers?.map((c) => [c.exitCode, c.reason])).toEqual([
      [137, 'OutOfMemoryError: Container killed due to memory usage'],
      [143, undefined]
    ])
  })

  it("someone else's StopTask (stoppedBy): UserInitiated with their reason, at its time", async () => {
    emu.registerTaskDefinition(taskDef('nightly', ['app']))
    emu.script('nightly', {
      containers: { app: { exitCode: null, onSigterm: 'exit0' } },
      stoppedBy: { afterMs: 1000 }
    })
    const arn = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'nightly' })))
      .tasks![0]!.taskArn!
    at(1200) // RUNNING since 300; the stop comes at 1300
    expect(await describe1(arn)).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' })
    at(10_000)
    expect(await describe1(arn)).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'Task stopped by user',
      stoppingAt: new Date(T0 + 1300)
    })
    expect((await describe1(arn))?.containers?.[0]?.exitCode).toBe(0)
  })

  it('StopTask: exit 143 for running containers, UserInitiated, recorded in the call log', async () => {
    emu.registerTaskDefinition(taskDef('forever'))
    emu.script('forever', { containers: { app: { exitCode: null } }, stoppingMs: 200 })
    const arn = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'forever' })))
      .tasks![0]!.taskArn!
    at(10_000)
    expect((await describe1(arn))?.lastStatus).toBe('RUNNING')
    const id = arn.split('/').pop()!
    const stopped = await ecs.send(new StopTaskCommand({ task: id, reason: 'Cancelled by run 42' }))
    expect(stopped.task).toMatchObject({
      desiredStatus: 'STOPPED',
      lastStatus: 'DEACTIVATING',
      stopCode: 'UserInitiated',
      stoppedReason: 'Cancelled by run 42'
    })
    expect(stopped.task?.containers?.[0]?.exitCode).toBe(143)
    at(10_200)
    expect((await describe1(arn))?.lastStatus).toBe('STOPPED')
    const again = await ecs.send(new StopTaskCommand({ task: arn, reason: 'second' }))
    expect(again.task?.stoppedReason).toBe('Cancelled by run 42')
    expect(emu.callsOf('StopTask').map((c) => c.input.reason)).toEqual([
      'Cancelled by run 42',
      'second'
    ])

    const err = await rejection(ecs.send(new StopTaskCommand({ task: 'f'.repeat(32) })))
    expect(err.name).toBe('InvalidParameterException')
  })

  it('StopTask during PENDING: containers never ran and have no exit code', async () => {
    emu.registerTaskDefinition(taskDef('early'))
    const arn = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'early' })))
      .tasks![0]!.taskArn!
    at(150)
    await ecs.send(new StopTaskCommand({ task: arn, reason: 'nope' }))
    at(5_000)
    const t = await describe1(arn)
    expect(t).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' })
    expect(t?.containers?.[0]?.exitCode).toBeUndefined()
    expect(t?.startedAt).toBeUndefined()
  })

  it('ListTasks filters by family, startedBy and desiredStatus', async () => {
    emu.registerTaskDefinition(taskDef('a'))
    emu.registerTaskDefinition(taskDef('b'))
    emu.script('a', { containers: { app: { exitCode: null } } })
    const a = (
      await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'a', startedBy: 'me' }))
    ).tasks![0]!
    const b = (await ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'b' }))).tasks![0]!
    at(5_000)
    expect((await ecs.send(new ListTasksCommand({}))).taskArns).toEqual([a.taskArn])
    expect((await ecs.send(new ListTasksCommand({ desiredStatus: 'STOPPED' }))).taskArns).toEqual([
      b.taskArn
    ])
    expect((await ecs.send(new ListTasksCommand({ family: 'b' }))).taskArns).toEqual([])
    expect((await ecs.send(new ListTasksCommand({ startedBy: 'me' }))).taskArns).toEqual([
      a.taskArn
    ])
  })
})

describe('clusters and services', () => {
  it('ClusterNotFoundException on RunTask, DescribeTasks, StopTask and DescribeServices', async () => {
    emu.registerTaskDefinition(taskDef('x'))
    for (const p of [
      ecs.send(new RunTaskCommand({ ...NETWORK, cluster: 'nope', taskDefinition: 'x' })),
      ecs.send(new DescribeTasksCommand({ cluster: 'nope', tasks: ['a'] })),
      ecs.send(new StopTaskCommand({ cluster: 'nope', task: 'a' })),
      ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['a'] }))
    ]) {
      const err = await rejection(p)
      expect(err.name).toBe('ClusterNotFoundException')
      expect(err.message).toBe('Cluster not found.')
      expect(err.$metadata.httpStatusCode).toBe(400)
    }
  })

  it('accepts cluster ARNs and added clusters; DescribeClusters reports missing ones', async () => {
    const arn = emu.addCluster('ci')
    expect(arn).toBe('arn:aws:ecs:us-east-1:123456789012:cluster/ci')
    emu.registerTaskDefinition(taskDef('x'))
    const run = await ecs.send(
      new RunTaskCommand({ ...NETWORK, cluster: arn, taskDefinition: 'x' })
    )
    expect(run.tasks?.[0]?.taskArn).toContain(':task/ci/')
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['ci', 'gone'] }))
    expect(out.clusters?.map((c) => c.clusterName)).toEqual(['ci'])
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/gone', reason: 'MISSING' }
    ])
  })

  it('DescribeServices returns seeded services and MISSING failures', async () => {
    const networkConfiguration = {
      awsvpcConfiguration: {
        subnets: ['subnet-a'],
        securityGroups: ['sg-1'],
        assignPublicIp: 'ENABLED'
      }
    }
    emu.addService({ serviceName: 'web', networkConfiguration })
    const out = await ecs.send(new DescribeServicesCommand({ services: ['web', 'api'] }))
    expect(out.services?.[0]).toMatchObject({
      serviceName: 'web',
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/default/web',
      networkConfiguration
    })
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/default/api', reason: 'MISSING' }
    ])
  })

  it('answers UnknownOperationException for an unknown operation', async () => {
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteEverything',
        'content-type': 'application/x-amz-json-1.1'
      },
      body: '{}'
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { __type: string }).__type).toBe('UnknownOperationException')
  })
})
