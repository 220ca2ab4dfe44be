import * as core from '@actions/core'
import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  KeyValuePair,
  LaunchType,
  PlacementConstraint,
  PlacementStrategy,
  PropagateTags,
  Tag,
  TaskOverride,
  TaskVolumeConfiguration
} from '@aws-sdk/client-ecs'
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import {
  CAPACITY_PROVIDER_STRATEGY,
  checkShape,
  listOf,
  PLACEMENT_CONSTRAINTS,
  PLACEMENT_STRATEGY,
  PROPAGATE_TAGS,
  TASK_OVERRIDE,
  VOLUME_CONFIGURATIONS,
  type Shape
} from './json-shape.js'
import {
  JsonSyntaxError,
  NAME,
  NAME_RULE,
  parseBoolean,
  parseCapacityProviderLines,
  parseCommand,
  parseEnvironment,
  parseJson,
  parseMinutes,
  parseTags,
  parseTaskDefinitionJson,
  Problems,
  quote,
  splitList,
  wholeNumber
} from './parse.js'
import { deriveClientToken, deriveStartedBy } from './run-identity.js'

/** What `task-definition` names: a registered definition, or a JSON file to register first. */
export type TaskDefinitionSource =
  | { kind: 'reference'; reference: string }
  | { kind: 'file'; path: string; definition: Record<string, unknown> }

/** Every input of action.yml, parsed and validated once, before any AWS call. */
export interface Inputs {
  taskDefinition: TaskDefinitionSource
  cluster: string
  container?: string
  command?: string[]
  environment: KeyValuePair[]
  overrides?: TaskOverride
  launchType?: LaunchType
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  platformVersion?: string
  subnets: string[]
  securityGroups: string[]
  assignPublicIp?: AssignPublicIp
  networkFromService?: string
  count: number
  startedBy: string
  group?: string
  tags: Tag[]
  propagateTags?: PropagateTags
  enableEcsManagedTags: boolean
  enableExecuteCommand: boolean
  placementConstraints?: PlacementConstraint[]
  placementStrategy?: PlacementStrategy[]
  volumeConfigurations?: TaskVolumeConfiguration[]
  clientToken: string
  wait: boolean
  waitTimeoutMs: number
  startTimeoutMs: number
  stopOnCancel: boolean
  streamLogs: boolean
  /** Undefined: every container that uses awslogs. */
  logContainers?: string[]
  region: string
}

/** Bad inputs: one line per problem, each naming the input, what was given and what is accepted. */
export class InputError extends Error {
  override name = 'InputError'
  readonly problems: readonly string[]
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : [...problems]
    super(list.join('\n'))
    this.problems = list
  }
}

const ARN_PREFIX = 'arn:aws[-a-z]*:ecs:[a-z0-9-]+:\\d{12}:'
const TASK_DEFINITION_ARN = new RegExp(
  `^${ARN_PREFIX}task-definition/[A-Za-z0-9_-]{1,255}(:[1-9]\\d*)?$`
)
const CLUSTER_ARN = new RegExp(`^${ARN_PREFIX}cluster/[A-Za-z0-9_-]{1,255}$`)
const SERVICE_ARN = new RegExp(
  `^${ARN_PREFIX}service/([A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9_-]{1,255}$`
)
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
/** Longest wait-timeout and start-timeout, in minutes: 7 days, beyond any GitHub job's limit. */
const MAX_MINUTES = 7 * 24 * 60

/**
 * Reads and validates every input (as the runner passes them, `INPUT_<NAME>`), applying the
 * contract's defaults here rather than trusting action.yml's. `env` supplies the run's other
 * variables: GITHUB_* for the derived client token and startedBy, GITHUB_WORKSPACE for
 * task-definition files, AWS_REGION / AWS_DEFAULT_REGION. Throws one InputError listing every
 * problem; calls core.setSecret for every environment value.
 */
export function getInputs(env: NodeJS.ProcessEnv = process.env): Inputs {
  const p = new Problems()
  const read = (name: string): string => core.getInput(name)

  const taskDefinition = readTaskDefinition(read('task-definition'), env, p)
  const cluster = nameOrArn('cluster', read('cluster') || 'default', CLUSTER_ARN, 'cluster', p)
  const container = optionalName('container', read('container'), p)
  const command = parseCommand(read('command'), p)
  const environment = parseEnvironment(read('environment'), p)
  for (const { value } of environment) if (value) core.setSecret(value)
  const overrides = readJson<TaskOverride>('overrides', read('overrides'), TASK_OVERRIDE, p)
  for (const override of overrides?.containerOverrides ?? []) {
    for (const { value } of override.environment ?? []) if (value) core.setSecret(value)
  }
  const launchType = readEnum<LaunchType>('launch-type', read('launch-type'), p, [
    'FARGATE',
    'EC2',
    'EXTERNAL',
    'MANAGED_INSTANCES'
  ])
  const strategyText = read('capacity-provider-strategy')
  const capacityProviderStrategy = strategyText.startsWith('[')
    ? readJson<CapacityProviderStrategyItem[]>(
        'capacity-provider-strategy',
        strategyText,
        CAPACITY_PROVIDER_STRATEGY,
        p
      )
    : parseCapacityProviderLines(strategyText, p)
  const platformVersion = read('platform-version') || undefined
  const subnets = readIds('subnets', read('subnets'), /^subnet-[0-9a-f]+$/, 'subnet-', 16, p)
  const securityGroups = readIds(
    'security-groups',
    read('security-groups'),
    /^sg-[0-9a-f]+$/,
    'sg-',
    5,
    p
  )
  const assignPublicIp = readEnum<AssignPublicIp>('assign-public-ip', read('assign-public-ip'), p, [
    'ENABLED',
    'DISABLED'
  ])
  const serviceText = read('network-from-service')
  const networkFromService = serviceText
    ? nameOrArn('network-from-service', serviceText, SERVICE_ARN, 'service', p)
    : undefined
  const count = readCount(read('count'), p)
  const startedBy = readStartedBy(read('started-by'), env, p)
  const group = readGroup(read('group'), p)
  const tags = parseTags(read('tags'), p)
  const propagateTags = readEnum<PropagateTags>(
    'propagate-tags',
    read('propagate-tags'),
    p,
    PROPAGATE_TAGS
  )
  const enableEcsManagedTags = readBoolean(
    'enable-ecs-managed-tags',
    read('enable-ecs-managed-tags'),
    false,
    p
  )
  const enableExecuteCommand = readBoolean(
    'enable-execute-command',
    read('enable-execute-command'),
    false,
    p
  )
  const placementConstraints = readJson<PlacementConstraint[]>(
    'placement-constraints',
    read('placement-constraints'),
    PLACEMENT_CONSTRAINTS,
    p
  )
  const placementStrategy = readJson<PlacementStrategy[]>(
    'placement-strategy',
    read('placement-strategy'),
    PLACEMENT_STRATEGY,
    p
  )
  const volumeConfigurations = readJson<TaskVolumeConfiguration[]>(
    'volume-configurations',
    read('volume-configurations'),
    VOLUME_CONFIGURATIONS,
    p
  )
  const clientToken = readClientToken(read('client-token'), env, read('job-index'), p)
  const wait = readBoolean('wait', read('wait'), true, p)
  const waitTimeoutMs = readMinutes('wait-timeout', read('wait-timeout'), 360, false, p)
  const startTimeoutMs = readMinutes('start-timeout', read('start-timeout'), 10, true, p)
  const stopOnCancel = readBoolean('stop-on-cancel', read('stop-on-cancel'), true, p)
  const streamLogs = readBoolean('stream-logs', read('stream-logs'), true, p)
  const listed = splitList(read('log-containers'))
  // An empty list (e.g. ",") means the default, not "no container": stream-logs turns logs off.
  const logContainers = listed.length > 0 ? listed : undefined
  for (const name of logContainers ?? []) {
    if (!NAME.test(name)) p.invalid('log-containers', name, `container names (${NAME_RULE})`)
  }
  const region = readRegion(read('aws-region'), env, p)

  // Rules across inputs.
  if (launchType !== undefined && capacityProviderStrategy !== undefined) {
    p.lines.push(
      'Inputs "launch-type" and "capacity-provider-strategy" cannot be used together: ' +
        'ECS takes one or the other. Remove one of them.'
    )
  }
  const hasNetwork = subnets.length > 0 || networkFromService !== undefined
  if (assignPublicIp !== undefined && !hasNetwork) {
    p.detail(
      'assign-public-ip',
      'needs "subnets" or "network-from-service" (it is part of the awsvpc network configuration)'
    )
  }
  if (securityGroups.length > 0 && !hasNetwork) {
    p.detail(
      'security-groups',
      'needs "subnets" or "network-from-service" (they are part of the awsvpc network configuration)'
    )
  }
  if (taskDefinition.kind === 'file') {
    checkContainerNames(taskDefinition, container, logContainers, overrides, p)
  }

  if (p.lines.length > 0) throw new InputError(p.lines)

  const inputs: Inputs = {
    taskDefinition,
    cluster,
    environment,
    subnets,
    securityGroups,
    count,
    startedBy,
    tags,
    enableEcsManagedTags,
    enableExecuteCommand,
    clientToken,
    wait,
    waitTimeoutMs,
    startTimeoutMs,
    stopOnCancel,
    streamLogs,
    region
  }
  if (container !== undefined) inputs.container = container
  if (command !== undefined) inputs.command = command
  if (overrides !== undefined) inputs.overrides = overrides
  if (launchType !== undefined) inputs.launchType = launchType
  if (capacityProviderStrategy !== undefined)
    inputs.capacityProviderStrategy = capacityProviderStrategy
  if (platformVersion !== undefined) inputs.platformVersion = platformVersion
  if (assignPublicIp !== undefined) inputs.assignPublicIp = assignPublicIp
  if (networkFromService !== undefined) inputs.networkFromService = networkFromService
  if (group !== undefined) inputs.group = group
  if (propagateTags !== undefined) inputs.propagateTags = propagateTags
  if (placementConstraints !== undefined) inputs.placementConstraints = placementConstraints
  if (placementStrategy !== undefined) inputs.placementStrategy = placementStrategy
  if (volumeConfigurations !== undefined) inputs.volumeConfigurations = volumeConfigurations
  if (logContainers !== undefined) inputs.logContainers = logContainers
  return inputs
}

function readTaskDefinition(
  text: string,
  env: NodeJS.ProcessEnv,
  p: Problems
): TaskDefinitionSource {
  const reference: TaskDefinitionSource = { kind: 'reference', reference: text }
  const forms =
    `a family (${NAME_RULE}), family:revision (a positive whole number), a task-definition ARN ` +
    '(arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>) or the path of a ' +
    'task-definition JSON file in the workspace'
  if (text === '') {
    p.lines.push(`Input "task-definition" is required: give ${forms}.`)
    return reference
  }
  if (text.startsWith('arn:')) {
    if (!TASK_DEFINITION_ARN.test(text)) p.invalid('task-definition', text, forms)
    return reference
  }
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd()
  const file = path.resolve(workspace, text)
  const looksLikeFile = text.endsWith('.json') || text.includes('/') || text.includes('\\')
  if (looksLikeFile || statSync(file, { throwIfNoEntry: false })?.isFile()) {
    return readTaskDefinitionFile(text, file, p) ?? reference
  }
  if (!/^[A-Za-z0-9_-]{1,255}(:[1-9]\d*)?$/.test(text)) p.invalid('task-definition', text, forms)
  return reference
}

/** A task-definition file as register-task-definition --cli-input-json takes it, or describe prints it. */
function readTaskDefinitionFile(
  given: string,
  file: string,
  p: Problems
): TaskDefinitionSource | undefined {
  const where = `file ${quote(given)}`
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code})`
    p.detail(
      'task-definition',
      `${where} ${why} (looked for ${file}; relative paths start at GITHUB_WORKSPACE)`
    )
    return undefined
  }
  const definition = parseTaskDefinitionJson(text, where, p)
  return definition && { kind: 'file', path: given, definition }
}

function checkContainerNames(
  source: { path: string; definition: Record<string, unknown> },
  container: string | undefined,
  logContainers: string[] | undefined,
  overrides: TaskOverride | undefined,
  p: Problems
): void {
  const definitions = source.definition['containerDefinitions'] as { name: string }[]
  const names = definitions.map((c) => c.name)
  const accepted = `a container of the task definition in ${quote(source.path)}: ${listOf(names.map((n) => JSON.stringify(n)))}`
  if (container !== undefined && !names.includes(container))
    p.invalid('container', container, accepted)
  for (const name of logContainers ?? []) {
    if (!names.includes(name)) p.invalid('log-containers', name, accepted)
  }
  overrides?.containerOverrides?.forEach(({ name }, i) => {
    if (name !== undefined && !names.includes(name)) {
      p.detail(
        'overrides',
        `overrides.containerOverrides[${i}].name must be ${accepted}, got ${quote(name)}`
      )
    }
  })
}

function readEnum<T extends string>(
  input: string,
  text: string,
  p: Problems,
  values: readonly string[]
): T | undefined {
  if (text === '') return undefined
  if (values.includes(text)) return text as T
  p.invalid(input, text, `one of ${listOf(values)}`)
  return undefined
}

function readBoolean(input: string, text: string, fallback: boolean, p: Problems): boolean {
  if (text === '') return fallback
  const value = parseBoolean(text)
  if (value !== undefined) return value
  p.invalid(input, text, 'a boolean: true, True, TRUE, false, False or FALSE')
  return fallback
}

/** Minutes (fractions allowed) to milliseconds, above 0 (or from 0) and at most MAX_MINUTES. */
function readMinutes(
  input: string,
  text: string,
  fallback: number,
  zeroAllowed: boolean,
  p: Problems
): number {
  if (text === '') return fallback * 60_000
  const ms = parseMinutes(text)
  if (ms !== undefined && (zeroAllowed ? ms >= 0 : ms > 0) && ms <= MAX_MINUTES * 60_000) return ms
  p.invalid(
    input,
    text,
    `a number of minutes ${zeroAllowed ? 'from 0' : 'above 0'} up to ${MAX_MINUTES} (7 days), fractions allowed (e.g. 0.5)`
  )
  return fallback * 60_000
}

function nameOrArn(input: string, text: string, arn: RegExp, kind: string, p: Problems): string {
  if (!NAME.test(text) && !arn.test(text)) {
    p.invalid(input, text, `a ${kind} name (${NAME_RULE}) or a ${kind} ARN`)
  }
  return text
}

function optionalName(input: string, text: string, p: Problems): string | undefined {
  if (text === '') return undefined
  if (!NAME.test(text)) p.invalid(input, text, `a container name (${NAME_RULE})`)
  return text
}

function readJson<T>(input: string, text: string, shape: Shape, p: Problems): T | undefined {
  if (text === '') return undefined
  let json: unknown
  try {
    json = parseJson(text)
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    p.detail(input, `not valid JSON: ${error.message}`)
    return undefined
  }
  const problems = checkShape(json, shape, input)
  const shown = problems.slice(0, 10)
  for (const problem of shown) p.detail(input, problem)
  if (problems.length > shown.length)
    p.detail(input, `and ${problems.length - shown.length} more problems`)
  return problems.length > 0 ? undefined : (json as T)
}

function readIds(
  input: string,
  text: string,
  form: RegExp,
  prefix: string,
  max: number,
  p: Problems
): string[] {
  const ids = splitList(text)
  for (const id of ids) {
    if (!form.test(id))
      p.invalid(input, id, `ids like ${prefix}0123456789abcdef0, separated by commas or newlines`)
  }
  if (ids.length > max) p.detail(input, `has ${ids.length} ids; ECS takes at most ${max}`)
  return ids
}

function readCount(text: string, p: Problems): number {
  const n = wholeNumber(text || '1', 1, 10)
  if (n === undefined) p.invalid('count', text, 'a whole number from 1 to 10')
  return n ?? 1
}

function readStartedBy(text: string, env: NodeJS.ProcessEnv, p: Problems): string {
  if (text === '') return deriveStartedBy(env)
  if (!/^[A-Za-z0-9_/-]{1,128}$/.test(text)) {
    p.invalid('started-by', text, 'at most 128 letters, digits, "_", "/" and "-"')
  }
  return text
}

function readGroup(text: string, p: Problems): string | undefined {
  if (text === '') return undefined
  if (text.length > 255) p.invalid('group', text, 'at most 255 characters')
  return text
}

function readClientToken(
  text: string,
  env: NodeJS.ProcessEnv,
  jobIndex: string,
  p: Problems
): string {
  if (text === '') return deriveClientToken(env, jobIndex)
  if (!/^[\x21-\x7e]{1,64}$/.test(text)) {
    p.invalid('client-token', text, 'at most 64 characters in the ASCII range 33-126 (no spaces)')
  }
  return text
}

function readRegion(text: string, env: NodeJS.ProcessEnv, p: Problems): string {
  const [region, source] = text
    ? [text, '']
    : env['AWS_REGION']
      ? [env['AWS_REGION'], ' (from AWS_REGION)']
      : [env['AWS_DEFAULT_REGION'] ?? '', ' (from AWS_DEFAULT_REGION)']
  if (region === '') {
    p.lines.push(
      'Input "aws-region" is not set, and neither is AWS_REGION nor AWS_DEFAULT_REGION: set ' +
        '"aws-region", or run aws-actions/configure-aws-credentials with aws-region first.'
    )
  } else if (!REGION.test(region)) {
    p.lines.push(
      `Input "aws-region" must be an AWS region like "eu-west-1", got ${quote(region)}${source}.`
    )
  }
  return region
}
