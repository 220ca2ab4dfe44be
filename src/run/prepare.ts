import * as core from '@actions/core'
import type {
  ECSClient,
  RegisterTaskDefinitionCommandInput,
  RunTaskCommandInput,
  Service,
  Tag,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import type { CallBudget } from '../aws/retry-transient.js'
import type { TaskPlan } from '../ecs/task-plan.js'
import { checkCluster } from '../ecs/cluster.js'
import { deriveTaskDefinition } from '../ecs/derive-task-definition.js'
import { checkNetworkGiven, networkConfiguration, type NetworkSource } from '../ecs/network.js'
import {
  enabledRestartPolicy,
  restartPolicyRisk,
  restartPolicyTurnedOff,
  withRestartPolicyOff
} from '../ecs/restart-policy.js'
import {
  describeServices,
  serviceRunConfig,
  type ServiceRef,
  type ServiceRunConfig
} from '../ecs/service.js'
import {
  describeTaskDefinitionRef,
  registerTaskDefinition,
  taskDefinitionLabel
} from '../ecs/task-definition.js'
import { checkContainerNames } from '../inputs/containers.js'
import { primaryContainer } from '../ecs/primary-container.js'
import type { Inputs } from '../inputs/inputs.js'
import { checkTaskOutputsSource } from './task-outputs.js'
import {
  buildRunTaskRequest,
  OVERRIDES_MAX_CHARS,
  redactRequest,
  resolveLaunch,
  SHARD_ENV,
  shardOverridesTooLong
} from '../ecs/run-task-request.js'
import { registrationLine, serviceConfigLine } from '../report/plan-lines.js'
import { InputError, Problems } from '../inputs/problems.js'
import { requestProblems, type RequestOrigins } from '../inputs/request-rules.js'
import { ifRunningNow, jobOf, judgeIfRunning, type IfRunningOutcome } from './if-running.js'

/** Preparation's calls share `start-timeout` with RunTask (CallBudget.deadline). */
export type PrepareDeps = CallBudget

/** The definition that runs (registered by this step, or as described) and its request. */
export interface AppliedPlan {
  taskDefinition: TaskDefinition
  registered: boolean
  request: RunTaskCommandInput
}

/**
 * Phase 1 (read-only): describes the services and the task definition the inputs name and
 * resolves the task's definition, container, network and launch settings. Nothing is created.
 */
export async function planTask(
  inputs: Inputs,
  ecs: ECSClient,
  deps: PrepareDeps
): Promise<TaskPlan> {
  // First, before anything else is asked: a typo'd cluster is said as such, and fails a dry run.
  await checkCluster(ecs, inputs, deps, (m) => core.debug(m))
  const services = await lookUpServices(inputs, ecs, deps)
  const service = services.service && serviceRunConfig(services.service)
  const fromNetwork = services.network && serviceRunConfig(services.network)
  if (service) deps.log(serviceConfigLine(service, inputs))

  const resolved = await resolveDefinition(inputs, ecs, deps, service)
  const { taskDefinition } = resolved
  const primary = primaryContainer(taskDefinition, inputs, resolved.source)
  const container = primary.name
  const derived =
    resolved.file || inputs.images.length > 0
      ? deriveTaskDefinition(taskDefinition, inputs.images, container, resolved.tags)
      : undefined

  // `network-from-service` names the network explicitly: it wins over `service`'s.
  const networkSource: NetworkSource | undefined = fromNetwork
    ? withNetwork('network-from-service', fromNetwork)
    : service && withNetwork('service', service)
  const network = networkConfiguration(inputs, networkSource)
  const what = resolved.file ? resolved.source : `task definition ${resolved.source}`
  checkNetworkGiven(taskDefinition.networkMode, network, networkSource, what)
  const registration = derived && restartPolicyOff(derived, container, deps.log)
  if (!derived) warnOfRestartPolicy(taskDefinition, container, resolved.source)
  const launch = resolveLaunch(inputs, service)
  const request = (arn: string): RunTaskCommandInput =>
    buildRunTaskRequest(inputs, arn, container, network, launch)
  // What RunTask would refuse, before anything is registered (the dry run stops after this).
  const refused = requestProblems(request(''), resolved.taskDefinition, {
    ...requestOrigins(inputs, service, networkSource),
    definition: what
  })
  if (refused.length > 0) throw new InputError(refused)
  return {
    taskDefinition,
    source: resolved.source,
    ...(registration ? { registration } : {}),
    container,
    containerWhy: primary.why,
    ...(primary.candidates ? { candidates: primary.candidates } : {}),
    ...(network ? { network } : {}),
    launch,
    ...(service ? { service } : {}),
    request
  }
}

/** Which input (or which service) each setting RunTask could refuse came from. */
function requestOrigins(
  inputs: Inputs,
  service: ServiceRunConfig | undefined,
  network: NetworkSource | undefined
): Omit<RequestOrigins, 'definition'> {
  const launchGiven =
    inputs.launchType !== undefined || inputs.capacityProviderStrategy !== undefined
  const launchInput = inputs.launchType !== undefined ? 'launch-type' : 'capacity-provider-strategy'
  // A value the schedule's target supplied is named as coming from it, not from the input.
  const scheduled = inputs.fromSchedule
  const origin = (input: string, setting: string): string =>
    scheduled?.inputs.has(input)
      ? `${setting} of the target of ${scheduled.what} (input "schedule")`
      : `input "${input}"`
  const launch = launchGiven
    ? origin(launchInput, 'the launch setting')
    : `copied from service "${service?.serviceName ?? ''}", input "service"`
  const publicIp =
    inputs.assignPublicIp !== undefined || network === undefined
      ? origin('assign-public-ip', 'the public IP setting')
      : `the public IP setting of service "${network.serviceName}"'s network (input "${network.input}")`
  const overrides = (
    [
      ['overrides', inputs.overrides !== undefined],
      ['command', inputs.command !== undefined],
      ['environment', inputs.environment.length > 0]
    ] as const
  )
    .filter(([name, given]) => given && !scheduled?.inputs.has(name))
    .map((entry): string => entry[0])
    .concat(scheduled?.inputs.has('task-override') ? ['schedule'] : [])
  const platformVersion =
    inputs.platformVersion !== undefined
      ? { platformVersion: origin('platform-version', 'the platform version') }
      : {}
  return { launch, publicIp, overrides, ...platformVersion }
}

/** Phase 2: registers what the plan says to register, and gives the RunTask request. */
export async function applyPlan(
  plan: TaskPlan,
  ecs: ECSClient,
  inputs: Pick<Inputs, 'region'>,
  deps: PrepareDeps
): Promise<AppliedPlan> {
  if (!plan.registration) {
    const arn = plan.taskDefinition.taskDefinitionArn ?? ''
    return { taskDefinition: plan.taskDefinition, registered: false, request: plan.request(arn) }
  }
  const taskDefinition = await registerTaskDefinition(
    ecs,
    plan.registration,
    plan.source,
    inputs.region,
    deps
  )
  const arn = taskDefinition.taskDefinitionArn ?? ''
  return { taskDefinition, registered: true, request: plan.request(arn) }
}

interface LookedUp {
  service?: Service
  network?: Service
}

/** One DescribeServices for `service` and `network-from-service` (the same name asked once). */
async function lookUpServices(
  inputs: Inputs,
  ecs: ECSClient,
  deps: PrepareDeps
): Promise<LookedUp> {
  const refs: ServiceRef[] = []
  if (inputs.service !== undefined) refs.push({ input: 'service', name: inputs.service })
  // Only needed when it supplies the network: `subnets` wins over it.
  if (inputs.networkFromService !== undefined && inputs.subnets.length === 0) {
    refs.push({ input: 'network-from-service', name: inputs.networkFromService })
  }
  if (refs.length === 0) return {}
  const found = await describeServices(ecs, refs, inputs, deps)
  const result: LookedUp = {}
  refs.forEach((ref, i) => {
    const service = found[i]
    if (service && ref.input === 'service') result.service = service
    else if (service) result.network = service
  })
  return result
}

interface ResolvedDefinition {
  taskDefinition: TaskDefinition
  source: string
  tags?: Tag[]
  /** From a file: always registered. */
  file: boolean
}

/** The task definition named by `task-definition`, else the one `service` runs. */
async function resolveDefinition(
  inputs: Inputs,
  ecs: ECSClient,
  deps: PrepareDeps,
  service: ServiceRunConfig | undefined
): Promise<ResolvedDefinition> {
  const source = inputs.taskDefinition
  if (source?.kind === 'file') {
    // Container names were checked with the other inputs (inputs/rules.ts).
    const { tags, ...definition } = source.definition
    return {
      taskDefinition: definition as TaskDefinition,
      source: `the task definition from ${source.path}`,
      ...(Array.isArray(tags) ? { tags: tags as Tag[] } : {}),
      file: true
    }
  }
  let reference: string
  let from: string | undefined
  if (source) {
    reference = source.reference
  } else if (service?.taskDefinition) {
    reference = service.taskDefinition
    from = `the primary deployment of service "${service.serviceName}"`
  } else {
    throw new Error(
      `Input "service": service "${service?.serviceName ?? inputs.service}" reports no task ` +
        `definition in its primary deployment. Give "task-definition".`
    )
  }
  const described = await describeTaskDefinitionRef(
    ecs,
    reference,
    { region: inputs.region, withTags: inputs.images.length > 0, ...(from ? { from } : {}) },
    deps
  )
  const taskDefinition = described.taskDefinition
  const names = (taskDefinition.containerDefinitions ?? []).map((c) => c.name ?? '')
  const p = new Problems()
  checkContainerNames(names, taskDefinitionLabel(taskDefinition), inputs, p)
  if (p.lines.length > 0) throw new InputError(p.lines)
  return {
    taskDefinition,
    source: taskDefinitionLabel(taskDefinition),
    ...(described.tags ? { tags: described.tags } : {}),
    file: false
  }
}

/** A registration with the primary container's restart policy off, said in the log. */
function restartPolicyOff(
  registration: RegisterTaskDefinitionCommandInput,
  container: string,
  log: (message: string) => void
): RegisterTaskDefinitionCommandInput {
  const policy = enabledRestartPolicy(registration, container)
  const off = withRestartPolicyOff(registration, container)
  if (!policy || !off) return registration
  log(restartPolicyTurnedOff(policy, container))
  return off
}

/** A definition run as it is, whose primary container ECS would restart: warned before start. */
function warnOfRestartPolicy(definition: TaskDefinition, container: string, source: string): void {
  const policy = enabledRestartPolicy(definition, container)
  if (policy) {
    core.warning(restartPolicyRisk(policy, container, source), { title: 'Restart policy' })
  }
}

function withNetwork(input: NetworkSource['input'], config: ServiceRunConfig): NetworkSource {
  return {
    input,
    serviceName: config.serviceName,
    ...(config.networkConfiguration ? { network: config.networkConfiguration } : {})
  }
}

/** With shards, the widest shard's overrides must fit ECS's limit before any shard starts. */
function checkShardOverrides(inputs: Inputs, plan: TaskPlan): void {
  if (inputs.shards === undefined) return
  const request = plan.request(plan.taskDefinition.taskDefinitionArn ?? 'arn')
  const chars = shardOverridesTooLong(request, plan.container, inputs.shards)
  if (chars === undefined) return
  throw new InputError(
    `The overrides of shard ${inputs.shards - 1} would be ${chars} characters, over ECS's ` +
      `${OVERRIDES_MAX_CHARS} (with ${SHARD_ENV.index} and ${SHARD_ENV.total} added to ` +
      `"${plan.container}"'s environment): shorten "command", "environment" or "overrides".`
  )
}

/**
 * Plans, then registers when the plan says so; logs what runs and the request. A dry run stops
 * after the plan: nothing is registered.
 */
export async function prepareTask(
  inputs: Inputs,
  ecs: ECSClient,
  deps: PrepareDeps
): Promise<
  | { dryRun: true; plan: TaskPlan; ifRunning?: string }
  | {
      dryRun: false
      taskDefinition: TaskDefinition
      container: string
      containerWhy: string
      candidates?: readonly string[]
      request: RunTaskCommandInput
      /** `if-running: skip` found the job running: nothing is registered or started. */
      skipped?: Extract<IfRunningOutcome, { kind: 'skip' }>
      /** How long `if-running` waited for the job's running task: not part of start-timeout. */
      waitedMs: number
    }
> {
  const plan = await planTask(inputs, ecs, deps)
  checkTaskOutputsSource(inputs, plan.registration ?? plan.taskDefinition, plan.container)
  checkShardOverrides(inputs, plan)
  if (inputs.dryRun) {
    const ifRunning = await ifRunningNow(inputs.ifRunning, jobOf(plan, inputs), ecs, deps)
    core.info('dry-run is true: stopping here, before anything is registered or started.')
    return { dryRun: true, plan, ...(ifRunning ? { ifRunning } : {}) }
  }
  const judged = await judgeIfRunning(inputs, jobOf(plan, inputs), ecs, deps)
  if (judged.kind === 'skip') {
    const { taskDefinition, container, containerWhy } = plan
    const request = plan.request(taskDefinition.taskDefinitionArn ?? '')
    return {
      dryRun: false,
      taskDefinition,
      container,
      containerWhy,
      request,
      skipped: judged,
      waitedMs: 0
    }
  }
  const waitedMs = judged.waitedMs
  deps = waitedMs > 0 ? { ...deps, deadline: deps.deadline + waitedMs } : deps
  const { taskDefinition, registered, request } = await applyPlan(plan, ecs, inputs, deps)
  const arn = taskDefinition.taskDefinitionArn ?? ''
  core.info(
    registered
      ? `Registered task definition ${arn} (${registrationLine(plan, inputs)})`
      : `Using task definition ${arn}`
  )
  core.info(`RunTask request: ${JSON.stringify(redactRequest(request), null, 2)}`)
  return {
    dryRun: false,
    taskDefinition,
    container: plan.container,
    containerWhy: plan.containerWhy,
    ...(plan.candidates ? { candidates: plan.candidates } : {}),
    request,
    waitedMs
  }
}
