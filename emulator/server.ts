// The emulator: one loopback HTTP server speaking the AWS JSON 1.1 protocol for ECS and CloudWatch
// Logs, so the unmodified SDK v3 clients (pointed at it with AWS_ENDPOINT_URL) talk real HTTP to
// it. Tests script task behaviour, seed data, inject faults and read the call log through this class.

import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { EcsModel, Vpc } from './ecs.js'
import type { ClusterOptions, ServiceSeed } from './ecs.js'
import { Faults } from './faults.js'
import { LogStore } from './logs.js'
import { SchedulerModel, type RuleSeed, type ScheduleSeed } from './scheduler.js'
import type { LogEvent } from './logs.js'
import type { CallRecord, ChaosOptions, FaultRule, Service, TaskBehaviour } from './types.js'
import { ApiError } from './types.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- wire payloads are free-form JSON */

export type {
  BuiltinFault,
  CallRecord,
  CapacityProviderStrategyItem,
  ChaosOptions,
  ContainerBehaviour,
  CustomFault,
  FailToStart,
  FaultRule,
  SpotInterruption,
  TaskBehaviour
} from './types.js'
export type { ClusterOptions, DeploymentSeed, ServiceSeed } from './ecs.js'
export type { RuleSeed, ScheduleSeed } from './scheduler.js'
export { READ_ONLY_TASK_DEFINITION_FIELDS } from './ecs.js'
export { CHAOS_FAULTS } from './faults.js'
export { OOM_REASON, SPOT_REASON } from './task.js'
export type { LogEvent } from './logs.js'
export { DEFAULTS } from './task.js'

const TARGET_PREFIX: Record<string, Service> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  Logs_20140328: 'logs',
  AWSEvents: 'events'
}

/** EventBridge Scheduler speaks REST JSON: its GetSchedule is a GET of this path. */
const GET_SCHEDULE = /^\/schedules\/([^/?]+)$/

export interface EmulatorOptions {
  region?: string
  accountId?: string
  port?: number
}

export class Emulator {
  readonly url: string
  readonly region: string
  readonly accountId: string
  /** Every request in arrival order. */
  readonly calls: CallRecord[] = []
  private ecs: EcsModel
  private logs: LogStore
  private scheduler: SchedulerModel
  private readonly vpc = new Vpc()
  private readonly faults = new Faults()
  private readonly listeners: Array<(call: CallRecord) => void> = []
  /** Sockets of calls held unanswered by the 'hang' fault. */
  private readonly hung = new Set<Socket>()
  /** See followClientClock(). */
  private clientClock: ((ms: number) => void) | undefined

  private constructor(
    private readonly server: Server,
    options: EmulatorOptions
  ) {
    this.region = options.region ?? 'us-east-1'
    this.accountId = options.accountId ?? '123456789012'
    this.logs = new LogStore(this.region, this.accountId)
    this.ecs = new EcsModel(this.region, this.accountId, this.logs, this.vpc)
    this.scheduler = new SchedulerModel(this.region, this.accountId)
    const { port } = server.address() as AddressInfo
    this.url = `http://127.0.0.1:${port}`
  }

  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const server = createServer()
    server.keepAliveTimeout = 5_000
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
    })
    const emulator = new Emulator(server, options)
    // Attached in the same tick as `listening`: no request can have been accepted before.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      emulator.handle(req, res).catch((err: unknown) => {
        console.error('emulator: request failed', err)
        res.destroy()
      })
    })
    return emulator
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      // The SDK keeps sockets alive; without this close() waits for them to time out.
      this.server.closeAllConnections()
      // Calls held by the 'hang' fault: never answered, so end them here.
      for (const socket of this.hung) socket.destroy()
      this.hung.clear()
    })
  }

  // ---- scripting and seeding -------------------------------------------------------------------

  /** What tasks of `family` started from now on do. */
  script(family: string, behaviour: TaskBehaviour): void {
    this.ecs.script(family, behaviour)
  }

  /**
   * Adds a cluster (idempotent) and applies the options given, also to an existing cluster such
   * as 'default'; returns its ARN. Clusters start with FARGATE and FARGATE_SPOT, a default
   * capacity provider strategy of FARGATE and no container instances;
   * `{ defaultCapacityProviderStrategy: [] }` makes one without a default strategy.
   */
  addCluster(name: string, options?: ClusterOptions): string {
    return this.ecs.addCluster(name, options)
  }

  /**
   * Subnets and security groups that exist, for RunTask's awsvpc check (unknown ids are refused
   * as ECS refuses them). They survive reset(); a seeded service adds those its network uses.
   */
  addNetwork(ids: { subnets?: string[]; securityGroups?: string[] }): void {
    this.vpc.add(ids)
  }

  /** The subnets and security groups RunTask accepts. */
  network(): { subnets: string[]; securityGroups: string[] } {
    return { subnets: [...this.vpc.subnets], securityGroups: [...this.vpc.securityGroups] }
  }

  /**
   * Deletes a cluster: INACTIVE (DescribeClusters reports it; RunTask and the other calls answer
   * ClusterNotFoundException "The referenced cluster was inactive."), or with `forget` unknown
   * (DescribeClusters: MISSING; other calls: "Cluster not found.").
   */
  deleteCluster(name: string, options?: { forget?: boolean }): void {
    this.ecs.deleteCluster(name, options)
  }

  /**
   * A task someone else started and that is still running: a console run, the schedule's own, or
   * (with group `service:<name>`) a service's. `input` is a RunTask request (cluster, family or
   * ARN, group, startedBy…); `behaviour` replaces the family's script for it (default: it runs
   * until stopped); it was created `agoMs` before now. Returns the task as DescribeTasks shows it.
   */
  startTask(input: any, options: { behaviour?: TaskBehaviour; agoMs?: number } = {}): any {
    const forever: TaskBehaviour = { containers: {} }
    const td = this.ecs.taskDefinitions(String(input.taskDefinition).split(':')[0] ?? '')
    for (const c of td.at(-1)?.containerDefinitions ?? []) {
      forever.containers![c.name] = { exitCode: null }
    }
    return this.ecs.seedTask(input, options.behaviour ?? forever, options.agoMs)
  }

  /** An EventBridge Scheduler schedule that GetSchedule reports; returns its ARN. */
  addSchedule(seed: ScheduleSeed): string {
    return this.scheduler.addSchedule(seed)
  }

  /** An EventBridge rule whose targets ListTargetsByRule reports; returns its ARN. */
  addRule(seed: RuleSeed): string {
    return this.scheduler.addRule(seed)
  }

  /** Adds a service that DescribeServices reports (cluster defaults to 'default'). */
  addService(seed: ServiceSeed): any {
    return this.ecs.addService(seed)
  }

  /**
   * Like the RegisterTaskDefinition operation (tags included); returns the TaskDefinition. Unlike
   * the operation, read-only fields of a described definition are dropped rather than refused.
   */
  registerTaskDefinition(input: any): any {
    return this.ecs.registerTaskDefinition(input).taskDefinition
  }

  /** Every revision registered for a family, oldest first, as DescribeTaskDefinition shows them. */
  taskDefinitions(family: string): any[] {
    return this.ecs.taskDefinitions(family)
  }

  /** Tags registered with a task definition (family, family:revision or ARN); undefined if unknown. */
  taskDefinitionTags(ref: string): any[] | undefined {
    return this.ecs.taskDefinitionTags(ref)
  }

  /** Appends events to a stream (creating group and stream); ingestionTime defaults to now. */
  putLogEvents(
    group: string,
    stream: string,
    events: Array<{ timestamp: number; message: string; ingestionTime?: number }>
  ): void {
    this.logs.seed(group, stream, events)
  }

  /** Every event of a stream readable now (throws ResourceNotFoundException like the API). */
  logEvents(group: string, stream: string): LogEvent[] {
    return this.logs.events(group, stream)
  }

  // ---- faults ----------------------------------------------------------------------------------

  inject(rule: FaultRule): void {
    this.faults.add(rule)
  }

  /**
   * Seeded random faults on every matching call that no inject() rule hit; chaos(undefined)
   * stops them. Deterministic for a seed and a sequence of calls.
   */
  chaos(options: ChaosOptions | undefined): void {
    this.faults.chaos(options)
  }

  /** Removes every rule and stops chaos. */
  clearFaults(): void {
    this.faults.clear()
  }

  /**
   * For a client on a virtual clock (the e2e tests' virtual-clock preload): each request's
   * `x-emulator-clock` header (the client's Date.now()) is passed to `apply` before the request
   * is handled, so the emulator can answer at the client's time; and a 'hang' fault answers at
   * once marked `x-emulator-hang`, which the preload keeps from the SDK (a real hang would stop
   * the virtual clock, which moves only while no call awaits an answer). undefined: stop.
   */
  followClientClock(apply: ((ms: number) => void) | undefined): void {
    this.clientClock = apply
  }

  // ---- inspection ------------------------------------------------------------------------------

  callsOf(op: string): CallRecord[] {
    return this.calls.filter((c) => c.op === op)
  }

  /** Every task ever started (optionally of one cluster), rendered as DescribeTasks would now. */
  tasks(cluster?: string): any[] {
    return this.ecs.tasks(cluster)
  }

  /** Called with each call record on arrival (before it is processed; `status` is filled later). */
  onCall(listener: (call: CallRecord) => void): () => void {
    this.listeners.push(listener)
    return () => {
      const i = this.listeners.indexOf(listener)
      if (i >= 0) this.listeners.splice(i, 1)
    }
  }

  /** Forget everything: tasks, definitions, scripts, logs, faults, calls (listeners and the VPC stay). */
  reset(): void {
    this.logs = new LogStore(this.region, this.accountId)
    this.ecs = new EcsModel(this.region, this.accountId, this.logs, this.vpc)
    this.scheduler = new SchedulerModel(this.region, this.accountId)
    this.faults.clear()
    this.calls.length = 0
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname
    if (req.method === 'GET' && GET_SCHEDULE.test(path)) return this.handleGetSchedule(req, res)
    const target = String(req.headers['x-amz-target'] ?? '')
    const [prefix = '', op = ''] = target.split('.')
    const service: Service = TARGET_PREFIX[prefix] ?? 'ecs'
    const known = req.method === 'POST' && prefix in TARGET_PREFIX
    const clientNow = Number(req.headers['x-emulator-clock'])
    const virtualClient = this.clientClock !== undefined && Number.isFinite(clientNow)
    if (virtualClient) this.clientClock!(clientNow)
    // Decided from the headers, so a fault can strike before the body is read.
    const fault = known ? this.faults.decide(service, op) : undefined

    if (fault?.kind === 'reset-before-read') {
      // The body is never read: the call is logged with an empty input.
      const call: CallRecord = { service, op, input: {}, at: Date.now(), status: 0 }
      call.fault = fault.name
      this.record(call)
      req.socket.destroy()
      return
    }

    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let input: any = {}
    let parseError: ApiError | undefined
    try {
      const text = Buffer.concat(chunks).toString('utf8')
      input = text ? JSON.parse(text) : {}
    } catch {
      parseError = new ApiError(
        'SerializationException',
        'Start of structure or map found where not expected.'
      )
    }
    const call: CallRecord = { service, op, input, at: Date.now(), status: 0 }
    if (fault && known && !parseError) call.fault = fault.name
    this.record(call)

    if (!known) {
      return this.send(
        res,
        call,
        errorBody(new ApiError('UnknownOperationException', `Unknown target ${target}`))
      )
    }
    if (parseError) return this.send(res, call, errorBody(parseError))

    switch (fault?.kind) {
      case 'reset-before':
        req.socket.destroy()
        return
      case 'hang':
        if (virtualClient) {
          // The preload holds this answer back from the SDK: to the client it never comes.
          res.writeHead(200, { 'x-emulator-hang': '1', 'content-length': 2 })
          res.end('{}')
          return
        }
        // Read, never answered, never closed: only the client's own timeout ends it (and close()).
        this.hung.add(req.socket)
        req.socket.once('close', () => this.hung.delete(req.socket))
        return
      case 'html-502':
        return this.sendHtml502(res, call)
      case 'error':
        return this.send(res, call, errorBody(fault.error))
    }

    let answer: { status: number; body: any }
    try {
      answer = {
        status: 200,
        body: this.dispatch(service, op, input, fault?.kind === 'empty-page')
      }
    } catch (err) {
      if (!(err instanceof ApiError)) console.error('emulator: internal error', err)
      answer = errorBody(
        err instanceof ApiError
          ? err
          : new ApiError(
              service === 'ecs' ? 'ServerException' : 'ServiceUnavailableException',
              String(err),
              500
            )
      )
    }
    if (fault?.kind === 'drop-response') {
      // Processed, but the answer is lost: the SDK sees a reset socket and retries the same body.
      req.socket.destroy()
      return
    }
    this.send(res, call, answer)
  }

  /** Scheduler's REST JSON: the call's input is its path and query, an error a 4xx with a type. */
  private handleGetSchedule(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://emulator')
    const name = decodeURIComponent(GET_SCHEDULE.exec(url.pathname)?.[1] ?? '')
    const group = url.searchParams.get('groupName') ?? undefined
    const clientNow = Number(req.headers['x-emulator-clock'])
    if (this.clientClock !== undefined && Number.isFinite(clientNow)) this.clientClock(clientNow)
    const input = { Name: name, ...(group ? { GroupName: group } : {}) }
    const call: CallRecord = {
      service: 'scheduler',
      op: 'GetSchedule',
      input,
      at: Date.now(),
      status: 0
    }
    const fault = this.faults.decide('scheduler', 'GetSchedule')
    if (fault) call.fault = fault.name
    this.record(call)
    req.resume()
    let status = 200
    let body: any
    try {
      if (fault?.kind === 'error') throw fault.error
      if (fault) throw new ApiError('ThrottlingException', 'Rate exceeded', 400)
      body = this.scheduler.getSchedule(name, group)
    } catch (err) {
      const e =
        err instanceof ApiError ? err : new ApiError('InternalServerException', String(err), 500)
      status = e.status
      body = { Message: e.message }
      res.setHeader('x-amzn-errortype', e.type)
    }
    call.status = status
    const payload = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      'x-amzn-requestid': randomUUID()
    })
    res.end(payload)
  }

  private record(call: CallRecord): void {
    this.calls.push(call)
    for (const l of this.listeners) l(call)
  }

  /** What a load balancer or proxy in front of the endpoint answers when its upstream fails. */
  private sendHtml502(res: ServerResponse, call: CallRecord): void {
    call.status = 502
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n' +
      '<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n'
    res.writeHead(502, {
      'content-type': 'text/html',
      'content-length': Buffer.byteLength(page)
    })
    res.end(page)
  }

  private send(res: ServerResponse, call: CallRecord, answer: { status: number; body: any }): void {
    call.status = answer.status
    const payload = JSON.stringify(answer.body)
    const headers: Record<string, string | number> = {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(payload),
      'x-amzn-requestid': randomUUID()
    }
    if (answer.status !== 200) headers['x-amzn-errortype'] = answer.body.__type
    res.writeHead(answer.status, headers)
    res.end(payload)
  }

  private dispatch(service: Service, op: string, input: any, emptyPage: boolean): any {
    if (service === 'ecs') {
      switch (op) {
        case 'RegisterTaskDefinition':
          return this.ecs.registerTaskDefinition(input, true)
        case 'DescribeTaskDefinition':
          return this.ecs.describeTaskDefinition(input)
        case 'RunTask':
          return this.ecs.runTask(input)
        case 'DescribeTasks':
          return this.ecs.describeTasks(input)
        case 'StopTask':
          return this.ecs.stopTask(input)
        case 'ListTasks':
          return this.ecs.listTasks(input)
        case 'DescribeServices':
          return this.ecs.describeServices(input)
        case 'DescribeClusters':
          return this.ecs.describeClusters(input)
      }
    } else if (service === 'events') {
      if (op === 'ListTargetsByRule') return this.scheduler.listTargetsByRule(input)
    } else {
      switch (op) {
        case 'GetLogEvents':
          return this.logs.getLogEvents(input, emptyPage)
        case 'DescribeLogStreams':
          return this.logs.describeLogStreams(input)
        case 'PutLogEvents':
          this.logs.put(LogStore.groupName(input), input.logStreamName, input.logEvents ?? [])
          return { rejectedLogEventsInfo: undefined }
        case 'CreateLogGroup':
          if (!this.logs.createGroup(input.logGroupName)) {
            throw new ApiError(
              'ResourceAlreadyExistsException',
              'The specified log group already exists'
            )
          }
          return {}
        case 'CreateLogStream':
          this.logs.createStream(input.logGroupName, input.logStreamName)
          return {}
      }
    }
    throw new ApiError('UnknownOperationException', `Unknown operation ${op}`)
  }
}

function errorBody(err: ApiError): { status: number; body: any } {
  return { status: err.status, body: { ...err.extra, __type: err.type, message: err.message } }
}
