import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  policyDocument,
  requiredPermissions,
  type Permission,
  type RunFootprint
} from '../../../src/report/permissions.js'

const ROOT = resolve(import.meta.dirname, '../../..')

interface Statement {
  Sid: string
  Action: string | string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string>>
}
const policy = JSON.parse(readFileSync(join(ROOT, 'docs/iam-policy.json'), 'utf8')) as {
  Statement: Statement[]
}
const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value])

const TD_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-migrate:12'

/** A family run: described, waited for, no extras. */
const basic = (over: Partial<RunFootprint> = {}): RunFootprint => ({
  region: 'eu-west-1',
  cluster: 'production',
  taskDefinition: {
    taskDefinitionArn: TD_ARN,
    family: 'shop-migrate',
    revision: 12,
    executionRoleArn: 'arn:aws:iam::123456789012:role/shop-execution'
  },
  describesTaskDefinition: true,
  services: [],
  request: { cluster: 'production', taskDefinition: TD_ARN, count: 1 },
  logGroups: [{ region: 'eu-west-1', group: '/ecs/shop' }],
  waits: true,
  stops: true,
  ...over
})

/** Every feature that needs a permission at once. */
const everything = (): RunFootprint =>
  basic({
    taskDefinition: { family: 'shop-migrate', taskRoleArn: 'shop-task' },
    describesTaskDefinition: true,
    registration: {
      family: 'shop-migrate',
      containerDefinitions: [{ name: 'app' }],
      taskRoleArn: 'shop-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/shop-execution',
      tags: [{ key: 'team', value: 'shop' }]
    },
    services: ['shop-web'],
    request: {
      cluster: 'production',
      taskDefinition: 'shop-migrate:<next revision>',
      tags: [{ key: 'run', value: '1' }],
      overrides: { taskRoleArn: 'arn:aws:iam::123456789012:role/other-task' },
      volumeConfigurations: [
        {
          name: 'scratch',
          managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ecs-infra' }
        }
      ]
    }
  })

const pairs = (permissions: Permission[]): string[] =>
  permissions.map((p) => `${p.sid} ${p.action}`)

describe('requiredPermissions', () => {
  it('a family run: describe, pass the roles, run, watch, stop, read the logs', () => {
    expect(requiredPermissions(basic())).toEqual([
      {
        sid: 'ReadCluster',
        action: 'ecs:DescribeClusters',
        resources: ['arn:aws:ecs:eu-west-1:123456789012:cluster/production'],
        why: 'check the cluster before anything is registered or started (without it, the check is skipped)'
      },
      {
        sid: 'ReadAndRegisterTaskDefinitions',
        action: 'ecs:DescribeTaskDefinition',
        resources: ['*'],
        why: 'resolve the task definition (AWS accepts only "*" here)'
      },
      {
        sid: 'PassTaskRoles',
        action: 'iam:PassRole',
        resources: ['arn:aws:iam::123456789012:role/shop-execution'],
        condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        why: 'hand the task and execution roles to ECS'
      },
      {
        sid: 'RunTaskOfFamilyInCluster',
        action: 'ecs:RunTask',
        resources: ['arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-migrate:*'],
        condition: {
          ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/production' }
        },
        why: 'start the task'
      },
      {
        sid: 'WatchAndStopTasksInCluster',
        action: 'ecs:DescribeTasks',
        resources: ['arn:aws:ecs:eu-west-1:123456789012:task/production/*'],
        condition: {
          ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/production' }
        },
        why: 'wait for the task to stop'
      },
      {
        sid: 'WatchAndStopTasksInCluster',
        action: 'ecs:StopTask',
        resources: ['arn:aws:ecs:eu-west-1:123456789012:task/production/*'],
        condition: {
          ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/production' }
        },
        why: 'stop the task on wait-timeout or cancellation'
      },
      {
        sid: 'ReadTaskLogs',
        action: 'logs:GetLogEvents',
        resources: ['arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/shop:log-stream:*'],
        why: 'stream the containers’ logs'
      }
    ])
  })

  it('a file to register: no describe, register, pass its roles; account unknown', () => {
    const permissions = requiredPermissions(
      basic({
        taskDefinition: { family: 'job', executionRoleArn: 'exec' },
        describesTaskDefinition: false,
        registration: { family: 'job', containerDefinitions: [], executionRoleArn: 'exec' },
        request: { cluster: 'production', taskDefinition: 'job:<next revision>' },
        logGroups: [],
        waits: false,
        stops: false
      })
    )
    expect(pairs(permissions)).toEqual([
      'ReadCluster ecs:DescribeClusters',
      'ReadAndRegisterTaskDefinitions ecs:RegisterTaskDefinition',
      'PassTaskRoles iam:PassRole',
      'RunTaskOfFamilyInCluster ecs:RunTask'
    ])
    expect(permissions[0]?.resources).toEqual([
      'arn:aws:ecs:eu-west-1:ACCOUNT_ID:cluster/production'
    ])
    expect(permissions[2]?.resources).toEqual(['arn:aws:iam::ACCOUNT_ID:role/exec'])
    expect(permissions[3]?.resources).toEqual([
      'arn:aws:ecs:eu-west-1:ACCOUNT_ID:task-definition/job:*'
    ])
  })

  it('everything: services, tags at registration and launch, every role, EBS', () => {
    const permissions = requiredPermissions(everything())
    expect(pairs(permissions)).toEqual([
      'ReadCluster ecs:DescribeClusters',
      'ReadServices ecs:DescribeServices',
      'ReadAndRegisterTaskDefinitions ecs:DescribeTaskDefinition',
      'ReadAndRegisterTaskDefinitions ecs:RegisterTaskDefinition',
      'TagTaskDefinitionsAtRegistration ecs:TagResource',
      'PassTaskRoles iam:PassRole',
      'RunTaskOfFamilyInCluster ecs:RunTask',
      'PassInfrastructureRoleForEbs iam:PassRole',
      'TagTasksAtLaunch ecs:TagResource',
      'WatchAndStopTasksInCluster ecs:DescribeTasks',
      'WatchAndStopTasksInCluster ecs:StopTask',
      'ReadTaskLogs logs:GetLogEvents'
    ])
    const byPair = new Map(permissions.map((p) => [`${p.sid} ${p.action}`, p]))
    expect(byPair.get('ReadServices ecs:DescribeServices')?.resources).toEqual([
      'arn:aws:ecs:eu-west-1:123456789012:service/production/shop-web'
    ])
    // The registration's roles and the overrides', each once, bare names in the account.
    expect(byPair.get('PassTaskRoles iam:PassRole')?.resources).toEqual([
      'arn:aws:iam::123456789012:role/shop-task',
      'arn:aws:iam::123456789012:role/shop-execution',
      'arn:aws:iam::123456789012:role/other-task'
    ])
  })

  it.each([
    [{ tags: [{ key: 'a', value: 'b' }] }, true],
    [{ propagateTags: 'TASK_DEFINITION' as const }, true],
    [{ propagateTags: 'NONE' as const }, false],
    [{ enableECSManagedTags: true }, true],
    [{ enableECSManagedTags: false, tags: [] }, false]
  ])('tags at launch (%j): ecs:TagResource %s', (extra, needed) => {
    const run = basic({ request: { taskDefinition: TD_ARN, ...extra } })
    expect(requiredPermissions(run).some((p) => p.sid === 'TagTasksAtLaunch')).toBe(needed)
  })

  it('takes a cluster ARN as given and the partition from the region', () => {
    const run = basic({
      region: 'cn-north-1',
      cluster: 'arn:aws-cn:ecs:cn-north-1:111122223333:cluster/batch',
      taskDefinition: { family: 'job' },
      logGroups: [{ region: 'cn-northwest-1', group: '/ecs/job' }]
    })
    const byAction = new Map(requiredPermissions(run).map((p) => [p.action, p]))
    expect(byAction.get('ecs:RunTask')).toMatchObject({
      resources: ['arn:aws-cn:ecs:cn-north-1:111122223333:task-definition/job:*'],
      condition: {
        ArnEquals: { 'ecs:cluster': 'arn:aws-cn:ecs:cn-north-1:111122223333:cluster/batch' }
      }
    })
    expect(byAction.get('ecs:DescribeTasks')?.resources).toEqual([
      'arn:aws-cn:ecs:cn-north-1:111122223333:task/batch/*'
    ])
    expect(byAction.get('logs:GetLogEvents')?.resources).toEqual([
      'arn:aws-cn:logs:cn-northwest-1:111122223333:log-group:/ecs/job:log-stream:*'
    ])
  })

  it('renders an IAM policy document with the statements of docs/iam-policy.json', () => {
    const doc = policyDocument(requiredPermissions(everything())) as {
      Version: string
      Statement: Array<Record<string, unknown>>
    }
    expect(doc.Version).toBe('2012-10-17')
    expect(doc.Statement.map((s) => [s['Sid'], s['Action']])).toEqual([
      ['ReadCluster', 'ecs:DescribeClusters'],
      ['ReadServices', 'ecs:DescribeServices'],
      [
        'ReadAndRegisterTaskDefinitions',
        ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition']
      ],
      ['TagTaskDefinitionsAtRegistration', 'ecs:TagResource'],
      ['PassTaskRoles', 'iam:PassRole'],
      ['RunTaskOfFamilyInCluster', 'ecs:RunTask'],
      ['PassInfrastructureRoleForEbs', 'iam:PassRole'],
      ['TagTasksAtLaunch', 'ecs:TagResource'],
      ['WatchAndStopTasksInCluster', ['ecs:DescribeTasks', 'ecs:StopTask']],
      ['ReadTaskLogs', 'logs:GetLogEvents']
    ])
    expect(doc.Statement[2]).toEqual({
      Sid: 'ReadAndRegisterTaskDefinitions',
      Effect: 'Allow',
      Action: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
      Resource: '*'
    })
  })

  it('keeps statement ids unique when one statement needs two resource sets', () => {
    const doc = policyDocument([
      { sid: 'A', action: 'x:One', resources: ['r1'], why: '' },
      { sid: 'A', action: 'x:Two', resources: ['r2'], why: '' }
    ]) as { Statement: Array<Record<string, unknown>> }
    expect(doc.Statement.map((s) => s['Sid'])).toEqual(['A', 'A1'])
  })
})

describe('consistent with docs/iam-policy.json', () => {
  // A run reads a schedule or a rule, never both: together the two cover every statement.
  const produced = [
    ...requiredPermissions({
      ...everything(),
      schedule: { kind: 'schedule', name: 'nightly', group: 'jobs', text: 'jobs/nightly' },
      listsTasks: true
    }),
    ...requiredPermissions({
      ...everything(),
      schedule: {
        kind: 'rule',
        name: 'nightly',
        region: 'us-east-1',
        text: 'arn:aws:events:us-east-1:123456789012:rule/nightly'
      }
    })
  ]

  it('can ask for exactly the actions the policy grants, statement by statement', () => {
    const granted = policy.Statement.flatMap((s) => list(s.Action).map((a) => `${s.Sid} ${a}`))
    expect([...new Set(pairs(produced))].sort()).toEqual(granted.sort())
  })

  it('uses the statement’s condition operators and keys, and resources of its shape', () => {
    const placeholder =
      /REGION|ACCOUNT_ID|CLUSTER|FAMILY|SERVICE|LOG_GROUP|GROUP|NAME|[A-Z_]+_ROLE/g
    for (const permission of produced) {
      const statement = policy.Statement.find((s) => s.Sid === permission.sid)
      const where = `${permission.sid} ${permission.action}`
      expect(statement, where).toBeDefined()
      const keys = (condition?: Record<string, Record<string, string>>) =>
        Object.entries(condition ?? {}).flatMap(([op, entries]) =>
          Object.keys(entries).map((key) => `${op} ${key}`)
        )
      expect(keys(permission.condition), where).toEqual(keys(statement?.Condition))
      // Constant condition values (e.g. ecs-tasks.amazonaws.com) are the policy's own.
      for (const [op, entries] of Object.entries(statement?.Condition ?? {})) {
        for (const [key, value] of Object.entries(entries)) {
          if (!placeholder.test(value)) {
            expect(permission.condition?.[op]?.[key], where).toBe(value)
          }
          placeholder.lastIndex = 0
        }
      }
      const shapes = list(statement?.Resource ?? []).map(
        (r) =>
          new RegExp(
            `^${r
              .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
              .replace(placeholder, '[^:]+')
              .replace(/^arn:aws:/, 'arn:aws[a-z-]*:')}$`
          )
      )
      for (const resource of permission.resources) {
        expect(
          shapes.some((shape) => shape.test(resource)),
          `${where}: ${resource}`
        ).toBe(true)
      }
    }
  })
})
