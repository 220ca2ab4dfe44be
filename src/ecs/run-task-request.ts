import type {
  CapacityProviderStrategyItem,
  ContainerOverride,
  KeyValuePair,
  LaunchType,
  NetworkConfiguration,
  RunTaskCommandInput,
  TaskOverride
} from '@aws-sdk/client-ecs'
import type { Inputs } from '../inputs/inputs.js'

/** How the task is placed: a launch type or a capacity provider strategy, and a platform. */
export interface Launch {
  launchType?: LaunchType
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  platformVersion?: string
}

/**
 * The inputs' launch settings, completed from a service's: `launch-type` or
 * `capacity-provider-strategy` given means neither is taken from the service (ECS takes one or
 * the other); `platform-version` given wins; the service's platform version is not taken for
 * a launch the inputs make non-Fargate (EC2, EXTERNAL, an EC2 capacity provider).
 */
export function resolveLaunch(inputs: Inputs, service: Launch = {}): Launch {
  const fromInputs =
    inputs.launchType !== undefined || inputs.capacityProviderStrategy !== undefined
  const launch: Launch = {}
  const launchType = fromInputs ? inputs.launchType : service.launchType
  const strategy = fromInputs ? inputs.capacityProviderStrategy : service.capacityProviderStrategy
  if (launchType) launch.launchType = launchType
  if (strategy?.length) launch.capacityProviderStrategy = strategy
  const fargate =
    launchType === 'FARGATE' ||
    (strategy?.length
      ? strategy.every((s) => (s.capacityProvider ?? '').startsWith('FARGATE'))
      : launchType === undefined)
  const platformVersion = inputs.platformVersion ?? (fargate ? service.platformVersion : undefined)
  if (platformVersion) launch.platformVersion = platformVersion
  return launch
}

/**
 * One RunTask request from the validated inputs, with the launch settings of `resolveLaunch`
 * (the inputs', completed from a service's); nothing here calls AWS.
 */
export function buildRunTaskRequest(
  inputs: Inputs,
  taskDefinitionArn: string,
  container: string,
  network: NetworkConfiguration | undefined,
  launch: Launch = resolveLaunch(inputs)
): RunTaskCommandInput {
  const overrides = mergeOverrides(inputs.overrides, container, inputs.command, inputs.environment)
  const request: RunTaskCommandInput = {
    cluster: inputs.cluster,
    taskDefinition: taskDefinitionArn,
    count: inputs.count,
    clientToken: inputs.clientToken,
    startedBy: inputs.startedBy,
    enableECSManagedTags: inputs.enableEcsManagedTags,
    enableExecuteCommand: inputs.enableExecuteCommand
  }
  if (overrides) request.overrides = overrides
  if (network) request.networkConfiguration = network
  if (launch.launchType) request.launchType = launch.launchType
  if (launch.capacityProviderStrategy) {
    request.capacityProviderStrategy = launch.capacityProviderStrategy
  }
  if (launch.platformVersion) request.platformVersion = launch.platformVersion
  if (inputs.group) request.group = inputs.group
  if (inputs.tags.length > 0) request.tags = inputs.tags
  if (inputs.propagateTags) request.propagateTags = inputs.propagateTags
  if (inputs.placementConstraints) request.placementConstraints = inputs.placementConstraints
  if (inputs.placementStrategy) request.placementStrategy = inputs.placementStrategy
  if (inputs.volumeConfigurations) request.volumeConfigurations = inputs.volumeConfigurations
  return request
}

/**
 * `command` and `environment` are merged into the `overrides` JSON for `container`: they
 * replace that container's command and add to (or replace by name) its environment; the
 * other containers' overrides and the task-level fields are kept as given.
 */
export function mergeOverrides(
  base: TaskOverride | undefined,
  container: string,
  command: string[] | undefined,
  environment: KeyValuePair[]
): TaskOverride | undefined {
  if (!command && environment.length === 0) return base
  const containerOverrides: ContainerOverride[] = [...(base?.containerOverrides ?? [])]
  const index = containerOverrides.findIndex((o) => o.name === container)
  const current: ContainerOverride =
    index >= 0 ? { ...containerOverrides[index] } : { name: container }
  if (command) current.command = command
  if (environment.length > 0) {
    const byName = new Map<string, KeyValuePair>()
    for (const pair of current.environment ?? []) byName.set(pair.name ?? '', pair)
    for (const pair of environment) byName.set(pair.name ?? '', pair)
    current.environment = [...byName.values()]
  }
  if (index >= 0) containerOverrides[index] = current
  else containerOverrides.push(current)
  return { ...base, containerOverrides }
}

/** The environment variables that tell a shard's primary container which shard it is. */
export const SHARD_ENV = { index: 'ECS_RUN_TASK_SHARD', total: 'ECS_RUN_TASK_SHARDS' } as const

/** ECS refuses a RunTask whose `overrides`, as JSON, pass this many characters. */
export const OVERRIDES_MAX_CHARS = 8192

/**
 * Shard `index` of `total`: the step's request, count 1, with the shard's index added to
 * `container`'s environment overrides (after `environment`, which applies to every shard).
 */
export function shardRequest(
  request: RunTaskCommandInput,
  container: string,
  index: number,
  total: number
): RunTaskCommandInput {
  const environment = [
    { name: SHARD_ENV.index, value: String(index) },
    { name: SHARD_ENV.total, value: String(total) }
  ]
  const overrides = mergeOverrides(request.overrides, container, undefined, environment)
  return { ...request, count: 1, ...(overrides ? { overrides } : {}) }
}

/**
 * The overrides of the widest shard (the last index has the most digits) when they pass ECS's
 * 8,192 characters, else undefined: RunTask would refuse that shard after others had started.
 */
export function shardOverridesTooLong(
  request: RunTaskCommandInput,
  container: string,
  total: number
): number | undefined {
  const widest = shardRequest(request, container, total - 1, total)
  const chars = JSON.stringify(widest.overrides ?? {}).length
  return chars > OVERRIDES_MAX_CHARS ? chars : undefined
}

/** The request as it may be printed: environment values are secrets. */
export function redactRequest(request: RunTaskCommandInput): RunTaskCommandInput {
  if (!request.overrides?.containerOverrides) return request
  return {
    ...request,
    overrides: {
      ...request.overrides,
      containerOverrides: request.overrides.containerOverrides.map((o) =>
        o.environment
          ? { ...o, environment: o.environment.map((e) => ({ name: e.name, value: '***' })) }
          : o
      )
    }
  }
}
