import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  LaunchType,
  NetworkConfiguration,
  PlacementConstraint,
  PlacementStrategy,
  PropagateTags,
  Tag,
  TaskOverride,
  TaskVolumeConfiguration
} from '@aws-sdk/client-ecs'
import type {
  EcsParameters as RuleEcsParameters,
  Target as RuleTarget
} from '@aws-sdk/client-eventbridge'
import type {
  EcsParameters as ScheduleEcsParameters,
  GetScheduleOutput,
  Target as ScheduleTarget
} from '@aws-sdk/client-scheduler'
import { createEventBridgeClient, createSchedulerClient } from '../aws/schedule-clients.js'
import { classifyAwsError, explainAccessDenied, errorMessage } from '../aws/errors.js'
import { retryTransient, type CallBudget } from '../aws/retry-transient.js'
import type { ScheduleRef } from '../inputs/schedule-ref.js'
import { InputError } from '../inputs/problems.js'
import { clause } from '../kit/sentences.js'

/** The universal target that calls ECS RunTask with its Input as the request. */
export const RUN_TASK_UNIVERSAL_TARGET = 'arn:aws:scheduler:::aws-sdk:ecs:runTask'

/** A scheduled ECS target, in RunTask's terms: what the scheduler would send. */
export interface ScheduledRun {
  /** `schedule "nightly" (group "default")`, `rule "nightly" (event bus "default")`. */
  what: string
  /** A schedule that is DISABLED: it still runs here, said in the log. */
  disabled: boolean
  /** Where the target came from: a templated ECS target, the universal target, a rule target. */
  form: string
  cluster: string
  taskDefinition: string
  count?: number
  launchType?: LaunchType
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  platformVersion?: string
  network?: NetworkConfiguration
  placementConstraints?: PlacementConstraint[]
  placementStrategy?: PlacementStrategy[]
  group?: string
  tags?: Tag[]
  propagateTags?: PropagateTags
  enableEcsManagedTags?: boolean
  enableExecuteCommand?: boolean
  overrides?: TaskOverride
  volumeConfigurations?: TaskVolumeConfiguration[]
}

const CLUSTER_ARN = /^arn:aws[-a-z]*:ecs:([a-z0-9-]+):\d{12}:cluster\/(.+)$/

/**
 * Reads what `schedule` names (GetSchedule, or ListTargetsByRule for a rule) and returns its ECS
 * target as a RunTask request would carry it. Every problem with it is an InputError, before any
 * ECS call: unknown, not an ECS target, several ECS targets, an input transformed on the way, a
 * cluster in another region than the step's.
 */
export async function readScheduledRun(
  ref: ScheduleRef,
  region: string,
  budget: CallBudget
): Promise<ScheduledRun> {
  const run =
    ref.kind === 'rule' ? await readRule(ref, budget) : await readSchedule(ref, region, budget)
  const clusterRegion = CLUSTER_ARN.exec(run.cluster)?.[1]
  if (clusterRegion !== undefined && clusterRegion !== region) {
    throw new InputError(
      `Input "schedule": ${run.what} runs its task in cluster ${run.cluster}, in region ` +
        `${clusterRegion}, not in this step's region ${region}. Set "aws-region: ${clusterRegion}" ` +
        '(or the region of configure-aws-credentials) to run it there.'
    )
  }
  return run
}

async function readSchedule(
  ref: Extract<ScheduleRef, { kind: 'schedule' }>,
  stepRegion: string,
  budget: CallBudget
): Promise<ScheduledRun> {
  const region = ref.region ?? stepRegion
  const group = ref.group ?? 'default'
  const what = `schedule "${ref.name}" (group "${group}")`
  const [{ GetScheduleCommand }, client] = await Promise.all([
    import('@aws-sdk/client-scheduler'),
    createSchedulerClient(region)
  ])
  let schedule: GetScheduleOutput
  try {
    schedule = await retryTransient(
      'GetSchedule',
      () => client.send(new GetScheduleCommand({ Name: ref.name, GroupName: group })),
      budget
    )
  } catch (error) {
    const resource = `arn:aws:scheduler:${region}:ACCOUNT_ID:schedule/${group}/${ref.name}`
    throw readError(error, what, region, 'scheduler:GetSchedule', resource, 'EventBridge Scheduler')
  } finally {
    client.destroy()
  }
  const target = schedule.Target
  const disabled = schedule.State === 'DISABLED'
  if (target?.Arn === RUN_TASK_UNIVERSAL_TARGET) {
    return { what, disabled, form: 'the universal target ecs:runTask', ...universal(target, what) }
  }
  if (!target?.EcsParameters) {
    throw new InputError(
      `Input "schedule": ${what} targets ${target?.Arn ?? 'nothing'}, not Amazon ECS: give a ` +
        `schedule whose target is an ECS cluster (RunTask) or ${RUN_TASK_UNIVERSAL_TARGET}.`
    )
  }
  return {
    what,
    disabled,
    form: 'its ECS target',
    ...fromEcsParameters(
      target.Arn ?? '',
      target.EcsParameters,
      schedulerTags(target.EcsParameters)
    ),
    ...taskOverride(target, what)
  }
}

async function readRule(
  ref: Extract<ScheduleRef, { kind: 'rule' }>,
  budget: CallBudget
): Promise<ScheduledRun> {
  const bus = ref.bus ?? 'default'
  const what = `rule "${ref.name}" (event bus "${bus}")`
  const [{ ListTargetsByRuleCommand }, client] = await Promise.all([
    import('@aws-sdk/client-eventbridge'),
    createEventBridgeClient(ref.region)
  ])
  const targets: RuleTarget[] = []
  try {
    let next: string | undefined
    do {
      const token = next
      const page = await retryTransient(
        'ListTargetsByRule',
        () =>
          client.send(
            new ListTargetsByRuleCommand({
              Rule: ref.name,
              ...(ref.bus ? { EventBusName: ref.bus } : {}),
              ...(token ? { NextToken: token } : {})
            })
          ),
        budget
      )
      targets.push(...(page.Targets ?? []))
      next = page.NextToken
    } while (next)
  } catch (error) {
    throw readError(error, what, ref.region, 'events:ListTargetsByRule', ref.text, 'EventBridge')
  } finally {
    client.destroy()
  }
  const ecs = targets.filter((t) => t.EcsParameters !== undefined || CLUSTER_ARN.test(t.Arn ?? ''))
  const named = (list: RuleTarget[]): string =>
    list.map((t) => `${t.Id ?? '?'} (${t.Arn ?? '?'})`).join(', ')
  if (ecs.length !== 1) {
    const none = targets.length === 0 ? 'no targets' : `no ECS target, only ${named(targets)}`
    throw new InputError(
      ecs.length === 0
        ? `Input "schedule": ${what} has ${none}: give a rule whose target runs an ECS task.`
        : `Input "schedule": ${what} has ${ecs.length} ECS targets, ${named(ecs)}: which one to ` +
            'run is not clear. Give a rule with one ECS target, or the inputs of the one to run.'
    )
  }
  const target = ecs[0] as RuleTarget
  if (target.InputTransformer || target.InputPath) {
    const how = target.InputTransformer
      ? 'an InputTransformer'
      : `an InputPath (${target.InputPath})`
    throw new InputError(
      `Input "schedule": target ${target.Id ?? '?'} of ${what} shapes its input with ${how}, ` +
        'from the event that triggers it; without that event it cannot be run as scheduled. Give ' +
        'the task override in "overrides" instead.'
    )
  }
  const tags = (target.EcsParameters?.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value }))
  return {
    what,
    disabled: false,
    form: `its ECS target ${target.Id ?? ''}`.trim(),
    ...fromEcsParameters(
      target.Arn ?? '',
      target.EcsParameters ?? { TaskDefinitionArn: undefined },
      tags
    ),
    ...taskOverride(target, what)
  }
}

type Params = ScheduleEcsParameters | RuleEcsParameters
type Fields = Omit<ScheduledRun, 'what' | 'disabled' | 'form'>

/** The templated ECS target of either service: the two spell these fields alike. */
function fromEcsParameters(cluster: string, p: Params, tags: Tag[]): Fields {
  const vpc = p.NetworkConfiguration?.awsvpcConfiguration
  const fields: Fields = { cluster, taskDefinition: p.TaskDefinitionArn ?? '' }
  if (p.TaskCount !== undefined) fields.count = p.TaskCount
  if (p.LaunchType) fields.launchType = p.LaunchType as LaunchType
  if (p.CapacityProviderStrategy?.length) {
    fields.capacityProviderStrategy = p.CapacityProviderStrategy.map((s) => ({ ...s }))
  }
  if (p.PlatformVersion) fields.platformVersion = p.PlatformVersion
  if (vpc) {
    fields.network = {
      awsvpcConfiguration: {
        subnets: vpc.Subnets ?? [],
        ...(vpc.SecurityGroups?.length ? { securityGroups: vpc.SecurityGroups } : {}),
        ...(vpc.AssignPublicIp ? { assignPublicIp: vpc.AssignPublicIp as AssignPublicIp } : {})
      }
    }
  }
  if (p.PlacementConstraints?.length) {
    fields.placementConstraints = p.PlacementConstraints.map((c) => ({ ...c }))
  }
  if (p.PlacementStrategy?.length)
    fields.placementStrategy = p.PlacementStrategy.map((s) => ({ ...s }))
  if (p.Group) fields.group = p.Group
  if (tags.length > 0) fields.tags = tags
  if (p.PropagateTags) fields.propagateTags = p.PropagateTags as PropagateTags
  if (p.EnableECSManagedTags !== undefined) fields.enableEcsManagedTags = p.EnableECSManagedTags
  if (p.EnableExecuteCommand !== undefined) fields.enableExecuteCommand = p.EnableExecuteCommand
  return fields
}

/** Scheduler's Tags: a list of maps of one key each. */
function schedulerTags(p: ScheduleEcsParameters): Tag[] {
  return (p.Tags ?? []).flatMap((map) =>
    Object.entries(map).map(([key, value]) => ({ key, value }))
  )
}

/** An ECS target's Input: JSON of the task override RunTask gets. */
function taskOverride(
  target: ScheduleTarget | RuleTarget,
  what: string
): { overrides?: TaskOverride } {
  if (target.Input === undefined || target.Input.trim() === '') return {}
  const parsed = jsonObject(target.Input, what, 'a task override')
  return { overrides: parsed as TaskOverride }
}

/**
 * The universal target's Input is the RunTask request itself. It is written in the API's
 * member names (`cluster`, `taskDefinition`) or, as in AWS's examples of universal targets,
 * capitalised (`Cluster`, `TaskDefinition`): both are read.
 */
function universal(target: ScheduleTarget, what: string): Fields {
  const request = camelKeys(jsonObject(target.Input ?? '{}', what, 'a RunTask request')) as Record<
    string,
    unknown
  >
  const taskDefinition = request['taskDefinition']
  if (typeof taskDefinition !== 'string' || taskDefinition === '') {
    throw new InputError(
      `Input "schedule": the Input of ${what} (${RUN_TASK_UNIVERSAL_TARGET}) names no ` +
        '"taskDefinition": it is not a RunTask request ECS would accept.'
    )
  }
  const pick = <T>(key: string): T | undefined => request[key] as T | undefined
  const fields: Fields = { cluster: pick<string>('cluster') ?? 'default', taskDefinition }
  const copy = {
    count: pick<number>('count'),
    launchType: pick<LaunchType>('launchType'),
    capacityProviderStrategy: pick<CapacityProviderStrategyItem[]>('capacityProviderStrategy'),
    platformVersion: pick<string>('platformVersion'),
    network: pick<NetworkConfiguration>('networkConfiguration'),
    placementConstraints: pick<PlacementConstraint[]>('placementConstraints'),
    placementStrategy: pick<PlacementStrategy[]>('placementStrategy'),
    group: pick<string>('group'),
    tags: pick<Tag[]>('tags'),
    propagateTags: pick<PropagateTags>('propagateTags'),
    enableEcsManagedTags: pick<boolean>('enableECSManagedTags'),
    enableExecuteCommand: pick<boolean>('enableExecuteCommand'),
    overrides: pick<TaskOverride>('overrides'),
    volumeConfigurations: pick<TaskVolumeConfiguration[]>('volumeConfigurations')
  }
  for (const [key, value] of Object.entries(copy)) {
    if (value !== undefined) (fields as unknown as Record<string, unknown>)[key] = value
  }
  return fields
}

function jsonObject(text: string, what: string, shape: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(
      `Input "schedule": the Input of ${what} is not a JSON object (${shape}), so it cannot be ` +
        'run as scheduled.'
    )
  }
  return parsed as Record<string, unknown>
}

/**
 * Keys with their first letter in lower case, all the way down: RunTask's members are all
 * camelCase and its request holds no free-form maps, so no value's name is changed.
 */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelKeys(v)])
  )
}

/** Unknown, denied or otherwise failed: each said as what to do. */
function readError(
  error: unknown,
  what: string,
  region: string,
  action: string,
  resource: string,
  service: string
): Error {
  const denied = explainAccessDenied(error, action, resource)
  if (denied) return new Error(denied, { cause: error })
  if (classifyAwsError(error).kind === 'not-found') {
    return new InputError(
      `Input "schedule": ${what} was not found by ${service} in region ${region} ` +
        `(${clause(errorMessage(error))}). Check its name, group or bus, and the region.`
    )
  }
  return error instanceof Error ? error : new Error(String(error))
}
