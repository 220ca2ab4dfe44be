// ECS model: clusters, task definitions, services and tasks, and the JSON 1.1 operations over them.
// Responses are shaped like real ECS answers (epoch-second timestamps, ARNs, failures[] for
// placement problems and MISSING resources) because the action under test parses them as such.

import { randomBytes, randomUUID } from 'node:crypto'
import type { LogStore } from './logs.js'
import { DEFAULTS, Task } from './task.js'
import type { TaskBehaviour } from './types.js'
import { ApiError } from './types.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- requests and responses are free-form JSON */

interface Cluster {
  name: string
  arn: string
  services: Map<string, any>
  /** clientToken -> the canonical request and the tasks it started. */
  tokens: Map<string, { request: string; taskArns: string[] }>
}

export interface ServiceSeed {
  cluster?: string
  serviceName: string
  networkConfiguration?: any
  launchType?: string
}

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

export class EcsModel {
  private readonly clusters = new Map<string, Cluster>()
  private readonly taskDefs = new Map<string, any[]>()
  private readonly behaviours = new Map<string, TaskBehaviour>()
  readonly allTasks: Task[] = []

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly logs: LogStore
  ) {
    this.addCluster('default')
  }

  private arn(resource: string): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}:${resource}`
  }

  addCluster(name: string): string {
    if (!this.clusters.has(name)) {
      this.clusters.set(name, {
        name,
        arn: this.arn(`cluster/${name}`),
        services: new Map(),
        tokens: new Map()
      })
    }
    return this.clusters.get(name)!.arn
  }

  addService(seed: ServiceSeed): any {
    const cluster = this.cluster(seed.cluster)
    const service = {
      serviceArn: this.arn(`service/${cluster.name}/${seed.serviceName}`),
      serviceName: seed.serviceName,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      desiredCount: 1,
      runningCount: 1,
      pendingCount: 0,
      ...(seed.launchType ? { launchType: seed.launchType } : {}),
      ...(seed.networkConfiguration ? { networkConfiguration: seed.networkConfiguration } : {}),
      createdAt: Date.now() / 1000,
      deployments: [],
      events: []
    }
    cluster.services.set(seed.serviceName, service)
    return service
  }

  script(family: string, behaviour: TaskBehaviour): void {
    this.behaviours.set(family, behaviour)
  }

  /** Cluster by name or ARN; unknown -> ClusterNotFoundException. */
  private cluster(ref: string | undefined): Cluster {
    const name =
      ref === undefined || ref === '' ? 'default' : (/:cluster\/(.+)$/.exec(ref)?.[1] ?? ref)
    const c = this.clusters.get(name)
    if (!c) throw new ApiError('ClusterNotFoundException', 'Cluster not found.')
    return c
  }

  // ---- task definitions ------------------------------------------------------------------------

  registerTaskDefinition(input: any): { taskDefinition: any; tags?: any[] } {
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
    const { tags, ...rest } = input
    const revisions = this.taskDefs.get(input.family) ?? []
    const revision = revisions.length + 1
    const requires: string[] = input.requiresCompatibilities ?? []
    const taskDefinition = {
      ...rest,
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
      requiresAttributes: [],
      registeredAt: Date.now() / 1000,
      registeredBy: `arn:aws:iam::${this.accountId}:user/emulator`
    }
    revisions.push(taskDefinition)
    this.taskDefs.set(input.family, revisions)
    return { taskDefinition, ...(tags ? { tags } : {}) }
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
    return { taskDefinition, tags: [] }
  }

  // ---- tasks -----------------------------------------------------------------------------------

  runTask(input: any): any {
    const cluster = this.cluster(input.cluster)
    const count = input.count ?? 1
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

    const behaviour = this.behaviours.get(taskDef.family) ?? {}
    if (behaviour.placementFailures?.length) {
      return {
        tasks: [],
        failures: behaviour.placementFailures.map((f) => ({ ...f }))
      }
    }

    const now = Date.now()
    const tasks: Task[] = []
    for (let i = 0; i < count; i++) {
      const id = randomBytes(16).toString('hex')
      const task = new Task(
        id,
        this.arn(`task/${cluster.name}/${id}`),
        { name: cluster.name, arn: cluster.arn },
        taskDef,
        input,
        now,
        behaviour,
        () => this.arn(`container/${cluster.name}/${id}/${randomUUID()}`)
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
    if (refs.length === 0 || refs.length > 100) {
      throw new ApiError('InvalidParameterException', 'Tasks cannot be empty.')
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
    const now = Date.now()
    const desired = input.desiredStatus ?? 'RUNNING'
    const arns = this.allTasks
      .filter(
        (t) =>
          t.cluster.name === cluster.name &&
          (!input.family || t.family === input.family) &&
          (!input.startedBy || t.request.startedBy === input.startedBy) &&
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
    const services: any[] = []
    const failures: any[] = []
    for (const ref of (input.services ?? []) as string[]) {
      const name = /:service\/(?:[^/]+\/)?([^/]+)$/.exec(ref)?.[1] ?? ref
      const service = cluster.services.get(name)
      if (service) services.push(service)
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
      let c: Cluster
      try {
        c = this.cluster(ref)
      } catch {
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
        status: 'ACTIVE',
        registeredContainerInstancesCount: 0,
        runningTasksCount: mine.filter((t) => t.lastStatus(now) === 'RUNNING').length,
        pendingTasksCount: mine.filter((t) =>
          ['PROVISIONING', 'PENDING'].includes(t.lastStatus(now))
        ).length,
        activeServicesCount: c.services.size,
        statistics: [],
        tags: [],
        settings: [{ name: 'containerInsights', value: 'disabled' }],
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: []
      })
    }
    return { clusters, failures }
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
    const launchType = resolveLaunchType(req)
    const fargate = launchType === 'FARGATE'
    const cpu = req.overrides?.cpu ?? td.cpu
    const memory = req.overrides?.memory ?? td.memory
    const subnets: string[] = req.networkConfiguration?.awsvpcConfiguration?.subnets ?? []
    const containers = task.containers.map((c) => {
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
      ...(req.capacityProviderStrategy?.length
        ? { capacityProviderName: req.capacityProviderStrategy[0].capacityProvider }
        : {}),
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
        : task.userStop
          ? { stopCode: 'UserInitiated', stoppedReason: task.userStop.reason }
          : {}),
      healthStatus: 'UNKNOWN',
      version: STATUS_VERSION[lastStatus] ?? 1,
      enableExecuteCommand: req.enableExecuteCommand === true,
      ...(fargate
        ? {
            platformVersion:
              !req.platformVersion || req.platformVersion === 'LATEST'
                ? '1.4.0'
                : req.platformVersion,
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
  return task.userStop || (stop && stop.at <= now) ? 'STOPPED' : 'RUNNING'
}

function resolveLaunchType(req: any): string {
  if (req.launchType) return req.launchType
  const provider: string | undefined = req.capacityProviderStrategy?.[0]?.capacityProvider
  if (provider) return provider.startsWith('FARGATE') ? 'FARGATE' : 'EC2'
  return 'EC2'
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
