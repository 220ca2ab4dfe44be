// The acting half of following many tasks: each pass observes (DescribeTasks, 100 tasks a call),
// asks decide() what to do and does it (RunTask at the client-side pace, StopTask), then sleeps
// as long as polling one task would. A single task and `count` are the same loop with one index
// or one request for every index.

import * as core from '@actions/core'
import type {
  ECSClient,
  Failure as EcsFailure,
  RunTaskCommandInput,
  Task,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import { errorMessage, transientReason } from '../aws/errors.js'
import { describeDelay, DescribePacing } from '../ecs/describe-pacing.js'
import { describeTasks, lostTask, waitingFailure } from '../ecs/describe-tasks.js'
import { placeTasks, type Placed, type RunTaskContext } from '../ecs/run-task.js'
import { RunTaskPacer } from '../ecs/run-task-pacing.js'
import { shardRequest } from '../ecs/run-task-request.js'
import type { StopResult } from '../ecs/stop-tasks.js'
import { isEssential } from '../ecs/primary-container.js'
import type { Inputs } from '../inputs/inputs.js'
import { attemptClientToken, shardClientToken } from '../inputs/run-identity.js'
import type { Clock } from '../kit/clock.js'
import { Cancelled } from '../kit/failures.js'
import { taskId } from '../kit/links.js'
import { clause } from '../kit/sentences.js'
import { shortfallFailure, waitTimeoutPassed } from '../report/run-failures.js'
import { attemptDelay } from './attempt-delay.js'
import { decide, type Decision, type IndexView, type Policy } from './job-decision.js'
import type { JobView } from './job-view.js'
import type { TaskRecord } from './state.js'
import { stopFromMain, stopOrKeep } from './stop.js'

/** One task the step started: attempt `number` of index `index`. */
export interface Attempt {
  index: number
  number: number
  taskArn: string
  clientToken: string
  /** ECS returned it for the token but created it before this call: an earlier run started it. */
  earlier?: true
}

/** An index as the job left it. */
export interface IndexEnd extends IndexView {
  /** Its tasks, attempt 1 first. */
  tried: Attempt[]
  /** RunTask could not start its next attempt (or its first, for a shard): why. */
  problem?: string
  /** Would have been started again but for max-attempts. */
  exhausted?: boolean
  /** The reason the action's StopTask sent it, when it did. */
  stopReason?: string
}

export type JobEndKind = 'finished' | 'timeout' | 'cancelled' | 'left-running' | 'broken'

export interface JobEnd {
  kind: JobEndKind
  indexes: readonly IndexEnd[]
  /** The last view of every task started, all attempts. */
  seen: ReadonlyMap<string, Task>
  /** Nothing the action started is left running for the post step to stop. */
  settled: boolean
  /** ECS placed fewer of `count`'s tasks than asked (the failures were logged). */
  unplaced: number
  /** RunTask's `failures` beside the tasks it placed, when it placed fewer than asked. */
  placementFailures: readonly EcsFailure[]
  /** `broken`: why the job could not be followed. */
  error?: unknown
  /** The log's readers; absent with wait: false. */
  view?: JobView
}

export interface JobOptions {
  ecs: ECSClient
  clock: Clock
  inputs: Inputs
  taskDefinition: TaskDefinition
  container: string
  /** Several primary candidates: each task's primary is decided at its end. */
  candidates?: readonly string[]
  /** The step's RunTask request (count, client token). */
  request: RunTaskCommandInput
  context: RunTaskContext
  signal: AbortSignal
  /** Clock time by which the first RunTask of a run without shards must succeed. */
  startDeadline: number
  record: TaskRecord
  /** Tells which tasks were started, as soon as they are (outputs, log lines). */
  announce(started: readonly Attempt[], job: Job): void
  random?: () => number
}

/** The indexes of one run and the loop that follows them. */
export class Job {
  readonly indexes: IndexEnd[]
  readonly seen = new Map<string, Task>()
  readonly sharded: boolean
  readonly startedAt: number
  private readonly policy: Policy
  private readonly pacer: RunTaskPacer
  private readonly halted = new AbortController()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly missingSince = new Map<string, number>()
  private wake = new AbortController()
  private view: JobView | undefined
  private fatal: unknown
  private unplaced = 0
  private readonly placementFailures: EcsFailure[] = []
  private errors = 0
  private nextPollAt = 0
  private youngSince: number

  constructor(private readonly o: JobOptions) {
    const { inputs } = o
    this.sharded = inputs.shards !== undefined
    const total = inputs.shards ?? inputs.count
    this.indexes = Array.from({ length: total }, (_, index) => ({
      index,
      phase: 'waiting' as const,
      attempts: 0,
      tried: []
    }))
    const containers = o.taskDefinition.containerDefinitions ?? []
    this.policy = {
      maxParallel: inputs.maxParallel ?? total,
      failFast: this.sharded && inputs.failFast,
      maxAttempts: inputs.maxAttempts,
      retryOn: inputs.retryOn,
      primary: o.container,
      ...(o.candidates ? { candidates: o.candidates } : {}),
      essential: new Set(containers.filter(isEssential).map((c) => c.name ?? '')),
      together: !this.sharded
    }
    this.pacer = new RunTaskPacer(o.clock)
    this.startedAt = o.clock.now()
    this.youngSince = this.startedAt
    if (o.signal.aborted) this.halted.abort()
    else o.signal.addEventListener('abort', () => this.halted.abort(), { once: true })
  }

  /** The shard a task runs, with `shards`. */
  shardOf(taskArn: string): number | undefined {
    if (!this.sharded) return undefined
    return this.indexes.find((i) => i.tried.some((a) => a.taskArn === taskArn))?.index
  }

  /** The latest attempt of each index that has one, in index order. */
  latest(): Attempt[] {
    return this.indexes.flatMap((i) => i.tried.slice(-1))
  }

  /** Every task started, in the order they started. */
  taskArns(): string[] {
    return this.indexes
      .flatMap((i) => i.tried)
      .sort((a, b) => a.number - b.number || a.index - b.index)
      .map((a) => a.taskArn)
  }

  async run(): Promise<JobEnd> {
    const { inputs, clock } = this.o
    if (!inputs.wait) return this.startOnly()
    // The first RunTask goes out before the log side is loaded: the start path loads only what
    // RunTask needs (docs/performance.md, cold start).
    await this.act(decide(this.indexes, this.policy, clock.now()))
    const { JobView } = await import('./job-view.js')
    this.view = new JobView({
      clock,
      inputs,
      containers: this.o.taskDefinition.containerDefinitions ?? [],
      container: this.o.container,
      since: this.startedAt,
      shardOf: (arn) => this.shardOf(arn)
    })
    for (const entry of this.indexes) {
      for (const attempt of entry.tried) this.view.follow(entry.index, attempt.taskArn)
    }
    this.view.start()
    const deadline = this.startedAt + inputs.waitTimeoutMs
    let end: JobEnd
    try {
      end = await this.follow(deadline)
    } catch (error) {
      this.view.abort()
      if (error instanceof StartFailed) {
        await this.view.finished()
        throw error.original
      }
      const why = `the action could not follow the task (${clause(errorMessage(error))})`
      end = await this.halt('broken', why, error)
    }
    await this.view.finished()
    if (end.kind === 'finished') this.view.jobLine(this.indexes, true)
    return end
  }

  private async follow(deadline: number): Promise<JobEnd> {
    const { clock } = this.o
    for (;;) {
      if (this.o.signal.aborted) return this.halt('cancelled')
      if (this.fatal !== undefined) throw new StartFailed(this.fatal)
      if (clock.now() >= deadline) return this.halt('timeout', waitTimeoutPassed(this.o.inputs))
      const answered = await this.observe()
      if (this.o.signal.aborted) continue
      const decision = decide(this.indexes, this.policy, clock.now())
      await this.act(decision)
      if (answered) this.view?.update([...this.seen.values()], this.indexes)
      if (decision.done && this.inFlight.size === 0) return this.end('finished', true)
      await this.pause(deadline, decision)
    }
  }

  /** wait: false: start every index (one pass: max-parallel needs waiting), then leave. */
  private async startOnly(): Promise<JobEnd> {
    await this.act(decide(this.indexes, this.policy, this.o.clock.now()))
    await Promise.all([...this.inFlight])
    if (this.fatal !== undefined) throw this.fatal
    return this.end('left-running', true)
  }

  /** DescribeTasks for every task not seen STOPPED; true when ECS answered. */
  private async observe(): Promise<boolean> {
    const { clock, inputs } = this.o
    const running = this.indexes
      .filter((i) => i.phase === 'running' && i.task?.lastStatus !== 'STOPPED')
      .map((i) => i.tried[i.tried.length - 1]?.taskArn ?? '')
    // As often as for one task, whatever wakes the loop meanwhile (a start ending, a retry due).
    if (running.length === 0 || clock.now() < this.nextPollAt) return false
    const where = { cluster: inputs.cluster, region: inputs.region }
    try {
      const out = await describeTasks(this.o.ecs, inputs.cluster, running, this.o.signal)
      this.errors = 0
      for (const task of out.tasks) {
        if (!task.taskArn) continue
        this.seen.set(task.taskArn, task)
        this.missingSince.delete(task.taskArn)
      }
      for (const failure of out.failures) {
        const arn = failure.arn ?? ''
        if (!running.includes(arn)) continue
        const since = this.missingSince.get(arn) ?? clock.now()
        this.missingSince.set(arn, since)
        if (clock.now() - since >= DescribePacing.MISSING_LIMIT_MS)
          throw lostTask(arn, failure, where)
        this.view?.debug(
          `Task ${taskId(arn)} not visible yet (${failure.reason ?? 'MISSING'}); asking again`
        )
      }
    } catch (error) {
      if (this.o.signal.aborted) return false
      this.nextPollAt = clock.now() + this.pollDelay(1)
      const transient = transientReason(error)
      if (!transient)
        throw error instanceof Error && error.message.includes('not known to DescribeTasks')
          ? error
          : waitingFailure(error, where)
      this.errors++
      this.view?.debug(`DescribeTasks: ${transient}; backing off (${this.errors} failed in a row)`)
      return false
    }
    for (const entry of this.indexes) {
      const arn = entry.tried[entry.tried.length - 1]?.taskArn
      const task = arn === undefined ? undefined : this.seen.get(arn)
      if (entry.phase === 'running' && task) entry.task = task
    }
    this.nextPollAt = clock.now() + this.pollDelay()
    return true
  }

  /** DescribePacing's delay for the tasks as last seen (`failing`: the call just failed). */
  private pollDelay(failing = 0): number {
    const running = this.indexes.filter((i) => i.phase === 'running')
    return describeDelay({
      sinceStartMs: this.o.clock.now() - this.youngSince,
      anyContainerExited: running.some(
        (i) =>
          i.task?.lastStatus !== 'STOPPED' &&
          (i.task?.containers ?? []).some((c) => c.lastStatus === 'STOPPED')
      ),
      consecutiveErrors: this.errors + failing
    })
  }

  private async act(decision: Decision): Promise<void> {
    const toStop: IndexEnd[] = []
    let why = ''
    for (const move of decision.moves) {
      const entry = this.indexes[move.kind === 'start' ? (move.indexes[0] ?? 0) : move.index]
      if (entry === undefined) continue
      switch (move.kind) {
        case 'start':
          this.launch(move.indexes, move.attempt)
          break
        case 'again': {
          const delay = attemptDelay(move.attempt, this.o.random)
          entry.phase = 'pausing'
          entry.readyAt = this.o.clock.now() + delay
          this.say(
            entry,
            `${move.why}; starting attempt ${move.attempt} of ${this.policy.maxAttempts} in ` +
              `${Math.round(delay / 1000)} s.`
          )
          break
        }
        case 'settle':
          entry.phase = move.result
          if (move.exhausted) entry.exhausted = true
          if (move.why) this.say(entry, move.why)
          else if (this.sharded && move.failure)
            this.view?.say(`Shard ${entry.index} failed: ${move.failure}`)
          break
        case 'stop':
          entry.stopSent = true
          why = `${move.why} (fail-fast)`
          toStop.push(entry)
          break
        case 'skip':
          entry.phase = 'unstarted'
          break
      }
    }
    if (toStop.length > 0) await this.stop(toStop, why)
  }

  private say(entry: IndexView, line: string): void {
    const text = this.sharded ? `Shard ${entry.index}: ${line}` : line
    if (this.view) this.view.say(text)
  }

  /** One RunTask for `indexes` (attempt `attempt`), paced with the others. */
  private launch(indexes: number[], attempt: number): void {
    const { clock, inputs, request, container } = this.o
    const entries = indexes.map((i) => this.indexes[i]!)
    for (const entry of entries) entry.phase = 'starting'
    const first = entries[0]!
    const stepToken = request.clientToken ?? ''
    const clientToken = this.sharded
      ? shardClientToken(stepToken, first.index, attempt)
      : attemptClientToken(stepToken, attempt, first.index + 1, inputs.count)
    const base = this.sharded
      ? shardRequest(request, container, first.index, inputs.shards ?? 1)
      : attempt === 1
        ? request
        : { ...request, count: 1 }
    // The step's first RunTask shares start-timeout with preparation; any other start has its own.
    const firstOfStep = !this.sharded && attempt === 1
    const startTimeoutMs = firstOfStep
      ? Math.max(0, this.o.startDeadline - clock.now())
      : inputs.startTimeoutMs
    const log = (m: string): void => {
      const line = this.sharded ? `Shard ${first.index}: ${m}` : m
      if (this.view) this.view.say(line)
      else core.info(line)
    }
    const sentAt = clock.now()
    const job: Promise<void> = placeTasks(
      this.o.ecs,
      { ...base, clientToken },
      {
        clock,
        startTimeoutMs,
        signal: this.halted.signal,
        log,
        context: { ...this.o.context, clientToken },
        ...(this.sharded ? { paced: (call) => this.pacer.run(call) } : {})
      }
    )
      .then((placed) => this.started(entries, attempt, placed, { clientToken, sentAt }))
      .catch((error: unknown) => {
        for (const entry of entries)
          entry.phase = error instanceof Cancelled ? 'unstarted' : 'failed'
        if (error instanceof Cancelled) return
        if (firstOfStep) {
          this.fatal = error
          return
        }
        const what = this.sharded ? `Shard ${first.index}` : `Task ${first.index + 1}`
        first.problem =
          attempt > 1
            ? `Attempt ${attempt} of ${this.policy.maxAttempts} of ${what.toLowerCase()} could not be started: ${errorMessage(error)}`
            : `${what} could not be started: ${errorMessage(error)}`
        log(first.problem)
      })
      .finally(() => {
        this.inFlight.delete(job)
        this.wake.abort()
      })
    this.inFlight.add(job)
  }

  private started(
    entries: IndexEnd[],
    attempt: number,
    { tasks, failures }: Placed,
    call: { clientToken: string; sentAt: number }
  ): void {
    const { clientToken } = call
    const attempts: Attempt[] = []
    entries.forEach((entry, k) => {
      const task = tasks[k]
      const taskArn = task?.taskArn
      if (taskArn === undefined) {
        entry.phase = 'failed'
        this.unplaced++
        return
      }
      entry.phase = 'running'
      entry.attempts = attempt
      delete entry.task
      delete entry.readyAt
      const tried: Attempt = {
        index: entry.index,
        number: attempt,
        taskArn,
        clientToken,
        ...(createdBefore(task, call.sentAt) ? { earlier: true } : {})
      }
      entry.tried.push(tried)
      attempts.push(tried)
      this.view?.follow(entry.index, taskArn)
    })
    if (attempts.length < entries.length) this.placementFailures.push(...failures)
    const shortfall = shortfallFailure(
      attempts.length,
      entries.length,
      this.o.inputs.cluster,
      failures
    )
    if (shortfall) core.warning(shortfall.headline, { title: 'Partial placement' })
    this.o.record.add(attempts.map((a) => a.taskArn))
    this.youngSince = this.o.clock.now()
    // While the log streams, the announcement takes its place among the lines printed.
    if (this.view) this.view.commandInOrder(() => this.o.announce(attempts, this))
    else this.o.announce(attempts, this)
  }

  /** Sleeps as long as polling one task would, or until a start ends or a retry is due. */
  private async pause(deadline: number, decision: Decision): Promise<void> {
    const { clock } = this.o
    const now = clock.now()
    const polling = this.indexes.some(
      (i) => i.phase === 'running' && i.task?.lastStatus !== 'STOPPED'
    )
    // A retry already due waits for a slot, which only a poll or a start ending can free.
    const readyAt = Math.min(
      ...this.indexes
        .filter((i) => i.phase === 'pausing' && (i.readyAt ?? 0) > now)
        .map((i) => i.readyAt ?? now)
    )
    let until = polling ? Math.max(now, this.nextPollAt) : deadline
    if (Number.isFinite(readyAt)) until = Math.min(until, Math.max(readyAt, now))
    until = Math.min(until, deadline)
    if (!polling && this.inFlight.size === 0 && decision.moves.length > 0 && !decision.done) {
      // Nothing to poll or wait for, but this pass changed something: decide again at once.
      return
    }
    this.wake = new AbortController()
    const wake = this.wake
    const cancel = (): void => wake.abort()
    this.o.signal.addEventListener('abort', cancel, { once: true })
    try {
      await clock.sleep(Math.max(0, until - now), wake.signal)
    } finally {
      this.o.signal.removeEventListener('abort', cancel)
    }
  }

  /**
   * The job ends short of every index settling (cancel, wait-timeout, a task it cannot follow):
   * nothing more starts, a RunTask in flight is let finish (so its task is stopped too), and
   * every task still running is stopped.
   */
  private async halt(kind: JobEndKind, why?: string, error?: unknown): Promise<JobEnd> {
    this.halted.abort()
    this.view?.abort()
    await Promise.all([...this.inFlight])
    const running = this.indexes.filter(
      (i) => i.phase === 'running' && i.task?.lastStatus !== 'STOPPED'
    )
    for (const entry of this.indexes) {
      if (entry.phase === 'waiting' || entry.phase === 'pausing') entry.phase = 'unstarted'
    }
    const results =
      kind === 'cancelled'
        ? await stopOrKeep(
            this.o.ecs,
            this.o.inputs,
            this.o.clock,
            running.map(latestArn),
            this.shardLabels(running)
          )
        : await stopFromMain(
            this.o.ecs,
            this.o.inputs,
            this.o.clock,
            running.map(latestArn),
            why ?? '',
            this.shardLabels(running)
          )
    this.noteStops(running, results)
    const settled =
      kind === 'cancelled' && !this.o.inputs.stopOnCancel ? true : results.every((r) => r.ok)
    return this.end(kind, settled, error)
  }

  private async stop(entries: IndexEnd[], why: string): Promise<void> {
    const results = await stopFromMain(
      this.o.ecs,
      this.o.inputs,
      this.o.clock,
      entries.map(latestArn),
      why,
      this.shardLabels(entries)
    )
    this.noteStops(entries, results)
  }

  /** `(shard 3)` after a stopped task's id, so the log says which shards fail-fast stopped. */
  private shardLabels(entries: readonly IndexEnd[]): ReadonlyMap<string, string> | undefined {
    if (!this.sharded) return undefined
    return new Map(entries.map((e) => [latestArn(e), `(shard ${e.index})`]))
  }

  private noteStops(entries: IndexEnd[], results: readonly StopResult[]): void {
    for (const entry of entries) {
      const result = results.find((r) => r.taskArn === latestArn(entry))
      if (result?.ok && result.reason) entry.stopReason = result.reason
    }
  }

  private end(kind: JobEndKind, settled: boolean, error?: unknown): JobEnd {
    return {
      kind,
      indexes: this.indexes,
      seen: this.seen,
      settled,
      unplaced: this.unplaced,
      placementFailures: this.placementFailures,
      ...(error === undefined ? {} : { error }),
      ...(this.view ? { view: this.view } : {})
    }
  }
}

/** The run's own RunTask failed: no task exists, so the step ends as before any task. */
export class StartFailed extends Error {
  constructor(readonly original: unknown) {
    super(errorMessage(original), { cause: original })
  }
}

/**
 * How far ECS's clock may be ahead of the runner's before a task created "before" RunTask was
 * sent is believed to be older than this call: NTP keeps both within milliseconds; a task
 * returned for an earlier run's client token is minutes or hours old.
 */
const CLOCK_SKEW_MS = 5_000

/** ECS created the task before this RunTask was sent: it answered an earlier run's call. */
function createdBefore(task: Task | undefined, sentAt: number): boolean {
  return task?.createdAt !== undefined && task.createdAt.getTime() < sentAt - CLOCK_SKEW_MS
}

function latestArn(entry: IndexEnd): string {
  return entry.tried[entry.tried.length - 1]?.taskArn ?? ''
}
