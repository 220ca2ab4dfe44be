import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  LaunchType,
  PlacementConstraint,
  PlacementStrategy,
  TaskOverride,
  TaskVolumeConfiguration
} from '@aws-sdk/client-ecs'
import { CLUSTER_ARN, SERVICE_ARN } from './ecs-names.js'
import { IF_RUNNING, type IfRunning, type Inputs } from './inputs.js'
import {
  CAPACITY_PROVIDER_STRATEGY,
  PLACEMENT_CONSTRAINTS,
  PLACEMENT_STRATEGY,
  TASK_OVERRIDE,
  VOLUME_CONFIGURATIONS
} from './ecs-shapes.js'
import type { Shape } from './shape.js'
import { readJson } from './json.js'
import {
  boolean,
  clientToken,
  containerName,
  containerNames,
  group,
  ids,
  images,
  minutes,
  nameOrArn,
  oneOf,
  optional,
  optionalText,
  outputNames,
  parseCapacityProviderLines,
  parseCommand,
  parseEnvironment,
  parseTags,
  propagateTags,
  region,
  retryCauses,
  shards,
  startedBy,
  wholeNumberFrom,
  type Parser
} from './parsers.js'
import { scheduleRef } from './schedule-ref.js'
import { taskDefinitionSource } from './task-definition-source.js'

export interface Declaration {
  /** The Inputs field it fills; none for inputs only other parsers read (`job-index`). */
  field?: keyof Inputs
  /** As in action.yml (a test keeps them equal); also used when the text is empty. */
  default?: string
  /** An empty text is a value of its own (`retry-on: ''`: never), not the default. */
  emptyIsValue?: true
  /**
   * The default applied here rather than in action.yml (the runner passes an action.yml default
   * as if given): a value a `schedule` can supply, where the workflow's own must win over it.
   */
  codeDefault?: string
  parse: Parser<unknown>
}

const input = <K extends keyof Inputs>(
  field: K,
  parse: Parser<Inputs[K] | undefined>,
  more: Omit<Declaration, 'field' | 'parse'> = {}
): Declaration => ({ field, parse, ...more })

const json = <T>(shape: Shape): Parser<T | undefined> => {
  return (text, { input: name, p }) => readJson<T>(name, text, shape, p)
}

/** Every input of action.yml, in its order: name, parser and default, declared once. */
export const DECLARATIONS: Readonly<Record<string, Declaration>> = {
  'task-definition': input('taskDefinition', taskDefinitionSource),
  service: input('service', optional(nameOrArn(SERVICE_ARN, 'service'))),
  image: input('images', images),
  cluster: input('cluster', nameOrArn(CLUSTER_ARN, 'cluster'), { codeDefault: 'default' }),
  container: input('container', containerName),
  command: input('command', (text, { p }) => parseCommand(text, p)),
  environment: input('environment', (text, { p }) => parseEnvironment(text, p)),
  overrides: input('overrides', json<TaskOverride>(TASK_OVERRIDE)),
  'launch-type': input(
    'launchType',
    oneOf<LaunchType>(['FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES'])
  ),
  'capacity-provider-strategy': input('capacityProviderStrategy', (text, ctx) =>
    text.startsWith('[')
      ? json<CapacityProviderStrategyItem[]>(CAPACITY_PROVIDER_STRATEGY)(text, ctx)
      : parseCapacityProviderLines(text, ctx.p)
  ),
  'platform-version': input('platformVersion', optionalText),
  subnets: input('subnets', ids(/^subnet-[0-9a-f]+$/, 'subnet-', 16)),
  'security-groups': input('securityGroups', ids(/^sg-[0-9a-f]+$/, 'sg-', 5)),
  'assign-public-ip': input('assignPublicIp', oneOf<AssignPublicIp>(['ENABLED', 'DISABLED'])),
  'network-from-service': input('networkFromService', optional(nameOrArn(SERVICE_ARN, 'service'))),
  count: input('count', wholeNumberFrom(1, 10), { codeDefault: '1' }),
  shards: input('shards', shards),
  'max-parallel': input('maxParallel', (text, ctx) => {
    if (text === '') return undefined
    if (ctx.raw('shards') === '') ctx.p.detail(ctx.input, 'needs "shards"')
    if (ctx.raw('wait') === 'false') {
      ctx.p.detail(ctx.input, 'needs "wait: true": a shard waits for a slot while the step waits')
    }
    return wholeNumberFrom(1, 1000)(text, ctx)
  }),
  'fail-fast': input('failFast', boolean, { default: 'true' }),
  'started-by': input('startedBy', startedBy),
  group: input('group', group),
  'if-running': input('ifRunning', oneOf<IfRunning>(IF_RUNNING), { default: 'allow' }),
  schedule: input('schedule', scheduleRef),
  tags: input('tags', (text, { p }) => parseTags(text, p)),
  'propagate-tags': input('propagateTags', propagateTags),
  'enable-ecs-managed-tags': input('enableEcsManagedTags', boolean, { codeDefault: 'false' }),
  'enable-execute-command': input('enableExecuteCommand', boolean, { codeDefault: 'false' }),
  'placement-constraints': input(
    'placementConstraints',
    json<PlacementConstraint[]>(PLACEMENT_CONSTRAINTS)
  ),
  'placement-strategy': input('placementStrategy', json<PlacementStrategy[]>(PLACEMENT_STRATEGY)),
  'volume-configurations': input(
    'volumeConfigurations',
    json<TaskVolumeConfiguration[]>(VOLUME_CONFIGURATIONS)
  ),
  'client-token': input('clientToken', clientToken),
  wait: input('wait', boolean, { default: 'true' }),
  'wait-timeout': input('waitTimeoutMs', minutes({ zeroAllowed: false }), { default: '360' }),
  'start-timeout': input('startTimeoutMs', minutes({ zeroAllowed: true }), { default: '10' }),
  'retry-on': input('retryOn', retryCauses, { default: 'start-failure', emptyIsValue: true }),
  'max-attempts': input('maxAttempts', wholeNumberFrom(1, 10), { default: '3' }),
  'task-outputs': input('taskOutputs', outputNames),
  'dry-run': input('dryRun', boolean, { default: 'false' }),
  'stop-on-cancel': input('stopOnCancel', boolean, { default: 'true' }),
  'stream-logs': input('streamLogs', boolean, { default: 'true' }),
  'log-containers': input('logContainers', containerNames),
  'aws-region': input('region', region),
  'job-index': { parse: optionalText }
}
