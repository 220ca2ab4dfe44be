import type { ScheduleRef } from '../inputs/schedule-ref.js'
import type {
  RegisterTaskDefinitionCommandInput,
  RunTaskCommandInput,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import { clusterName } from '../kit/links.js'

/** What a run does, as far as IAM is concerned. */
export interface RunFootprint {
  region: string
  /** The `cluster` input: a name or an ARN. */
  cluster: string
  /** The definition that runs (as described, or as it would be registered). */
  taskDefinition: TaskDefinition
  /** DescribeTaskDefinition is called (not for a file that is only registered). */
  describesTaskDefinition: boolean
  registration?: RegisterTaskDefinitionCommandInput
  /** Services described (`service`, `network-from-service`): names or ARNs. */
  services: string[]
  request: RunTaskCommandInput
  /** Log groups of the streamed containers, each in its region. */
  logGroups: Array<{ region: string; group: string }>
  /** DescribeTasks while waiting. */
  waits: boolean
  /** StopTask on wait-timeout, on cancel and in the post step. */
  stops: boolean
  /** `schedule`: GetSchedule or ListTargetsByRule first. */
  schedule?: ScheduleRef
  /** `if-running`: ListTasks for the job's running tasks. */
  listsTasks?: boolean
}

/** One permission: an IAM action on resources, the docs/iam-policy.json statement it is in. */
export interface Permission {
  /** The `Sid` of the statement of docs/iam-policy.json that grants it. */
  sid: string
  action: string
  resources: string[]
  condition?: Record<string, Record<string, string>>
  why: string
}

/**
 * The permissions a run needs, derived from what it would call and with what, in the order it
 * needs them. Resources are the ARNs of this run (account from any ARN at hand, else
 * ACCOUNT_ID), shaped as in docs/iam-policy.json so they can be pasted into it.
 */
export function requiredPermissions(run: RunFootprint): Permission[] {
  const arn = arnMaker(run)
  const cluster = clusterName(run.cluster)
  const clusterArn = run.cluster.startsWith('arn:') ? run.cluster : arn('ecs', `cluster/${cluster}`)
  const family = run.registration?.family ?? run.taskDefinition.family ?? 'FAMILY'
  const names: RunArns = {
    arn,
    cluster,
    familyArn: arn('ecs', `task-definition/${family}:*`),
    inCluster: { ArnEquals: { 'ecs:cluster': clusterArn } },
    tasksInCluster: arn('ecs', `task/${cluster}/*`)
  }
  const readCluster: Permission = {
    sid: 'ReadCluster',
    action: 'ecs:DescribeClusters',
    resources: [clusterArn],
    why: 'check the cluster before anything is registered or started (without it, the check is skipped)'
  }
  const scheduled = run.schedule ? [toReadSchedule(run.schedule, run.region, arn)] : []
  const lists: Permission[] = run.listsTasks
    ? [
        {
          sid: 'ListTasksInCluster',
          action: 'ecs:ListTasks',
          resources: ['*'],
          condition: names.inCluster,
          why: 'look for the job\'s running tasks ("if-running")'
        }
      ]
    : []
  return [
    ...scheduled,
    readCluster,
    ...lists,
    ...toRegister(run, names),
    ...toRunAndFollow(run, names)
  ]
}

/** The schedule or rule `schedule` names, read before anything else. */
function toReadSchedule(ref: ScheduleRef, stepRegion: string, arn: ArnMaker): Permission {
  if (ref.kind === 'rule') {
    return {
      sid: 'ReadScheduledTargets',
      action: 'events:ListTargetsByRule',
      resources: [ref.text],
      why: 'read the ECS target of the rule "schedule" names'
    }
  }
  const region = ref.region ?? stepRegion
  return {
    sid: 'ReadScheduledTargets',
    action: 'scheduler:GetSchedule',
    resources: [
      ref.text.startsWith('arn:')
        ? ref.text
        : arn('scheduler', `schedule/${ref.group ?? 'default'}/${ref.name}`, region)
    ],
    why: 'read the ECS target of the schedule "schedule" names'
  }
}

/** The ARNs a run's permissions name. */
interface RunArns {
  arn: ArnMaker
  cluster: string
  familyArn: string
  inCluster: NonNullable<Permission['condition']>
  tasksInCluster: string
}

/** Before RunTask: the services and the task definition read, and what is registered. */
function toRegister(run: RunFootprint, { arn, cluster, familyArn }: RunArns): Permission[] {
  const list: Permission[] = []

  if (run.services.length > 0) {
    list.push({
      sid: 'ReadServices',
      action: 'ecs:DescribeServices',
      resources: run.services.map((s) =>
        s.startsWith('arn:') ? s : arn('ecs', `service/${cluster}/${s}`)
      ),
      why: 'read the service the task runs like or copies its network from'
    })
  }
  if (run.describesTaskDefinition) {
    list.push({
      sid: 'ReadAndRegisterTaskDefinitions',
      action: 'ecs:DescribeTaskDefinition',
      resources: ['*'],
      why: 'resolve the task definition (AWS accepts only "*" here)'
    })
  }
  if (run.registration) {
    list.push({
      sid: 'ReadAndRegisterTaskDefinitions',
      action: 'ecs:RegisterTaskDefinition',
      resources: ['*'],
      why: 'register the new revision (AWS accepts only "*" here)'
    })
    if (run.registration.tags?.length) {
      list.push({
        sid: 'TagTaskDefinitionsAtRegistration',
        action: 'ecs:TagResource',
        resources: [familyArn],
        condition: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
        why: 'the new revision is registered with tags'
      })
    }
  }
  return list
}

/** RunTask with its roles and tags, then waiting, stopping and the logs. */
function toRunAndFollow(run: RunFootprint, names: RunArns): Permission[] {
  const { arn, familyArn, inCluster, tasksInCluster } = names
  const list: Permission[] = []
  const roles = taskRoles(run).map((role) => roleArn(role, arn))
  if (roles.length > 0) {
    list.push({
      sid: 'PassTaskRoles',
      action: 'iam:PassRole',
      resources: roles,
      condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      why: 'hand the task and execution roles to ECS'
    })
  }
  list.push({
    sid: 'RunTaskOfFamilyInCluster',
    action: 'ecs:RunTask',
    resources: [familyArn],
    condition: inCluster,
    why: 'start the task'
  })
  const infrastructure = unique(
    (run.request.volumeConfigurations ?? []).flatMap((v) => v.managedEBSVolume?.roleArn ?? [])
  )
  if (infrastructure.length > 0) {
    list.push({
      sid: 'PassInfrastructureRoleForEbs',
      action: 'iam:PassRole',
      resources: infrastructure.map((role) => roleArn(role, arn)),
      condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
      why: 'let ECS create the Amazon EBS volumes'
    })
  }
  if (tagsAtLaunch(run.request)) {
    list.push({
      sid: 'TagTasksAtLaunch',
      action: 'ecs:TagResource',
      resources: [tasksInCluster],
      condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
      why: 'the task is tagged at launch (tags, propagate-tags or ECS managed tags)'
    })
  }
  if (run.waits) {
    list.push({
      sid: 'WatchAndStopTasksInCluster',
      action: 'ecs:DescribeTasks',
      resources: [tasksInCluster],
      condition: inCluster,
      why: 'wait for the task to stop'
    })
  }
  if (run.stops) {
    list.push({
      sid: 'WatchAndStopTasksInCluster',
      action: 'ecs:StopTask',
      resources: [tasksInCluster],
      condition: inCluster,
      why: 'stop the task on wait-timeout or cancellation'
    })
  }
  const groups = unique(run.logGroups.map(({ region, group }) => `${region}\n${group}`))
  if (groups.length > 0) {
    list.push({
      sid: 'ReadTaskLogs',
      action: 'logs:GetLogEvents',
      resources: groups.map((key) => {
        const [region = run.region, group = ''] = key.split('\n')
        return arn('logs', `log-group:${group}:log-stream:*`, region)
      }),
      why: 'stream the containers’ logs'
    })
  }
  return list
}

/**
 * The permissions as an IAM policy document, with the statement ids of docs/iam-policy.json:
 * actions of one statement on the same resources share it.
 */
export function policyDocument(permissions: Permission[]): object {
  const statements: Array<{ sid: string; actions: string[]; of: Permission }> = []
  for (const p of permissions) {
    const same = statements.find(
      (s) =>
        s.sid === p.sid &&
        JSON.stringify([s.of.resources, s.of.condition]) ===
          JSON.stringify([p.resources, p.condition])
    )
    if (same) same.actions.push(p.action)
    else statements.push({ sid: p.sid, actions: [p.action], of: p })
  }
  return {
    Version: '2012-10-17',
    Statement: statements.map(({ sid, actions, of }, i) => ({
      // Sids must be unique in a policy: a statement split by its resources gets a number.
      Sid: statements.findIndex((s) => s.sid === sid) === i ? sid : `${sid}${i}`,
      Effect: 'Allow',
      Action: actions.length === 1 ? actions[0] : actions,
      Resource: of.resources.length === 1 ? of.resources[0] : of.resources,
      ...(of.condition ? { Condition: of.condition } : {})
    }))
  }
}

/** RunTask tags the task when it sends tags, propagates them, or asks for managed tags. */
function tagsAtLaunch(request: RunTaskCommandInput): boolean {
  return (
    (request.tags?.length ?? 0) > 0 ||
    (request.propagateTags !== undefined && request.propagateTags !== 'NONE') ||
    request.enableECSManagedTags === true
  )
}

/** The roles handed to ECS: the definition's (or the registration's) and the overrides'. */
function taskRoles(run: RunFootprint): string[] {
  const definition = run.registration ?? run.taskDefinition
  const overrides = run.request.overrides
  return unique(
    [
      definition.taskRoleArn,
      definition.executionRoleArn,
      overrides?.taskRoleArn,
      overrides?.executionRoleArn
    ].filter((role): role is string => Boolean(role))
  )
}

type ArnMaker = (service: string, resource: string, region?: string) => string

/** ARNs in the run's partition and account (from any ARN the run names, else ACCOUNT_ID). */
function arnMaker(run: RunFootprint): ArnMaker {
  const known = [
    run.taskDefinition.taskDefinitionArn,
    run.cluster,
    ...run.services,
    ...taskRoles(run)
  ].filter((a): a is string => a?.startsWith('arn:') === true)
  const account = known.map((a) => a.split(':')[4]).find((a) => a && /^\d{12}$/.test(a))
  const partition = partitionOf(run.region)
  return (service, resource, region = run.region) =>
    `arn:${partition}:${service}:${region}:${account ?? 'ACCOUNT_ID'}:${resource}`
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

/** A role as IAM names it: an ARN as given, a bare name in the run's account. */
function roleArn(role: string, arn: ArnMaker): string {
  if (role.startsWith('arn:')) return role
  const [, partition, , , account] = arn('iam', '', '').split(':')
  return `arn:${partition}:iam::${account}:role/${role}`
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
