// What RunTask refuses, known from the request and the task definition alone: checked before
// anything is registered or started (and in the dry run), so a refusal never costs a revision
// or a half-started run. Pure functions: the final request in, one line per problem out.

import type {
  LaunchType,
  RunTaskCommandInput,
  TaskDefinition,
  TaskOverride
} from '@aws-sdk/client-ecs'

/** ECS's limit on a RunTask's `overrides`, counted on its JSON (formatting characters included). */
export const MAX_OVERRIDES_CHARACTERS = 8192

/** Where each part of the request came from, named as the user gave it, for the messages. */
export interface RequestOrigins {
  /** The launch type or capacity provider strategy: `input "launch-type"`, `service "web" (input "service")`. */
  launch: string
  /** `platformVersion`: `input "platform-version"` unless another source set it. */
  platformVersion?: string
  /** The awsvpc network's `assignPublicIp`: `input "assign-public-ip"`, or the service it came from. */
  publicIp?: string
  /** The task definition, as messages name it: `task definition shop:7`, `the task definition from td.json`. */
  definition: string
  /** The inputs whose values make up `overrides`: `overrides`, `command`, `environment`. */
  overrides?: readonly string[]
}

/** The definition's launch compatibility as ECS knows it: `compatibilities` once registered. */
export type DefinitionCompatibility = Pick<
  TaskDefinition,
  'compatibilities' | 'requiresCompatibilities'
>

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT']

/**
 * The launch type a request runs on where it says so: its `launchType`, or FARGATE for a
 * capacity provider strategy of FARGATE/FARGATE_SPOT only. Undefined for the cluster's default
 * strategy or an Auto Scaling group's provider, whose launch ECS decides.
 */
export function impliedLaunchType(request: RunTaskCommandInput): LaunchType | undefined {
  if (request.launchType) return request.launchType
  const providers = (request.capacityProviderStrategy ?? []).map((s) => s.capacityProvider ?? '')
  if (providers.length > 0 && providers.every((p) => FARGATE_PROVIDERS.includes(p))) {
    return 'FARGATE'
  }
  return undefined
}

/** Every refusal the request would meet: Fargate-only settings, compatibility, overrides size. */
export function requestProblems(
  request: RunTaskCommandInput,
  definition: DefinitionCompatibility,
  origins: RequestOrigins
): string[] {
  const problems = fargateOnlyProblems(request, origins)
  const compatibility = compatibilityProblem(request, definition, origins)
  if (compatibility) problems.push(compatibility)
  const overrides = overridesLengthProblem(request.overrides, origins.overrides)
  if (overrides) problems.push(overrides)
  return problems
}

/**
 * `platformVersion` and `assignPublicIp: ENABLED` are Fargate's: ECS refuses them for a task
 * launched on EC2 or EXTERNAL.
 */
export function fargateOnlyProblems(
  request: Pick<RunTaskCommandInput, 'launchType' | 'platformVersion' | 'networkConfiguration'>,
  origins: Pick<RequestOrigins, 'launch' | 'platformVersion' | 'publicIp'>
): string[] {
  const launchType = request.launchType
  if (launchType !== 'EC2' && launchType !== 'EXTERNAL') return []
  const on = `the launch type is ${launchType} (${origins.launch})`
  const problems: string[] = []
  if (request.platformVersion) {
    problems.push(
      `${capitalized(origins.platformVersion ?? 'input "platform-version"')} is ` +
        `"${request.platformVersion}", but ${on}: ECS accepts a platform version only for ` +
        'Fargate (launch type FARGATE, or a FARGATE or FARGATE_SPOT capacity provider). ' +
        'Remove "platform-version", or run the task on Fargate.'
    )
  }
  if (request.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === 'ENABLED') {
    problems.push(
      `${capitalized(origins.publicIp ?? 'input "assign-public-ip"')} is ENABLED, but ${on}: ` +
        'ECS assigns a public IP only to Fargate tasks; on EC2 and EXTERNAL it accepts ' +
        'DISABLED only. Give "assign-public-ip: DISABLED", or run the task on Fargate.'
    )
  }
  return problems
}

/**
 * A launch type the task definition is not compatible with. A registered definition says so in
 * `compatibilities`; a file is compatible with FARGATE only when its `requiresCompatibilities`
 * lists it (ECS checks the Fargate requirements at registration only then). Only FARGATE and
 * EC2 are judged: the compatibilities ECS reports for the others vary with the definition.
 */
export function compatibilityProblem(
  request: RunTaskCommandInput,
  definition: DefinitionCompatibility,
  origins: Pick<RequestOrigins, 'launch' | 'definition'>
): string | undefined {
  const launchType = impliedLaunchType(request)
  if (launchType !== 'FARGATE' && launchType !== 'EC2') return undefined
  const registered = definition.compatibilities
  const required = definition.requiresCompatibilities
  let compatible: readonly string[]
  let field: string
  if (registered && registered.length > 0) {
    compatible = registered
    field = 'its compatibilities'
  } else if (launchType === 'FARGATE') {
    compatible = required ?? []
    field =
      required && required.length > 0
        ? 'its requiresCompatibilities'
        : 'it has no requiresCompatibilities'
  } else {
    return undefined
  }
  if (compatible.includes(launchType)) return undefined
  const with_ =
    compatible.length > 0
      ? `is compatible with ${compatible.join(', ')} only`
      : 'is not compatible with it'
  const launch =
    request.launchType === undefined
      ? `the launch type is FARGATE (${origins.launch}: a Fargate capacity provider)`
      : `the launch type is ${launchType} (${origins.launch})`
  const advice =
    launchType === 'FARGATE'
      ? 'Run it with a launch type it is compatible with, or register a revision with ' +
        '"requiresCompatibilities": ["FARGATE"] (awsvpc network mode, task-level cpu and memory).'
      : 'Run it with a launch type it is compatible with (e.g. "launch-type: FARGATE").'
  return (
    `${capitalized(origins.definition)} ${with_} (${field}), but ${launch}: ECS runs a task ` +
    `definition only on a launch type it is compatible with. ${advice}`
  )
}

/**
 * ECS refuses a RunTask whose `overrides` take more than 8,192 characters of JSON, as sent. The
 * action sends `JSON.stringify` of the final overrides: `overrides` with `command` and
 * `environment` merged (and whatever else a caller adds, e.g. per task).
 */
export function overridesLengthProblem(
  overrides: TaskOverride | undefined,
  inputs: readonly string[] = ['overrides', 'command', 'environment']
): string | undefined {
  if (overrides === undefined) return undefined
  const length = JSON.stringify(overrides).length
  if (length <= MAX_OVERRIDES_CHARACTERS) return undefined
  const named = `${inputs.length === 1 ? 'Input' : 'Inputs'} ${andList(inputs.map((i) => `"${i}"`))}`
  return (
    `${named}: the task overrides RunTask would send are ${grouped(length)} characters ` +
    `of JSON, and ECS accepts at most ${grouped(MAX_OVERRIDES_CHARACTERS)}. Move long or many ` +
    'values into the task definition (its environment, or environmentFiles in S3), or shorten them.'
  )
}

function andList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`
}

function grouped(n: number): string {
  return n.toLocaleString('en-US')
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
