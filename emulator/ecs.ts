// ECS model: clusters, task definitions, services and tasks, and the JSON 1.1 operations over them.
// Responses are shaped like real ECS answers (epoch-second timestamps, ARNs, failures[] for
// placement problems and MISSING resources) because the action under test parses them as such.

import { randomBytes, randomInt, randomUUID } from 'node:crypto'
import type { LogStore } from './logs.js'
import { DEFAULTS, Task } from './task.js'
import type { Placement } from './task.js'
import type { CapacityProviderStrategyItem, TaskBehaviour } from './types.js'
import type { RunTaskLimiter } from './run-task-limits.js'
import { ApiError } from './types.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- requests and responses are free-form JSON */

interface Cluster {
  name: string
  arn: string
  /** INACTIVE once deleted: DescribeClusters still reports it; other calls do not find it. */
  status: 'ACTIVE' | 'INACTIVE'
  services: Map<string, any>
  /** clientToken -> the canonical request and the tasks it started. */
  tokens: Map<string, { request: string; taskArns: string[] }>
  capacityProviders: string[]
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[]
  containerInstances: number
}

/** How a cluster is set up; addCluster() applies only the fields given. */
export interface ClusterOptions {
  /** Providers associated with the cluster (default FARGATE and FARGATE_SPOT). */
  capacityProviders?: string[]
  /**
   * Used by RunTask without launchType or capacityProviderStrategy (default: FARGATE, weight 1).
   * Empty: no default strategy, so such a RunTask falls back to the EC2 launch type.
   */
  defaultCapacityProviderStrategy?: CapacityProviderStrategyItem[]
  /** Registered EC2 container instances (default 0: EC2 tasks cannot be placed). */
  containerInstances?: number
}

type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE'

/** What a service's deployment (and the service itself) runs. */
interface RunsWith {
  /** Family (latest ACTIVE revision), family:revision or ARN. */
  taskDefinition?: string
  launchType?: string
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  platformVersion?: string
  networkConfiguration?: any
  desiredCount?: number
  runningCount?: number
  pendingCount?: number
}

export interface DeploymentSeed extends RunsWith {
  /** Default: a generated 'ecs-svc/<19 digits>'. */
  id?: string
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE'
  /** Default: IN_PROGRESS for the PRIMARY one while older deployments remain, else COMPLETED. */
  rolloutState?: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED'
}

/**
 * A service DescribeServices reports. Fields left out of the service are taken from its PRIMARY
 * deployment and vice versa; without deployments one PRIMARY deployment mirrors the service.
 */
export interface ServiceSeed extends RunsWith {
  cluster?: string
  serviceName: string
  /** Default ACTIVE. */
  status?: ServiceStatus
  deployments?: DeploymentSeed[]
}

/** Fields DescribeTaskDefinition returns and RegisterTaskDefinition refuses. */
export const READ_ONLY_TASK_DEFINITION_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
] as const

/** Fargate platform versions RunTask accepts (Linux). */
const PLATFORM_VERSIONS = ['LATEST', '1.4.0', '1.3.0']

/** Epoch ms -> the epoch seconds ECS puts on the wire. */
const secs = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : ms / 1000

const STATUS_VERSION: Record<string, number> = {
  PROVISIONING: 1,
  PENDING: 2,
  RUNNING: 3,
  DEACTIVATING: 4,
  STOPPING: 5,
  DEPROVISIONING: 6,
  STOPPED: 7
}

/**
 * The account's VPC as far as RunTask checks it: the subnets and security groups that exist.
 * It outlives reset() (tests seed it once), and seeding a service adds the ids its network uses.
 */
export class Vpc {
  readonly subnets = new Set<string>()
  readonly securityGroups = new Set<string>()

  add(ids: { subnets?: string[]; securityGroups?: string[] }): void {
    for (const id of ids.subnets ?? []) this.subnets.add(id)
    for (const id of ids.securityGroups ?? []) this.securityGroups.add(id)
  }

  /** What ECS answers for an awsvpc request naming a subnet or group that does not exist. */
  check(awsvpc: any): void {
    const subnets: string[] = awsvpc?.subnets ?? []
    if (subnets.length === 0) {
      throw new ApiError('InvalidParameterException', 'subnets can not be empty.')
    }
    const unknownSubnets = subnets.filter((id) => !this.subnets.has(id))
    if (unknownSubnets.length > 0) {
      throw new ApiError(
        'InvalidParameterException',
        `Error retrieving subnet information for [${unknownSubnets.join(', ')}]: The subnet ID '${unknownSubnets[0]}' does not exist (ErrorCode: InvalidSubnetID.NotFound)`
      )
    }
    const groups: string[] = awsvpc?.securityGroups ?? []
    const unknownGroups = groups.filter((id) => !this.securityGroups.has(id))
    if (unknownGroups.length > 0) {
      throw new ApiError(
        'InvalidParameterException',
        `Error retrieving security group information for [${unknownGroups.join(', ')}]: The security group '${unknownGroups[0]}' does not exist (ErrorCode: InvalidGroup.NotFound)`
      )
    }
  }
}

export class EcsModel {
  private readonly clusters = new Map<string, Cluster>()
  private readonly taskDefs = new Map<string, any[]>()
  /** taskDefinitionArn -> the tags given to RegisterTaskDefinition. */
  private readonly taskDefTags = new Map<string, any[]>()
  private readonly behaviours = new Map<string, TaskBehaviour>()
  /** Per family, since its last script(): tasks started, and those placed on FARGATE_SPOT. */
  private readonly started = new Map<string, { tasks: number; spot: number }>()
  readonly allTasks: Task[] = []
  /** RunTask's throttling, when limited (see run-task-limits.ts). */
  runTaskLimiter: RunTaskLimiter | undefined

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly logs: LogStore,
    private readonly vpc: Vpc = new Vpc()
  ) {
    this.addCluster('default')
  }

  private arn(resource: string): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}:${resource}`
  }

  /**
   * Creates the cluster if needed (a deleted one anew, as CreateCluster does), then applies the
   * options given; returns its ARN.
   */
  addCluster(name: string, options: ClusterOptions = {}): string {
    let c = this.clusters.get(name)
    if (!c || c.status === 'INACTIVE') {
      c = {
        name,
        arn: this.arn(`cluster/${name}`),
        status: 'ACTIVE',
        services: new Map(),
        tokens: new Map(),
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
        containerInstances: 0
      }
      this.clusters.set(name, c)
    }
    if (options.capacityProviders) c.capacityProviders = [...options.capacityProviders]
    if (options.defaultCapacityProviderStrategy) {
      c.defaultCapacityProviderStrategy = options.defaultCapacityProviderStrategy.map((i) => ({
        ...i
      }))
    }
    if (options.containerInstances !== undefined) c.containerInstances = options.containerInstances
    return c.arn
  }

  addService(seed: ServiceSeed): any {
    const cluster = this.cluster(seed.cluster)
    const service = this.buildService(cluster, seed)
    // A service runs in subnets and groups that exist.
    for (const d of [service, ...service.deployments]) {
      this.vpc.add(d.networkConfiguration?.awsvpcConfiguration ?? {})
    }
    cluster.services.set(seed.serviceName, service)
    return service
  }

  script(family: string, behaviour: TaskBehaviour): void {
    this.behaviours.set(family, behaviour)
    this.started.delete(family)
  }

  /**
   * DeleteCluster: the cluster turns INACTIVE (DescribeClusters still reports it, every other
   * call answers ClusterNotFoundException); `forget` drops it altogether, as ECS does after a
   * while (DescribeClusters then answers MISSING).
   */
  deleteCluster(name: string, options: { forget?: boolean } = {}): void {
    const c = this.clusters.get(name)
    if (!c) throw new Error(`deleteCluster: no cluster "${name}"`)
    if (options.forget) this.clusters.delete(name)
    else c.status = 'INACTIVE'
  }

  /** Cluster by name or ARN, deleted ones included; undefined when unknown. */
  private findCluster(ref: string | undefined): Cluster | undefined {
    const name =
      ref === undefined || ref === '' ? 'default' : (/:cluster\/(.+)$/.exec(ref)?.[1] ?? ref)
    return this.clusters.get(name)
  }

  /** An ACTIVE cluster by name or ARN; unknown or deleted -> ClusterNotFoundException. */
  private cluster(ref: string | undefined): Cluster {
    const c = this.findCluster(ref)
    if (!c) throw new ApiError('ClusterNotFoundException', 'Cluster not found.')
    if (c.status === 'INACTIVE') {
      throw new ApiError('ClusterNotFoundException', 'The referenced cluster was inactive.')
    }
    return c
  }

  // ---- task definitions ------------------------------------------------------------------------

  /**
   * RegisterTaskDefinition. `strict` (the wire operation) refuses the read-only fields of a
   * described definition as real ECS does; the seeding API drops them instead.
   */
  registerTaskDefinition(input: any, strict = false): { taskDefinition: any; tags?: any[] } {
    if (
      !input?.family ||
      !Array.isArray(input.containerDefinitions) ||
      input.containerDefinitions.length === 0
    ) {
      throw new ApiError('ClientException', 'Container list cannot be empty.')
    }
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(input.family)) {
      throw new ApiError('ClientException', 'Family contains invalid characters.')
    }
    const readOnly = READ_ONLY_TASK_DEFINITION_FIELDS.filter((f) => input[f] !== undefined)
    if (strict && readOnly.length > 0) {
      throw new ApiError(
        'ClientException',
        `Unknown parameter${readOnly.length > 1 ? 's' : ''} in input: ${readOnly
          .map((f) => `"${f}"`)
          .join(', ')}. ` +
          'These are read-only fields of a described task definition; RegisterTaskDefinition does not accept them.'
      )
    }
    const { tags, ...given } = input
    for (const f of readOnly) delete given[f]
    const revisions = this.taskDefs.get(input.family) ?? []
    const revision = revisions.length + 1
    const requires: string[] = input.requiresCompatibilities ?? []
    const taskDefinition = {
      ...given,
      containerDefinitions: input.containerDefinitions.map((c: any) => ({
        ...c,
        essential: c.essential !== false
      })),
      taskDefinitionArn: this.arn(`task-definition/${input.family}:${revision}`),
      revision,
      status: 'ACTIVE',
      volumes: input.volumes ?? [],
      placementConstraints: input.placementConstraints ?? [],
      compatibilities: requires.includes('FARGATE') ? ['EC2', 'FARGATE'] : ['EC2'],
      requiresAttributes: requiresAttributes(input),
      registeredAt: Date.now() / 1000,
      registeredBy: `arn:aws:iam::${this.accountId}:user/emulator`
    }
    revisions.push(taskDefinition)
    this.taskDefs.set(input.family, revisions)
    if (tags) this.taskDefTags.set(taskDefinition.taskDefinitionArn, structuredClone(tags))
    return { taskDefinition, ...(tags ? { tags } : {}) }
  }

  /** Every registered revision of a family, oldest first, as DescribeTaskDefinition shows them. */
  taskDefinitions(family: string): any[] {
    return structuredClone(this.taskDefs.get(family) ?? [])
  }

  /** The tags registered with a task definition (family, family:revision or ARN). */
  taskDefinitionTags(ref: string): any[] | undefined {
    const td = this.findTaskDef(ref)
    return td ? structuredClone(this.taskDefTags.get(td.taskDefinitionArn) ?? []) : undefined
  }

  /** family (latest ACTIVE), family:revision or ARN; undefined when unknown. */
  private findTaskDef(ref: string | undefined): any {
    if (!ref) return undefined
    const m = /^(?:arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/)?([^:/]+)(?::(\d+))?$/.exec(ref)
    if (!m) return undefined
    const revisions = this.taskDefs.get(m[1]!) ?? []
    if (m[2] !== undefined) return revisions[Number(m[2]) - 1]
    return [...revisions].reverse().find((t) => t.status === 'ACTIVE')
  }

  describeTaskDefinition(input: any): any {
    const taskDefinition = this.findTaskDef(input?.taskDefinition)
    if (!taskDefinition)
      throw new ApiError('ClientException', 'Unable to describe task definition.')
    // Tags only when asked for with include: ["TAGS"].
    const withTags = (input?.include ?? []).includes('TAGS')
    return {
      taskDefinition,
      ...(withTags ? { tags: this.taskDefTags.get(taskDefinition.taskDefinitionArn) ?? [] } : {})
    }
  }

  // ---- tasks -----------------------------------------------------------------------------------

  /**
   * A task started by someone else (a console run, the schedule, a service): as RunTask starts
   * it, with its own behaviour instead of the family's script, created `agoMs` before now.
   */
  seedTask(input: any, behaviour: TaskBehaviour | undefined, agoMs = 0): any {
    return this.runTask({ ...input }, { behaviour, at: Date.now() - agoMs }).tasks[0]
  }

  runTask(input: any, seed?: { behaviour: TaskBehaviour | undefined; at: number }): any {
    const cluster = this.cluster(input.cluster)
    const count = input.count ?? 1
    if (this.runTaskLimiter) {
      const now = Date.now()
      const starting = this.allTasks.filter(
        (t) =>
          t.cluster.name === cluster.name && ['PROVISIONING', 'PENDING'].includes(t.lastStatus(now))
      ).length
      this.runTaskLimiter.take(Number.isInteger(count) ? count : 1, starting, now)
    }
    if (!Number.isInteger(count) || count < 1 || count > 10) {
      throw new ApiError('InvalidParameterException', 'count must be between 1 and 10.')
    }
    if (input.launchType && input.capacityProviderStrategy?.length) {
      throw new ApiError(
        'InvalidParameterException',
        'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.'
      )
    }
    const token: string | undefined = input.clientToken
    if (token !== undefined && !/^[\x21-\x7e]{1,64}$/.test(token)) {
      throw new ApiError('InvalidParameterException', 'clientToken is invalid.')
    }
    const taskDef = this.findTaskDef(input.taskDefinition)
    if (!taskDef) throw new ApiError('ClientException', 'TaskDefinition not found.')
    refuseAsEcsDoes(input, taskDef)
    const awsvpc = input.networkConfiguration?.awsvpcConfiguration
    if (taskDef.networkMode === 'awsvpc') {
      if (!awsvpc) {
        throw new ApiError(
          'InvalidParameterException',
          "Network Configuration must be provided when networkMode 'awsvpc' is specified."
        )
      }
      this.vpc.check(awsvpc)
    }
    const placements = this.place(cluster, input, count)

    // Idempotency: the same token with the same request answers the tasks it already started.
    const canonical = canonicalJson(input)
    if (token !== undefined) {
      const previous = cluster.tokens.get(token)
      if (previous && previous.request === canonical) {
        return {
          tasks: previous.taskArns.map((arn) => this.render(this.taskByArn(arn)!, true)),
          failures: []
        }
      }
      if (previous) {
        throw new ApiError(
          'ConflictException',
          'The specified client token has already been used in a different request.',
          400,
          { resourceIds: previous.taskArns }
        )
      }
    }

    const behaviour = shardBehaviour(
      (seed ? seed.behaviour : undefined) ?? this.behaviours.get(taskDef.family) ?? {},
      input
    )
    if (behaviour.placementFailures?.length) {
      return {
        tasks: [],
        failures: behaviour.placementFailures.map((f) => ({ ...f }))
      }
    }

    const now = seed?.at ?? Date.now()
    const tasks: Task[] = []
    for (let i = 0; i < Math.min(count, behaviour.startAtMost ?? count); i++) {
      const id = randomBytes(16).toString('hex')
      const placement = placements[i]!
      const task = new Task(
        id,
        this.arn(`task/${cluster.name}/${id}`),
        { name: cluster.name, arn: cluster.arn },
        taskDef,
        input,
        now,
        this.behaviourOfNext(taskDef.family, behaviour, placement),
        () => this.arn(`container/${cluster.name}/${id}/${randomUUID()}`),
        placement
      )
      for (const c of task.containers) {
        if (c.log) this.logs.attachFeed(c.log.group, c.log.stream, task.feed(c))
      }
      this.allTasks.push(task)
      tasks.push(task)
    }
    if (token !== undefined) {
      cluster.tokens.set(token, { request: canonical, taskArns: tasks.map((t) => t.arn) })
    }
    return { tasks: tasks.map((t) => this.render(t, true)), failures: [] }
  }

  /**
   * Launch type and capacity provider of each task: the request's launchType or strategy, else
   * the cluster's default strategy, else the EC2 launch type (which needs container instances).
   */
  private place(cluster: Cluster, input: any, count: number): Placement[] {
    const given: CapacityProviderStrategyItem[] | undefined = input.capacityProviderStrategy?.length
      ? input.capacityProviderStrategy
      : undefined
    for (const item of given ?? []) {
      if (!cluster.capacityProviders.includes(item.capacityProvider)) {
        throw new ApiError(
          'InvalidParameterException',
          'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.'
        )
      }
    }
    const strategy =
      given ??
      (input.launchType || cluster.defaultCapacityProviderStrategy.length === 0
        ? undefined
        : cluster.defaultCapacityProviderStrategy)
    const providers: Array<string | undefined> = strategy
      ? distribute(strategy, count)
      : Array.from({ length: count }, () => undefined)
    const platform: string | undefined = input.platformVersion
    return providers.map((provider) => {
      const launchType = provider
        ? provider.startsWith('FARGATE')
          ? 'FARGATE'
          : 'EC2'
        : (input.launchType ?? 'EC2')
      if (launchType === 'EC2' && !provider && cluster.containerInstances === 0) {
        // What ECS answers when the request falls back to (or asks for) EC2 in a cluster without
        // registered container instances.
        throw new ApiError(
          'InvalidParameterException',
          'No Container Instances were found in your cluster.'
        )
      }
      if (launchType === 'FARGATE' && platform && !PLATFORM_VERSIONS.includes(platform)) {
        throw new ApiError(
          'PlatformUnknownException',
          'The specified platform version does not exist.'
        )
      }
      return {
        launchType,
        ...(provider ? { capacityProviderName: provider } : {}),
        ...(launchType === 'FARGATE'
          ? { platformVersion: !platform || platform === 'LATEST' ? '1.4.0' : platform }
          : {})
      }
    })
  }

  /** The family's behaviour for its next task: failToStart / spotInterruption counted per task. */
  private behaviourOfNext(
    family: string,
    behaviour: TaskBehaviour,
    placement: Placement
  ): TaskBehaviour {
    const counts = this.started.get(family) ?? { tasks: 0, spot: 0 }
    this.started.set(family, counts)
    const n = counts.tasks++
    const { failToStart, spotInterruption, ...rest } = behaviour
    const result: TaskBehaviour = { ...rest }
    if (failToStart && (failToStart.times === undefined || n < failToStart.times)) {
      result.failToStart = failToStart
    }
    if (spotInterruption && placement.capacityProviderName === 'FARGATE_SPOT') {
      const k = counts.spot++
      if (spotInterruption.times === undefined || k < spotInterruption.times) {
        result.spotInterruption = spotInterruption
      }
    }
    return result
  }

  private taskByArn(arn: string): Task | undefined {
    return this.allTasks.find((t) => t.arn === arn)
  }

  /** A task of the cluster by id or ARN. */
  private findTask(cluster: Cluster, ref: string): Task | undefined {
    return this.allTasks.find(
      (t) => t.cluster.name === cluster.name && (t.id === ref || t.arn === ref)
    )
  }

  describeTasks(input: any): any {
    const cluster = this.cluster(input.cluster)
    const refs: string[] = input.tasks ?? []
    if (refs.length === 0) throw new ApiError('InvalidParameterException', 'Tasks cannot be empty.')
    if (refs.length > 100) {
      throw new ApiError('InvalidParameterException', 'Tasks cannot have more than 100 elements.')
    }
    const withTags = (input.include ?? []).includes('TAGS')
    const tasks: any[] = []
    const failures: any[] = []
    for (const ref of refs) {
      const task = this.findTask(cluster, ref)
      if (task && task.missingLeft > 0) task.missingLeft--
      else if (task) {
        tasks.push(this.render(task, withTags))
        continue
      }
      failures.push({
        arn: ref.startsWith('arn:') ? ref : this.arn(`task/${cluster.name}/${ref}`),
        reason: 'MISSING'
      })
    }
    return { tasks, failures }
  }

  stopTask(input: any): any {
    const cluster = this.cluster(input.cluster)
    const task = input.task ? this.findTask(cluster, input.task) : undefined
    if (!task) throw new ApiError('InvalidParameterException', 'The referenced task was not found.')
    task.stop(Date.now(), input.reason ?? 'Task stopped by user')
    return { task: this.render(task, true) }
  }

  listTasks(input: any): any {
    const cluster = this.cluster(input.cluster)
    const maxResults = input.maxResults ?? 100
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      throw new ApiError('InvalidParameterException', 'maxResults must be between 1 and 100.')
    }
    const now = Date.now()
    const desired = input.desiredStatus ?? 'RUNNING'
    const arns = this.allTasks
      .filter(
        (t) =>
          t.cluster.name === cluster.name &&
          (!input.family || t.family === input.family) &&
          (!input.startedBy || t.request.startedBy === input.startedBy) &&
          // A service's tasks are in its group (what ECS's serviceName filter selects).
          (!input.serviceName || t.request.group === `service:${input.serviceName}`) &&
          desiredStatus(t, now) === desired
      )
      .map((t) => t.arn)
    const offset = input.nextToken ? Number(input.nextToken) : 0
    const max = input.maxResults ?? 100
    const page = arns.slice(offset, offset + max)
    return {
      taskArns: page,
      ...(offset + max < arns.length ? { nextToken: String(offset + max) } : {})
    }
  }

  describeServices(input: any): any {
    const cluster = this.cluster(input.cluster)
    const refs: string[] = input.services ?? []
    if (refs.length === 0)
      throw new ApiError('InvalidParameterException', 'Services cannot be empty.')
    const services: any[] = []
    const failures: any[] = []
    for (const ref of refs) {
      const name = /:service\/(?:[^/]+\/)?([^/]+)$/.exec(ref)?.[1] ?? ref
      const service = cluster.services.get(name)
      if (service) services.push(structuredClone(service))
      else
        failures.push({
          arn: ref.startsWith('arn:') ? ref : this.arn(`service/${cluster.name}/${ref}`),
          reason: 'MISSING'
        })
    }
    return { services, failures }
  }

  describeClusters(input: any): any {
    const refs: string[] = input.clusters?.length ? input.clusters : ['default']
    const now = Date.now()
    const clusters: any[] = []
    const failures: any[] = []
    for (const ref of refs) {
      const c = this.findCluster(ref)
      if (!c) {
        failures.push({
          arn: ref.startsWith('arn:') ? ref : this.arn(`cluster/${ref}`),
          reason: 'MISSING'
        })
        continue
      }
      const mine = this.allTasks.filter((t) => t.cluster.name === c.name)
      clusters.push({
        clusterArn: c.arn,
        clusterName: c.name,
        status: c.status,
        registeredContainerInstancesCount: c.containerInstances,
        runningTasksCount: mine.filter((t) => t.lastStatus(now) === 'RUNNING').length,
        pendingTasksCount: mine.filter((t) =>
          ['PROVISIONING', 'PENDING'].includes(t.lastStatus(now))
        ).length,
        activeServicesCount: c.services.size,
        statistics: [],
        tags: [],
        settings: [{ name: 'containerInsights', value: 'disabled' }],
        capacityProviders: [...c.capacityProviders],
        defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy.map((i) => ({
          capacityProvider: i.capacityProvider,
          weight: i.weight ?? 0,
          base: i.base ?? 0
        }))
      })
    }
    return { clusters, failures }
  }

  /** A seeded service rendered as DescribeServices shows it (built once, at seeding). */
  private buildService(cluster: Cluster, seed: ServiceSeed): any {
    const deployments = seed.deployments ?? []
    const primaries = deployments.filter((d) => d.status === 'PRIMARY')
    if (deployments.length > 0 && primaries.length !== 1) {
      throw new Error(
        `addService(${seed.serviceName}): deployments need exactly one PRIMARY, got ${primaries.length}`
      )
    }
    // The service shows what its PRIMARY deployment runs, and the deployments what the service
    // runs unless they say otherwise.
    const service = inherit(seed, primaries[0])
    checkRunsWith(`addService(${seed.serviceName})`, service)
    const status: ServiceStatus = seed.status ?? 'ACTIVE'
    const gone = status === 'INACTIVE'
    const counts = {
      desiredCount: service.desiredCount ?? (gone ? 0 : 1),
      runningCount: service.runningCount ?? (gone ? 0 : (service.desiredCount ?? 1)),
      pendingCount: service.pendingCount ?? 0
    }
    const now = Date.now() / 1000
    const seeds: DeploymentSeed[] = deployments.length ? deployments : [{ status: 'PRIMARY' }]
    const rendered = seeds.map((d) => {
      const runs = inherit(d, service)
      checkRunsWith(`addService(${seed.serviceName}) deployment ${d.id ?? d.status}`, runs)
      const id = d.id ?? `ecs-svc/${randomInt(1e9, 9e9)}${randomInt(1e9, 9e9)}`.slice(0, 27)
      const rolloutState =
        d.rolloutState ?? (d.status === 'PRIMARY' && seeds.length > 1 ? 'IN_PROGRESS' : 'COMPLETED')
      return {
        id,
        status: d.status,
        ...(runs.taskDefinition ? { taskDefinition: this.taskDefArn(runs.taskDefinition) } : {}),
        desiredCount: d.desiredCount ?? (d.status === 'PRIMARY' ? counts.desiredCount : 0),
        pendingCount: d.pendingCount ?? (d.status === 'PRIMARY' ? counts.pendingCount : 0),
        runningCount: d.runningCount ?? (d.status === 'PRIMARY' ? counts.runningCount : 0),
        failedTasks: 0,
        createdAt: now,
        updatedAt: now,
        ...placementFields(runs),
        ...(runs.networkConfiguration
          ? { networkConfiguration: structuredClone(runs.networkConfiguration) }
          : {}),
        rolloutState,
        rolloutStateReason: `ECS deployment ${id} ${rolloutState === 'IN_PROGRESS' ? 'in progress' : rolloutState === 'FAILED' ? 'failed' : 'completed'}.`
      }
    })
    return {
      serviceArn: this.arn(`service/${cluster.name}/${seed.serviceName}`),
      serviceName: seed.serviceName,
      clusterArn: cluster.arn,
      loadBalancers: [],
      serviceRegistries: [],
      status,
      ...counts,
      ...placementFields(service),
      ...(service.taskDefinition
        ? { taskDefinition: this.taskDefArn(service.taskDefinition) }
        : {}),
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: false, rollback: false },
        maximumPercent: 200,
        minimumHealthyPercent: 100
      },
      deployments: rendered,
      events: [],
      createdAt: now,
      placementConstraints: [],
      placementStrategy: [],
      ...(service.networkConfiguration
        ? { networkConfiguration: structuredClone(service.networkConfiguration) }
        : {}),
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: 'ECS' },
      enableECSManagedTags: false,
      propagateTags: 'NONE',
      enableExecuteCommand: false
    }
  }

  /** A seed's task definition reference as the ARN a service shows. */
  private taskDefArn(ref: string): string {
    if (ref.startsWith('arn:')) return ref
    const td = this.findTaskDef(ref)
    if (td) return td.taskDefinitionArn
    if (/^[A-Za-z0-9_-]+:\d+$/.test(ref)) return this.arn(`task-definition/${ref}`)
    throw new Error(
      `addService: task definition "${ref}" is not registered; register it first or give family:revision or an ARN`
    )
  }

  // ---- rendering -------------------------------------------------------------------------------

  /** The task as DescribeTasks shows it at this instant. */
  render(task: Task, withTags = true, now = Date.now()): any {
    const req = task.request
    const td = task.taskDef
    const stop = task.stopInfo()
    const stopping = stop && stop.at <= now ? stop : undefined
    const lastStatus = task.lastStatus(now, stop)
    const ran = task.ran(stop)
    const started = now >= task.runningAt && (!stopping || ran)
    const { launchType, capacityProviderName, platformVersion } = task.placement
    const fargate = launchType === 'FARGATE'
    // A Spot termination notice: still running, but told to stop.
    const notice = stop && !stopping && stop.noticeAt !== undefined && stop.noticeAt <= now
    const cpu = req.overrides?.cpu ?? td.cpu
    const memory = req.overrides?.memory ?? td.memory
    const subnets: string[] = req.networkConfiguration?.awsvpcConfiguration?.subnets ?? []
    const unreported = new Set(task.behaviour.unreportedContainers ?? [])
    const containers = task.containers
      .filter((c) => !unreported.has(c.name))
      .map((c) => {
        const exit = task.containerExit(c, stop)
        const exited = exit && exit.at <= now
        const containerStatus = exited
          ? 'STOPPED'
          : started
            ? 'RUNNING'
            : stopping
              ? 'STOPPED'
              : 'PENDING'
        return {
          containerArn: c.arn,
          taskArn: task.arn,
          name: c.name,
          image: c.image,
          lastStatus: containerStatus,
          ...(exited && exit.exitCode !== undefined ? { exitCode: exit.exitCode } : {}),
          ...(exited && exit.reason !== undefined ? { reason: exit.reason } : {}),
          ...(started ? { runtimeId: `${task.id}-${c.name}` } : {}),
          networkBindings: [],
          networkInterfaces: [],
          healthStatus: 'UNKNOWN',
          cpu: '0'
        }
      })
    return {
      taskArn: task.arn,
      clusterArn: task.cluster.arn,
      taskDefinitionArn: td.taskDefinitionArn,
      lastStatus,
      desiredStatus: desiredStatus(task, now),
      launchType,
      ...(capacityProviderName ? { capacityProviderName } : {}),
      ...(req.startedBy ? { startedBy: req.startedBy } : {}),
      group: req.group ?? `family:${td.family}`,
      ...(cpu !== undefined ? { cpu: String(cpu) } : {}),
      ...(memory !== undefined ? { memory: String(memory) } : {}),
      overrides: {
        ...(req.overrides ?? {}),
        containerOverrides: req.overrides?.containerOverrides ?? [],
        inferenceAcceleratorOverrides: req.overrides?.inferenceAcceleratorOverrides ?? []
      },
      containers,
      attachments: subnets.length
        ? [
            {
              id: task.id.slice(0, 8) + '-eni',
              type: 'ElasticNetworkInterface',
              status: lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED',
              details: [
                { name: 'subnetId', value: subnets[0] },
                { name: 'privateIPv4Address', value: '10.0.0.10' }
              ]
            }
          ]
        : [],
      attributes: [],
      availabilityZone: `${this.region}a`,
      connectivity: 'CONNECTED',
      connectivityAt: secs(task.createdAt),
      createdAt: secs(task.createdAt),
      ...(now >= task.pendingAt || stopping ? { pullStartedAt: secs(task.pendingAt) } : {}),
      ...(now >= task.runningAt && ran ? { pullStoppedAt: secs(task.runningAt) } : {}),
      ...(started ? { startedAt: secs(task.runningAt) } : {}),
      ...(stopping
        ? {
            stopCode: stopping.stopCode,
            stoppedReason: stopping.stoppedReason,
            stoppingAt: secs(stopping.at),
            executionStoppedAt: secs(stopping.at),
            ...(lastStatus === 'STOPPED' ? { stoppedAt: secs(task.stoppedAt(stop)) } : {})
          }
        : notice
          ? { stopCode: 'TerminationNotice', stoppedReason: stop.stoppedReason }
          : task.userStop
            ? { stopCode: 'UserInitiated', stoppedReason: task.userStop.reason }
            : {}),
      healthStatus: 'UNKNOWN',
      version: STATUS_VERSION[lastStatus] ?? 1,
      enableExecuteCommand: req.enableExecuteCommand === true,
      ...(fargate
        ? {
            platformVersion: platformVersion ?? '1.4.0',
            platformFamily: 'Linux',
            ephemeralStorage: { sizeInGiB: 20 }
          }
        : {}),
      inferenceAccelerators: [],
      ...(withTags ? { tags: req.tags ?? [] } : {})
    }
  }

  /** Everything ever started, optionally in one cluster, rendered now. */
  tasks(cluster?: string): any[] {
    const name = cluster === undefined ? undefined : this.cluster(cluster).name
    return this.allTasks
      .filter((t) => name === undefined || t.cluster.name === name)
      .map((t) => this.render(t))
  }
}

function desiredStatus(task: Task, now: number): string {
  const stop = task.stopInfo()
  return task.userStop || (stop && Math.min(stop.at, stop.noticeAt ?? Infinity) <= now)
    ? 'STOPPED'
    : 'RUNNING'
}

/**
 * The family's behaviour for a RunTask whose container overrides set ECS_RUN_TASK_SHARD=i (the
 * action's shards): `shards[i]` laid over it, containers merged by name.
 */
function shardBehaviour(behaviour: TaskBehaviour, input: any): TaskBehaviour {
  if (!behaviour.shards) return behaviour
  const env = ((input.overrides?.containerOverrides ?? []) as any[]).flatMap(
    (o) => (o?.environment ?? []) as Array<{ name?: string; value?: string }>
  )
  const index = env.find((e) => e.name === 'ECS_RUN_TASK_SHARD')?.value
  const own = index === undefined ? undefined : behaviour.shards[Number(index)]
  if (!own) return behaviour
  return {
    ...behaviour,
    ...own,
    containers: { ...behaviour.containers, ...own.containers }
  }
}

/**
 * Spreads `count` tasks over a strategy: each provider's base first (in order), the rest by
 * weight (each task to the provider furthest below its share; ties to the earlier one).
 */
export function distribute(strategy: CapacityProviderStrategyItem[], count: number): string[] {
  const out: string[] = []
  for (const item of strategy) {
    for (let b = 0; b < (item.base ?? 0) && out.length < count; b++) out.push(item.capacityProvider)
  }
  const weighted = strategy.filter((i) => (i.weight ?? 0) > 0)
  const byWeight = new Map<string, number>()
  while (out.length < count) {
    if (weighted.length === 0) {
      out.push(strategy[0]!.capacityProvider)
      continue
    }
    let best = weighted[0]!
    let bestScore = Infinity
    for (const item of weighted) {
      const score = ((byWeight.get(item.capacityProvider) ?? 0) + 1) / item.weight!
      if (score < bestScore) {
        best = item
        bestScore = score
      }
    }
    byWeight.set(best.capacityProvider, (byWeight.get(best.capacityProvider) ?? 0) + 1)
    out.push(best.capacityProvider)
  }
  return out
}

/** `over`'s fields, completed from `base` (launchType and strategy travel together). */
function inherit<T extends RunsWith>(over: T, base: RunsWith | undefined): T {
  if (!base) return over
  const result: any = { ...over }
  for (const key of ['taskDefinition', 'platformVersion', 'networkConfiguration'] as const) {
    if (result[key] === undefined && base[key] !== undefined) result[key] = base[key]
  }
  if (result.launchType === undefined && result.capacityProviderStrategy === undefined) {
    if (base.launchType !== undefined) result.launchType = base.launchType
    if (base.capacityProviderStrategy !== undefined) {
      result.capacityProviderStrategy = base.capacityProviderStrategy
    }
  }
  return result
}

function checkRunsWith(what: string, r: RunsWith): void {
  if (r.launchType && r.capacityProviderStrategy?.length) {
    throw new Error(`${what}: launchType and capacityProviderStrategy are mutually exclusive`)
  }
}

/** launchType or capacityProviderStrategy, and on Fargate the platform version and family. */
function placementFields(r: RunsWith): any {
  const strategy = r.capacityProviderStrategy?.length ? r.capacityProviderStrategy : undefined
  const fargate = strategy
    ? strategy.every((i) => i.capacityProvider.startsWith('FARGATE'))
    : r.launchType === 'FARGATE'
  return {
    ...(strategy
      ? {
          capacityProviderStrategy: strategy.map((i) => ({
            capacityProvider: i.capacityProvider,
            weight: i.weight ?? 0,
            base: i.base ?? 0
          }))
        }
      : r.launchType
        ? { launchType: r.launchType }
        : {}),
    ...(fargate ? { platformVersion: r.platformVersion ?? 'LATEST', platformFamily: 'Linux' } : {})
  }
}

/** The capabilities ECS derives from a definition (a realistic subset). */
function requiresAttributes(td: any): Array<{ name: string }> {
  const names = new Set<string>()
  const execRole = Boolean(td.executionRoleArn)
  for (const c of (td.containerDefinitions ?? []) as any[]) {
    if (c.logConfiguration?.logDriver === 'awslogs') {
      names.add('com.amazonaws.ecs.capability.logging-driver.awslogs')
      if (execRole) names.add('ecs.capability.execution-role-awslogs')
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.19')
    }
    if (typeof c.image === 'string' && /\.dkr\.ecr\./.test(c.image)) {
      names.add('com.amazonaws.ecs.capability.ecr-auth')
      if (execRole) names.add('ecs.capability.execution-role-ecr-pull')
    }
    for (const secret of (c.secrets ?? []) as any[]) {
      names.add(
        String(secret.valueFrom).includes(':secretsmanager:')
          ? 'ecs.capability.secrets.asm.environment-variables'
          : 'ecs.capability.secrets.ssm.environment-variables'
      )
    }
  }
  if (td.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role')
  if (td.networkMode === 'awsvpc') {
    names.add('ecs.capability.task-eni')
    names.add('com.amazonaws.ecs.capability.docker-remote-api.1.18')
  }
  return [...names].map((name) => ({ name }))
}

/** JSON with sorted keys, so two equal requests compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v
  )
}

export { DEFAULTS }

/**
 * What RunTask refuses before placing anything, as ECS words it: SERVICE tag propagation,
 * Fargate-only settings on EC2 or EXTERNAL, overrides over 8,192 characters of JSON, and a
 * launch type the task definition is not compatible with.
 */
function refuseAsEcsDoes(input: any, taskDef: any): void {
  const invalid = (message: string): never => {
    throw new ApiError('InvalidParameterException', message)
  }
  if (input.propagateTags === 'SERVICE') {
    invalid('Propagate tags from service is not supported for RunTask.')
  }
  const nonFargate = input.launchType === 'EC2' || input.launchType === 'EXTERNAL'
  if (nonFargate && input.platformVersion) {
    invalid('Platform version is only supported for the FARGATE launch type.')
  }
  if (nonFargate && input.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === 'ENABLED') {
    invalid('Assign public IP is not supported for this launch type.')
  }
  if (input.overrides !== undefined && JSON.stringify(input.overrides).length > 8192) {
    invalid('Container Overrides length must be at most 8192')
  }
  const fargate =
    input.launchType === 'FARGATE' ||
    (input.capacityProviderStrategy?.length > 0 &&
      input.capacityProviderStrategy.every((s: any) =>
        ['FARGATE', 'FARGATE_SPOT'].includes(s.capacityProvider)
      ))
  const launchType = fargate ? 'FARGATE' : input.launchType
  const compatibilities: string[] = taskDef.compatibilities ?? []
  if ((launchType === 'FARGATE' || launchType === 'EC2') && !compatibilities.includes(launchType)) {
    invalid(`Task definition does not support launch_type ${launchType}.`)
  }
}
