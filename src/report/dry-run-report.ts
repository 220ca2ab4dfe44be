import type {
  NetworkConfiguration,
  RegisterTaskDefinitionCommandInput,
  RunTaskCommandInput
} from '@aws-sdk/client-ecs'
import type { TaskPlan } from '../ecs/task-plan.js'
import { redactRequest } from '../ecs/run-task-request.js'
import type { Inputs } from '../inputs/inputs.js'
import { logTargets } from '../logs/targets.js'
import { policyDocument, requiredPermissions, type Permission } from './permissions.js'
import { cell } from '../kit/markdown.js'

/** What preparation resolved with read-only calls: the part of the task plan a dry run shows. */
export type DryRunPlan = Pick<
  TaskPlan,
  | 'taskDefinition'
  | 'source'
  | 'registration'
  | 'container'
  | 'containerWhy'
  | 'launch'
  | 'service'
  | 'request'
>

/** Everything a dry run reports, computed once for the log, the summary and the outputs. */
export interface DryRunReport {
  /** The definition that would run: its ARN, or `family:<next revision>` when registered first. */
  taskDefinition: string
  /** The ARN of an existing definition that would run; empty when one would be registered. */
  taskDefinitionArn: string
  registration?: RegisterTaskDefinitionCommandInput
  /** The request as it may be printed (environment values masked). */
  request: RunTaskCommandInput
  facts: Array<[string, string]>
  permissions: Permission[]
  /** What only ECS checks, when it runs the task: said, since a dry run cannot. */
  notChecked: string
  /** What came from `schedule`, and what `if-running` would do now: one sentence each. */
  notes: readonly string[]
}

export const NEXT_REVISION = '<next revision>'

export const NOT_CHECKED =
  'A dry run calls only read-only APIs (Describe*), so it cannot check what ECS and IAM check ' +
  'when the task is registered or run: that the role has the permissions listed, that the ' +
  'subnets, security groups, roles and images exist and can be used, placement and capacity, ' +
  'and the platform version.'

export function dryRunReport(
  plan: DryRunPlan,
  inputs: Inputs,
  notes: readonly string[] = []
): DryRunReport {
  const registered = plan.registration !== undefined
  const family = plan.registration?.family ?? plan.taskDefinition.family ?? ''
  const taskDefinitionArn = registered ? '' : (plan.taskDefinition.taskDefinitionArn ?? '')
  const taskDefinition = registered ? `${family}:${NEXT_REVISION}` : taskDefinitionArn
  const request = plan.request(taskDefinition)
  const definition = plan.registration ?? plan.taskDefinition
  const streamed =
    inputs.wait && inputs.streamLogs
      ? logTargets(
          definition.containerDefinitions ?? [],
          ['task'],
          inputs.region,
          inputs.logContainers
        ).targets
      : []
  const permissions = requiredPermissions({
    region: inputs.region,
    cluster: inputs.cluster,
    taskDefinition: plan.taskDefinition,
    describesTaskDefinition: plan.taskDefinition.taskDefinitionArn !== undefined,
    ...(plan.registration ? { registration: plan.registration } : {}),
    services: describedServices(inputs),
    request,
    logGroups: streamed.map(({ region, group }) => ({ region, group })),
    waits: inputs.wait || inputs.ifRunning !== 'allow',
    stops: inputs.wait || inputs.stopOnCancel || inputs.ifRunning === 'replace',
    ...(inputs.schedule ? { schedule: inputs.schedule } : {}),
    listsTasks: inputs.ifRunning !== 'allow'
  })
  return {
    taskDefinition,
    taskDefinitionArn,
    ...(plan.registration ? { registration: plan.registration } : {}),
    request: redactRequest(request),
    facts: facts(plan, inputs, request, taskDefinition),
    permissions,
    notChecked: NOT_CHECKED,
    notes
  }
}

/** The services preparation describes: `service`, and `network-from-service` unless `subnets`. */
function describedServices(inputs: Inputs): string[] {
  const names: string[] = []
  if (inputs.service !== undefined) names.push(inputs.service)
  if (inputs.networkFromService !== undefined && inputs.subnets.length === 0) {
    names.push(inputs.networkFromService)
  }
  return [...new Set(names)]
}

function facts(
  plan: DryRunPlan,
  inputs: Inputs,
  request: RunTaskCommandInput,
  taskDefinition: string
): Array<[string, string]> {
  const rows: Array<[string, string]> = []
  const definition = plan.registration
    ? `${taskDefinition}, registered first from ${plan.source}`
    : taskDefinition
  rows.push(['Task definition', definition])
  if (inputs.images.length > 0) {
    const images = inputs.images.map((o) => `${o.container ?? plan.container}: ${o.image}`)
    rows.push(['Images', images.join(', ')])
  }
  rows.push(['Container', `${plan.container} (${plan.containerWhy})`])
  rows.push(['Command', commandOf(plan, request)])
  rows.push(['Cluster', `${inputs.cluster} (${inputs.region})`])
  rows.push(['Tasks', tasksOf(inputs, request, plan.container)])
  rows.push(['Network', networkOf(request.networkConfiguration)])
  rows.push(['Launch', launchOf(plan.launch)])
  if (plan.service) {
    const deployment = plan.service.deployment ? ` (deployment ${plan.service.deployment})` : ''
    rows.push(['Service', `${plan.service.serviceName}${deployment}`])
  }
  return rows
}

/** One RunTask of `count` alike, or the shard plan: how many, how many at once, the variables. */
function tasksOf(inputs: Inputs, request: RunTaskCommandInput, container: string): string {
  if (inputs.shards === undefined) return String(request.count ?? 1)
  const n = inputs.shards
  const parallel = inputs.maxParallel === undefined || inputs.maxParallel >= n
  return (
    `${n} shard${n === 1 ? '' : 's'} (0 to ${n - 1}), one RunTask each, ` +
    `${parallel ? 'all at once' : `at most ${inputs.maxParallel} at once`}; ` +
    `${container} gets ECS_RUN_TASK_SHARD=<index> and ECS_RUN_TASK_SHARDS=${n}; ` +
    `fail-fast ${inputs.failFast ? 'on: a shard failed for good stops the rest' : 'off: every shard runs'}`
  )
}

function commandOf(plan: DryRunPlan, request: RunTaskCommandInput): string {
  const override = request.overrides?.containerOverrides?.find((o) => o.name === plan.container)
  if (override?.command) return JSON.stringify(override.command)
  const definition = plan.registration ?? plan.taskDefinition
  const own = definition.containerDefinitions?.find((c) => c.name === plan.container)?.command
  return own?.length
    ? `${JSON.stringify(own)} (the task definition's)`
    : "the image's (no command override)"
}

function networkOf(network: NetworkConfiguration | undefined): string {
  const vpc = network?.awsvpcConfiguration
  if (!vpc) return "none sent (the task definition's network mode decides)"
  const parts = [`awsvpc, subnets ${(vpc.subnets ?? []).join(', ')}`]
  if (vpc.securityGroups?.length) parts.push(`security groups ${vpc.securityGroups.join(', ')}`)
  parts.push(`public IP ${vpc.assignPublicIp ?? 'DISABLED'}`)
  return parts.join('; ')
}

function launchOf(launch: DryRunPlan['launch']): string {
  const platform = launch.platformVersion ? `, platform version ${launch.platformVersion}` : ''
  if (launch.capacityProviderStrategy?.length) {
    const strategy = launch.capacityProviderStrategy
      .map((s) => `${s.capacityProvider}:${s.weight ?? 0}:${s.base ?? 0}`)
      .join(', ')
    return `capacity provider strategy ${strategy}${platform}`
  }
  if (launch.launchType) return `launch type ${launch.launchType}${platform}`
  return `the cluster's default capacity provider strategy${platform}`
}

/** Plain lines for the step log, one fact a line. */
export function dryRunLines(report: DryRunReport): string[] {
  const width = Math.max(...report.facts.map(([name]) => name.length))
  return report.facts.map(([name, value]) => `  ${`${name}:`.padEnd(width + 1)} ${value}`)
}

/** Each permission on one line: action, resources, condition and what for. */
export function permissionLines(permissions: Permission[]): string[] {
  return permissions.map((p) => {
    const condition = conditionText(p)
    return `${p.action} on ${p.resources.join(', ')}${condition ? ` when ${condition}` : ''}: ${p.why}`
  })
}

export function dryRunPolicy(report: DryRunReport): string {
  return JSON.stringify(policyDocument(report.permissions), null, 2)
}

function conditionText(p: Permission): string {
  return Object.values(p.condition ?? {})
    .flatMap((entries) => Object.entries(entries).map(([key, value]) => `${key} = ${value}`))
    .join(' and ')
}

/** The job summary of a dry run: what would have run, the request and the permissions. */
export function dryRunMarkdown(report: DryRunReport): string {
  const code = (text: string): string => `<code>${cell(text)}</code>`
  const lines = [
    '### 🔍 Dry run: nothing was started',
    '',
    'The inputs are valid and this is what the step would run. Nothing was registered, started ' +
      'or stopped.',
    '',
    '| | |',
    '| --- | --- |',
    ...report.facts.map(([name, value]) => `| ${name} | ${cell(value)} |`),
    '',
    ...report.notes.flatMap((note) => [cell(note), ''])
  ]
  if (report.registration) {
    lines.push(...details('Task definition that would be registered', report.registration))
  }
  lines.push(...details('RunTask request that would be sent', report.request))
  lines.push(
    `#### Permissions this run needs`,
    '',
    '| Action | Resource | Condition | For |',
    '| --- | --- | --- | --- |',
    ...report.permissions.map(
      (p) =>
        `| ${code(p.action)} | ${p.resources.map(code).join('<br>')} | ` +
        `${cell(conditionText(p)) || '–'} | ${cell(p.why)} |`
    ),
    '',
    ...details('As an IAM policy', policyDocument(report.permissions)),
    `_${cell(report.notChecked)}_`
  )
  return lines.join('\n') + '\n'
}

function details(summary: string, value: unknown): string[] {
  const json = JSON.stringify(value, null, 2)
  // A fence longer than any run of backticks in the text, so the text cannot close it.
  const longest = Math.max(0, ...(json.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [
    `<details><summary>${summary}</summary>`,
    '',
    `${fence}json`,
    json,
    fence,
    '',
    '</details>',
    ''
  ]
}
