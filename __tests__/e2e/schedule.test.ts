/**
 * `schedule`: "run the nightly job now, exactly as scheduled" from an EventBridge Scheduler
 * schedule (templated ECS target or the universal ecs:runTask target) or an EventBridge rule.
 * The RunTask request the emulator received is compared field by field with the target.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { annotations, runAction, visibleLines } from '../support/runner.js'
import { appDefinition } from '../support/task-definitions.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { useEmulator } from './fixtures.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})
useRealTimersAfterEach()

const ACCOUNT = '123456789012'
const CLUSTER_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/jobs`
const TD_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/nightly-report:1`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler-runs-tasks`
const UNIVERSAL = 'arn:aws:scheduler:::aws-sdk:ecs:runTask'

/** The nightly report's definition, in a cluster of its own; its run exits 0 at once. */
function seedReport(): void {
  emu.addCluster('jobs')
  emu.registerTaskDefinition({
    ...appDefinition('nightly-report', [{ name: 'report' }, { name: 'agent', essential: false }]),
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/report-task`
  })
  emu.script('nightly-report', {
    containers: { report: { exitCode: 0, runMs: 200 }, agent: { exitCode: 0, runMs: 200 } }
  })
}

/** Every field a templated ECS target can set, in EventBridge Scheduler's spelling. */
const SCHEDULER_PARAMETERS = {
  TaskDefinitionArn: TD_ARN,
  TaskCount: 2,
  CapacityProviderStrategy: [
    { capacityProvider: 'FARGATE_SPOT', weight: 3 },
    { capacityProvider: 'FARGATE', weight: 1, base: 1 }
  ],
  PlatformVersion: '1.4.0',
  NetworkConfiguration: {
    awsvpcConfiguration: {
      Subnets: ['subnet-0a1', 'subnet-0b2'],
      SecurityGroups: ['sg-0c3'],
      AssignPublicIp: 'DISABLED'
    }
  },
  PlacementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }],
  PlacementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
  Group: 'nightly-report',
  Tags: [{ team: 'data' }, { job: 'nightly' }],
  PropagateTags: 'TASK_DEFINITION',
  EnableECSManagedTags: true,
  EnableExecuteCommand: true,
  ReferenceId: 'ref-1'
}

const OVERRIDE = {
  containerOverrides: [
    {
      name: 'report',
      command: ['bin/report', '--full'],
      environment: [
        { name: 'REPORT_DAY', value: 'yesterday' },
        { name: 'FORMAT', value: 'pdf' }
      ]
    }
  ],
  cpu: '512'
}

/** The request the scheduler would send for SCHEDULER_PARAMETERS and OVERRIDE. */
const SCHEDULED_REQUEST = {
  cluster: CLUSTER_ARN,
  taskDefinition: TD_ARN,
  count: 2,
  capacityProviderStrategy: [
    { capacityProvider: 'FARGATE_SPOT', weight: 3 },
    { capacityProvider: 'FARGATE', weight: 1, base: 1 }
  ],
  platformVersion: '1.4.0',
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-0a1', 'subnet-0b2'],
      securityGroups: ['sg-0c3'],
      assignPublicIp: 'DISABLED'
    }
  },
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }],
  placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
  group: 'nightly-report',
  tags: [
    { key: 'team', value: 'data' },
    { key: 'job', value: 'nightly' }
  ],
  propagateTags: 'TASK_DEFINITION',
  enableECSManagedTags: true,
  enableExecuteCommand: true,
  overrides: OVERRIDE
}

const ours = { clientToken: expect.any(String), startedBy: expect.any(String) }
const runTaskInput = (): Record<string, unknown> => emu.callsOf('RunTask')[0]?.input ?? {}
const ecsCalls = (): string[] => emu.calls.filter((c) => c.service === 'ecs').map((c) => c.op)
const errorOf = (result: { lines: string[] }): string =>
  annotations(result).find((a) => a.level === 'error')?.message ?? ''

describe('schedule: an EventBridge Scheduler schedule', () => {
  it('templated ECS target: the RunTask request is the target, field by field', async () => {
    const env = virtualClock(emu)
    seedReport()
    emu.addSchedule({
      name: 'nightly-report',
      group: 'reports',
      target: {
        Arn: CLUSTER_ARN,
        RoleArn: ROLE,
        Input: JSON.stringify(OVERRIDE),
        EcsParameters: SCHEDULER_PARAMETERS
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { schedule: 'reports/nightly-report', 'stream-logs': 'false' }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(emu.callsOf('GetSchedule').map((c) => c.input)).toEqual([
      { Name: 'nightly-report', GroupName: 'reports' }
    ])
    expect(runTaskInput()).toEqual({ ...SCHEDULED_REQUEST, ...ours })
    expect(emu.tasks('jobs')).toHaveLength(2)
    // The preparing group says what came from the schedule.
    const from = visibleLines(result).find((l) => l.startsWith('From schedule'))
    expect(from).toBe(
      'From schedule "nightly-report" (group "reports") (its ECS target): ' +
        `cluster ${CLUSTER_ARN}; task definition ${TD_ARN}; count 2; capacity provider strategy ` +
        'FARGATE_SPOT:3:0, FARGATE:1:1; platform version 1.4.0; network (subnets subnet-0a1, ' +
        'subnet-0b2; security groups sg-0c3; public IP DISABLED); placement-constraints ' +
        '[{"type":"memberOf","expression":"attribute:ecs.os-type == linux"}]; placement-strategy ' +
        '[{"type":"spread","field":"attribute:ecs.availability-zone"}]; group nightly-report; ' +
        'propagate-tags TASK_DEFINITION; enable-ecs-managed-tags true; enable-execute-command ' +
        'true; tags team=data, job=nightly; task override (for report).'
    )
    // Environment values come from the schedule too: never printed.
    expect(result.stdout).not.toContain('yesterday')
  })

  it('inputs given win: tags merged (the step wins for a key), subnets replace the network, command and environment over the override', async () => {
    const env = virtualClock(emu)
    seedReport()
    emu.addSchedule({
      name: 'nightly-report',
      target: {
        Arn: CLUSTER_ARN,
        RoleArn: ROLE,
        Input: JSON.stringify(OVERRIDE),
        EcsParameters: SCHEDULER_PARAMETERS
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: {
        schedule: 'nightly-report',
        count: '1',
        subnets: 'subnet-0dd',
        tags: 'job=manual\nrun-by=octocat',
        command: 'bin/report --day 2026-01-14',
        environment: 'REPORT_DAY=2026-01-14',
        'enable-execute-command': 'false',
        'stream-logs': 'false'
      }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(runTaskInput()).toEqual({
      ...SCHEDULED_REQUEST,
      ...ours,
      count: 1,
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0dd'], assignPublicIp: 'DISABLED' }
      },
      tags: [
        { key: 'team', value: 'data' },
        { key: 'job', value: 'manual' },
        { key: 'run-by', value: 'octocat' }
      ],
      enableExecuteCommand: false,
      overrides: {
        containerOverrides: [
          {
            name: 'report',
            command: ['bin/report', '--day', '2026-01-14'],
            environment: [
              { name: 'REPORT_DAY', value: '2026-01-14' },
              { name: 'FORMAT', value: 'pdf' }
            ]
          }
        ],
        cpu: '512'
      }
    })
    expect(visibleLines(result)).toContain(
      'Given to the step instead of the schedule\'s: "count", "subnets", "enable-execute-command".'
    )
  })

  it('the universal target ecs:runTask: its Input is the RunTask request', async () => {
    const env = virtualClock(emu)
    seedReport()
    emu.addSchedule({
      name: 'nightly-report',
      target: {
        Arn: UNIVERSAL,
        RoleArn: ROLE,
        // Written as AWS's examples of universal targets write it: capitalised member names.
        Input: JSON.stringify({
          Cluster: 'jobs',
          TaskDefinition: 'nightly-report:1',
          LaunchType: 'FARGATE',
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0a1'] } },
          Group: 'nightly-report',
          Overrides: { ContainerOverrides: [{ Name: 'report', Command: ['bin/report'] }] },
          Tags: [{ Key: 'job', Value: 'nightly' }]
        })
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { schedule: 'nightly-report', 'stream-logs': 'false' }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(runTaskInput()).toEqual({
      ...ours,
      cluster: 'jobs',
      taskDefinition: TD_ARN,
      count: 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0a1'], assignPublicIp: 'DISABLED' }
      },
      group: 'nightly-report',
      tags: [{ key: 'job', value: 'nightly' }],
      enableECSManagedTags: false,
      enableExecuteCommand: false,
      overrides: { containerOverrides: [{ name: 'report', command: ['bin/report'] }] }
    })
  })

  it('a DISABLED schedule still runs, said in the log; the schedule ARN works as its name', async () => {
    const env = virtualClock(emu)
    seedReport()
    const arn = emu.addSchedule({
      name: 'nightly-report',
      state: 'DISABLED',
      target: { Arn: CLUSTER_ARN, RoleArn: ROLE, EcsParameters: SCHEDULER_PARAMETERS }
    })
    const result = await runAction({ endpoint: emu.url, env, inputs: { schedule: arn } })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(visibleLines(result)).toContain(
      'Schedule "nightly-report" (group "default") is DISABLED: it runs now all the same (the schedule stays disabled).'
    )
  })

  it('unknown: fails before any ECS call, naming it and the region', async () => {
    seedReport()
    const result = await runAction({ endpoint: emu.url, inputs: { schedule: 'nightly-reprot' } })
    expect(result.code).toBe(1)
    expect(ecsCalls()).toEqual([])
    expect(errorOf(result)).toBe(
      'Input "schedule": schedule "nightly-reprot" (group "default") was not found by ' +
        'EventBridge Scheduler in region us-east-1 (Schedule nightly-reprot does not exist). ' +
        'Check its name, group or bus, and the region.'
    )
    expect(annotations(result).find((a) => a.level === 'error')?.title).toBe('Invalid input')
  })

  it('a target that is not ECS: an input error naming it', async () => {
    emu.addSchedule({
      name: 'nightly-report',
      target: { Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:report`, RoleArn: ROLE }
    })
    const result = await runAction({ endpoint: emu.url, inputs: { schedule: 'nightly-report' } })
    expect(result.code).toBe(1)
    expect(ecsCalls()).toEqual([])
    expect(errorOf(result)).toContain(
      `targets arn:aws:lambda:us-east-1:${ACCOUNT}:function:report, not Amazon ECS`
    )
  })

  it('a cluster in another region than the step: an input error saying so', async () => {
    emu.addSchedule({
      name: 'nightly-report',
      target: {
        Arn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/jobs`,
        RoleArn: ROLE,
        EcsParameters: { TaskDefinitionArn: TD_ARN.replace('us-east-1', 'eu-west-1') }
      }
    })
    const result = await runAction({ endpoint: emu.url, inputs: { schedule: 'nightly-report' } })
    expect(result.code).toBe(1)
    expect(ecsCalls()).toEqual([])
    expect(errorOf(result)).toContain(
      `runs its task in cluster arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/jobs, in region ` +
        "eu-west-1, not in this step's region us-east-1."
    )
  })

  it("a value RunTask would refuse is named as the schedule's, before anything starts", async () => {
    seedReport()
    emu.addSchedule({
      name: 'nightly-report',
      target: {
        Arn: CLUSTER_ARN,
        RoleArn: ROLE,
        EcsParameters: {
          TaskDefinitionArn: TD_ARN,
          LaunchType: 'EC2',
          NetworkConfiguration: {
            awsvpcConfiguration: { Subnets: ['subnet-0a1'], AssignPublicIp: 'ENABLED' }
          }
        }
      }
    })
    const result = await runAction({ endpoint: emu.url, inputs: { schedule: 'nightly-report' } })
    expect(result.code).toBe(1)
    expect(ecsCalls()).not.toContain('RunTask')
    const error = errorOf(result)
    expect(error).toContain(
      'The public IP setting of the target of schedule "nightly-report" (group "default") ' +
        '(input "schedule") is ENABLED, but the launch type is EC2 (the launch setting of the ' +
        'target of schedule "nightly-report" (group "default") (input "schedule"))'
    )
    expect(error).not.toContain('input "assign-public-ip"')
  })

  it('dry run: says what came from the schedule and the permission to read it', async () => {
    seedReport()
    emu.addSchedule({
      name: 'nightly-report',
      target: { Arn: CLUSTER_ARN, RoleArn: ROLE, EcsParameters: SCHEDULER_PARAMETERS }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { schedule: 'nightly-report', 'dry-run': 'true' }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(ecsCalls()).not.toContain('RunTask')
    expect(result.summary).toContain('From schedule "nightly-report" (group "default")')
    expect(result.stdout).toContain(
      `scheduler:GetSchedule on arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/nightly-report`
    )
  })
})

describe('schedule: an EventBridge rule', () => {
  const RULE_PARAMETERS = {
    ...SCHEDULER_PARAMETERS,
    Tags: [
      { Key: 'team', Value: 'data' },
      { Key: 'job', Value: 'nightly' }
    ]
  }
  const lambda = { Id: 'notify', Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:notify` }

  it('its one ECS target becomes the request, field by field; other targets are left alone', async () => {
    const env = virtualClock(emu)
    seedReport()
    const arn = emu.addRule({
      name: 'nightly-report',
      bus: 'jobs',
      targets: [
        lambda,
        {
          Id: 'report',
          Arn: CLUSTER_ARN,
          RoleArn: ROLE,
          Input: JSON.stringify(OVERRIDE),
          EcsParameters: RULE_PARAMETERS
        }
      ]
    })
    expect(arn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:rule/jobs/nightly-report`)
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { schedule: arn, 'stream-logs': 'false' }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(emu.callsOf('ListTargetsByRule').map((c) => c.input)).toEqual([
      { Rule: 'nightly-report', EventBusName: 'jobs' }
    ])
    expect(runTaskInput()).toEqual({ ...SCHEDULED_REQUEST, ...ours })
    expect(visibleLines(result).find((l) => l.startsWith('From rule'))).toMatch(
      /^From rule "nightly-report" \(event bus "jobs"\) \(its ECS target report\): cluster /
    )
  })

  it('several ECS targets: an input error naming them', async () => {
    const arn = emu.addRule({
      name: 'nightly-report',
      targets: [
        { Id: 'eu', Arn: CLUSTER_ARN, EcsParameters: RULE_PARAMETERS },
        { Id: 'us', Arn: CLUSTER_ARN, EcsParameters: RULE_PARAMETERS }
      ]
    })
    const result = await runAction({ endpoint: emu.url, inputs: { schedule: arn } })
    expect(result.code).toBe(1)
    expect(ecsCalls()).toEqual([])
    expect(errorOf(result)).toBe(
      'Input "schedule": rule "nightly-report" (event bus "default") has 2 ECS targets, ' +
        `eu (${CLUSTER_ARN}), us (${CLUSTER_ARN}): which one to run is not clear. Give a rule ` +
        'with one ECS target, or the inputs of the one to run.'
    )
  })

  it('no ECS target: an input error naming the targets it has', async () => {
    const arn = emu.addRule({ name: 'nightly-report', targets: [lambda] })
    const result = await runAction({ endpoint: emu.url, inputs: { schedule: arn } })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain(`has no ECS target, only notify (${lambda.Arn})`)
  })

  it('an InputTransformer: an input error saying why it cannot run as scheduled', async () => {
    const arn = emu.addRule({
      name: 'nightly-report',
      targets: [
        {
          Id: 'report',
          Arn: CLUSTER_ARN,
          EcsParameters: RULE_PARAMETERS,
          InputTransformer: { InputTemplate: '{"containerOverrides":[]}' }
        }
      ]
    })
    const result = await runAction({ endpoint: emu.url, inputs: { schedule: arn } })
    expect(result.code).toBe(1)
    expect(ecsCalls()).toEqual([])
    expect(errorOf(result)).toContain('shapes its input with an InputTransformer')
  })

  it('unknown: fails before any ECS call, naming it and the region', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { schedule: `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly-reprot` }
    })
    expect(result.code).toBe(1)
    expect(ecsCalls()).toEqual([])
    expect(errorOf(result)).toBe(
      'Input "schedule": rule "nightly-reprot" (event bus "default") was not found by ' +
        'EventBridge in region us-east-1 (Rule nightly-reprot does not exist on EventBus ' +
        'default). Check its name, group or bus, and the region.'
    )
  })

  it('a malformed value: an input error before any AWS call', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { schedule: 'arn:aws:events:us-east-1:123:rule/x' }
    })
    expect(result.code).toBe(1)
    expect(emu.calls).toEqual([])
    expect(errorOf(result)).toMatch(/^Input "schedule" must be an EventBridge Scheduler schedule/)
  })
})
