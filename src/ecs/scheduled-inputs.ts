import type { ContainerOverride, KeyValuePair, Tag, TaskOverride } from '@aws-sdk/client-ecs'
import type { Inputs } from '../inputs/inputs.js'
import type { ScheduledRun } from './schedule.js'

/** The inputs with a schedule's values, and what came from where, for the log and dry run. */
export interface Scheduled {
  inputs: Inputs
  /** `cluster arn:…/nightly`, `tags team=data (the step's added)`: one clause each. */
  fromSchedule: string[]
  /** Inputs given to the step that won over the schedule's value. */
  givenInstead: string[]
}

/**
 * A scheduled target's values where the step gives none, as README "Scheduled jobs" says: an
 * input given wins (tags are merged, the step's value winning for a key; `subnets` or
 * `network-from-service` replaces the whole network), and the target's task override is the
 * base that `overrides`, then `command` and `environment`, merge into.
 */
export function withScheduledRun(inputs: Inputs, run: ScheduledRun): Scheduled {
  const next: Inputs = { ...inputs }
  const from: string[] = []
  const instead: string[] = []
  const given = (name: string): boolean => inputs.given?.has(name) ?? false
  const filled = new Set<string>()
  const take = (input: string, isGiven: boolean, has: boolean, apply: () => string): void => {
    if (!has) return
    if (isGiven) instead.push(input)
    else {
      filled.add(input)
      from.push(apply())
    }
  }

  take('cluster', given('cluster'), true, () => {
    next.cluster = run.cluster
    return `cluster ${run.cluster}`
  })
  take('task-definition', inputs.taskDefinition !== undefined, true, () => {
    next.taskDefinition = { kind: 'reference', reference: run.taskDefinition }
    return `task definition ${run.taskDefinition}`
  })
  take('count', given('count'), run.count !== undefined, () => {
    next.count = run.count ?? 1
    return `count ${next.count}`
  })
  const launchGiven =
    inputs.launchType !== undefined || inputs.capacityProviderStrategy !== undefined
  take('launch-type', launchGiven, run.launchType !== undefined, () => {
    if (run.launchType) next.launchType = run.launchType
    return `launch type ${run.launchType}`
  })
  take(
    'capacity-provider-strategy',
    launchGiven,
    run.capacityProviderStrategy !== undefined,
    () => {
      if (run.capacityProviderStrategy) next.capacityProviderStrategy = run.capacityProviderStrategy
      const items = (run.capacityProviderStrategy ?? []).map(
        (s) => `${s.capacityProvider}:${s.weight ?? 0}:${s.base ?? 0}`
      )
      return `capacity provider strategy ${items.join(', ')}`
    }
  )
  take('platform-version', inputs.platformVersion !== undefined, !!run.platformVersion, () => {
    if (run.platformVersion) next.platformVersion = run.platformVersion
    return `platform version ${run.platformVersion}`
  })
  takeNetwork(inputs, next, run, from, instead, filled)
  takeRest(inputs, next, run, from, instead, given, filled)
  next.fromSchedule = { what: run.what, inputs: filled }
  return { inputs: next, fromSchedule: from, givenInstead: instead }
}

function takeNetwork(
  inputs: Inputs,
  next: Inputs,
  run: ScheduledRun,
  from: string[],
  instead: string[],
  filled: Set<string>
): void {
  const vpc = run.network?.awsvpcConfiguration
  if (!vpc) return
  if (inputs.subnets.length > 0 || inputs.networkFromService !== undefined) {
    instead.push(inputs.subnets.length > 0 ? 'subnets' : 'network-from-service')
    return
  }
  next.subnets = vpc.subnets ?? []
  filled.add('subnets')
  const parts = [`subnets ${next.subnets.join(', ')}`]
  if (inputs.securityGroups.length > 0) instead.push('security-groups')
  else if (vpc.securityGroups?.length) {
    next.securityGroups = vpc.securityGroups
    filled.add('security-groups')
    parts.push(`security groups ${vpc.securityGroups.join(', ')}`)
  }
  if (inputs.assignPublicIp !== undefined) instead.push('assign-public-ip')
  else if (vpc.assignPublicIp) {
    next.assignPublicIp = vpc.assignPublicIp
    filled.add('assign-public-ip')
    parts.push(`public IP ${vpc.assignPublicIp}`)
  }
  from.push(`network (${parts.join('; ')})`)
}

function takeRest(
  inputs: Inputs,
  next: Inputs,
  run: ScheduledRun,
  from: string[],
  instead: string[],
  given: (name: string) => boolean,
  filled: Set<string>
): void {
  const plain: Array<[string, keyof Inputs, keyof ScheduledRun, boolean]> = [
    ['placement-constraints', 'placementConstraints', 'placementConstraints', false],
    ['placement-strategy', 'placementStrategy', 'placementStrategy', false],
    ['group', 'group', 'group', false],
    ['propagate-tags', 'propagateTags', 'propagateTags', false],
    ['enable-ecs-managed-tags', 'enableEcsManagedTags', 'enableEcsManagedTags', true],
    ['enable-execute-command', 'enableExecuteCommand', 'enableExecuteCommand', true],
    ['volume-configurations', 'volumeConfigurations', 'volumeConfigurations', false]
  ]
  const target = next as unknown as Record<string, unknown>
  for (const [input, field, key, inCode] of plain) {
    const value = run[key]
    if (value === undefined) continue
    const isGiven = inCode ? given(input) : inputs[field] !== undefined
    if (isGiven) instead.push(input)
    else {
      target[field] = value
      filled.add(input)
      from.push(`${input} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    }
  }
  if (run.tags?.length) {
    next.tags = mergeTags(run.tags, inputs.tags)
    const added = inputs.tags.length > 0 ? " (the step's tags added, winning for a key)" : ''
    from.push(`tags ${run.tags.map((t) => `${t.key}=${t.value}`).join(', ')}${added}`)
  }
  if (run.overrides) {
    const merged = mergeTaskOverrides(run.overrides, inputs.overrides)
    if (merged) next.overrides = merged
    // `overrides` filled only when the step gave none; `task-override`: the target has one.
    if (!inputs.overrides) filled.add('overrides')
    filled.add('task-override')
    const names = (run.overrides.containerOverrides ?? []).map((o) => o.name).filter(Boolean)
    const which = names.length > 0 ? ` (for ${names.join(', ')})` : ''
    const under = inputs.overrides || inputs.command || inputs.environment.length > 0
    from.push(
      `task override${which}${under ? ', with the step\'s "overrides", "command" and "environment" merged over it' : ''}`
    )
  }
}

/** The target's tags with the step's: the step's value wins for a key, order kept. */
export function mergeTags(base: Tag[], top: Tag[]): Tag[] {
  const byKey = new Map<string, Tag>()
  for (const tag of [...base, ...top]) byKey.set(tag.key ?? '', tag)
  return [...byKey.values()]
}

/**
 * `top` over `base`: task-level fields of `top` win; a container's override is merged by name,
 * `top`'s fields winning and environment variables and files merged by name.
 */
export function mergeTaskOverrides(
  base: TaskOverride,
  top: TaskOverride | undefined
): TaskOverride | undefined {
  if (!top) return base
  const containers = [...(base.containerOverrides ?? [])].map((o) => ({ ...o }))
  for (const over of top.containerOverrides ?? []) {
    const i = containers.findIndex((o) => o.name === over.name)
    if (i < 0) containers.push(over)
    else containers[i] = mergeContainer(containers[i] as ContainerOverride, over)
  }
  const merged: TaskOverride = { ...base, ...top }
  if (containers.length > 0) merged.containerOverrides = containers
  return merged
}

function mergeContainer(base: ContainerOverride, top: ContainerOverride): ContainerOverride {
  const merged: ContainerOverride = { ...base, ...top }
  if (base.environment && top.environment) {
    const byName = new Map<string, KeyValuePair>()
    for (const pair of [...base.environment, ...top.environment]) byName.set(pair.name ?? '', pair)
    merged.environment = [...byName.values()]
  }
  return merged
}
