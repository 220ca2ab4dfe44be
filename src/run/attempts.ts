import type { ECSClient, Failure, RunTaskCommandInput, Task } from '@aws-sdk/client-ecs'
import type { Clock } from '../kit/clock.js'
import { errorMessage } from '../aws/errors.js'
import { placeTasks, startTasks, type RunTaskContext } from '../ecs/run-task.js'
import { attemptDecision } from '../ecs/start-failure.js'
import type { RetryCause } from '../inputs/parsers.js'
import { Cancelled, Title } from '../kit/failures.js'
import { attemptClientToken } from '../inputs/run-identity.js'
import { taskId } from '../kit/links.js'
import type { ResultOptions } from '../report/result.js'
import { joinSentences } from '../kit/sentences.js'

/** Delay before attempt 2 (doubling for each later one, up to the max), with equal jitter. */
export const ATTEMPT_BACKOFF_BASE_MS = 5_000
export const ATTEMPT_BACKOFF_MAX_MS = 60_000

/** Delay before starting attempt `attempt` (≥ 2): half fixed, half random. */
export function attemptDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(
    ATTEMPT_BACKOFF_MAX_MS,
    ATTEMPT_BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 2)
  )
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/** One task the step started: the first of its slot, or one started again in its place. */
export interface Attempt {
  /** The task's position among those the step's RunTask started (1-based). */
  slot: number
  /** 1 for the step's own RunTask; 2, 3… for the tasks started again in that slot. */
  number: number
  taskArn: string
  clientToken: string
  /** Why the next attempt of the slot was started, once it was decided. */
  restartedBecause?: string
}

export interface AttemptsOptions {
  ecs: ECSClient
  clock: Clock
  /** The step's RunTask request: its count and client token are attempt 1's. */
  request: RunTaskCommandInput
  /** How long RunTask is retried for each task started again (start-timeout). */
  startTimeoutMs: number
  context: RunTaskContext
  retryOn: readonly RetryCause[]
  maxAttempts: number
  /** The workflow's cancel: no attempt starts after it. */
  signal: AbortSignal
  /** Hears the attempts' lines and every attempt started after the first. */
  listener: AttemptListener
  random?: () => number
}

/** What the attempts tell the step: lines for its log, and each task started again. */
export interface AttemptListener {
  log(message: string): void
  started(attempt: Readonly<Attempt>): void
}

/**
 * The tasks of a step across its attempts: starts them (RunTask), decides from each stopped task
 * whether its slot is started again (attemptDecision, retry-on, max-attempts), and does so after
 * a backoff with the attempt's own client token, so no retry can start two tasks for one
 * attempt. Only the slots that need it are started again; the others run on undisturbed.
 */
export class Attempts {
  private readonly all: Attempt[] = []
  private readonly arns: string[] = []
  private readonly unstarted: string[] = []
  private readonly givenUp = new Set<string>()
  private readonly log: (message: string) => void
  private readonly decided = new Set<string>()
  private readonly halted = new AbortController()
  private readonly underWay = new Set<Promise<void>>()
  private idleWaiters: Array<() => void> = []
  /** RunTask's `failures` beside the tasks attempt 1 started (why fewer started than asked). */
  placementFailures: readonly Failure[] = []

  constructor(private readonly options: AttemptsOptions) {
    this.log = (m) => options.listener.log(m)
    if (options.signal.aborted) this.halted.abort()
    else options.signal.addEventListener('abort', () => this.halted.abort(), { once: true })
  }

  /**
   * Attempt 1: the step's RunTask, with the step's client token unchanged, retried for
   * `startTimeoutMs` (what is left of start-timeout after preparing the task).
   */
  async start(startTimeoutMs = this.options.startTimeoutMs): Promise<Task[]> {
    const { request } = this.options
    const { tasks, failures } = await placeTasks(this.options.ecs, request, {
      clock: this.options.clock,
      startTimeoutMs,
      signal: this.options.signal,
      log: (m) => this.log(m),
      context: this.options.context
    })
    this.placementFailures = failures
    tasks.forEach((task, i) =>
      this.record({
        slot: i + 1,
        number: 1,
        taskArn: task.taskArn ?? '',
        clientToken: request.clientToken ?? ''
      })
    )
    return tasks
  }

  /** Every attempt so far, in the order they started. */
  get attempts(): readonly Readonly<Attempt>[] {
    return this.all
  }

  /** Every task started, all attempts: the list the wait loop watches and the post step stops. */
  get taskArns(): readonly string[] {
    return this.arns
  }

  /** Tasks that could not be started again, for the verdict. */
  get problems(): readonly string[] {
    return this.unstarted
  }

  /** Tasks that would have been started again but for max-attempts. */
  get exhausted(): ReadonlySet<string> {
    return this.givenUp
  }

  /** Every fresh view of the tasks: a slot whose task stopped may be started again. */
  observe(tasks: Task[]): void {
    for (const task of tasks) {
      const arn = task.taskArn ?? ''
      if (task.lastStatus !== 'STOPPED' || this.decided.has(arn)) continue
      this.decided.add(arn)
      const attempt = this.all.find((a) => a.taskArn === arn)
      if (attempt) this.decide(attempt, task)
    }
  }

  /** A task is being started again: the tasks are not all known yet. */
  get busy(): boolean {
    return this.underWay.size > 0
  }

  /** Resolves once no task is being started again. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /**
   * The step is ending (timeout, cancel, an error): no attempt starts any more, and a RunTask in
   * flight is let finish, so that every task that may run is in `taskArns` to be stopped.
   */
  async halt(): Promise<void> {
    this.halted.abort()
    await Promise.all([...this.underWay])
  }

  /** The last attempt of each slot, in slot order. */
  latest(): Readonly<Attempt>[] {
    const last = new Map<number, Attempt>()
    for (const attempt of this.all) last.set(attempt.slot, attempt)
    return [...last.values()].sort((a, b) => a.slot - b.slot)
  }

  /** The highest attempt number across slots (the `attempts` output). */
  get highest(): number {
    return Math.max(1, ...this.all.map((a) => a.number))
  }

  private decide(attempt: Attempt, task: Task): void {
    if (task.stopCode !== 'TaskFailedToStart' && task.stopCode !== 'SpotInterruption') return
    if (this.latest().find((a) => a.slot === attempt.slot) !== attempt) return
    const { maxAttempts } = this.options
    const what = stoppedHow(task)
    const decision = attemptDecision(task, this.options.retryOn)
    if (decision.cause === undefined) {
      this.log(`${what}: ${decision.why}; not starting it again.`)
      return
    }
    if (attempt.number >= maxAttempts) {
      this.log(
        `${what}: ${decision.why}; that was attempt ${attempt.number} of ${maxAttempts} ` +
          `(max-attempts), so it is not started again.`
      )
      this.givenUp.add(attempt.taskArn)
      return
    }
    if (this.halted.signal.aborted) return
    const next = attempt.number + 1
    const delay = attemptDelay(next, this.options.random)
    attempt.restartedBecause = `${what}: ${decision.why}`
    this.log(
      `${what}: ${decision.why}; starting attempt ${next} of ${maxAttempts} in ` +
        `${Math.round(delay / 1000)} s.`
    )
    const job: Promise<void> = this.restart(attempt, next, delay).finally(() => {
      this.underWay.delete(job)
      if (this.busy) return
      const waiters = this.idleWaiters
      this.idleWaiters = []
      for (const wake of waiters) wake()
    })
    this.underWay.add(job)
  }

  private async restart(previous: Attempt, next: number, delay: number): Promise<void> {
    const { clock, request, maxAttempts } = this.options
    await clock.sleep(delay, this.halted.signal)
    if (this.halted.signal.aborted) return
    const clientToken = attemptClientToken(
      request.clientToken ?? '',
      next,
      previous.slot,
      request.count ?? 1
    )
    let tasks: Task[]
    try {
      tasks = await startTasks(
        this.options.ecs,
        { ...request, count: 1, clientToken },
        {
          clock,
          startTimeoutMs: this.options.startTimeoutMs,
          signal: this.halted.signal,
          log: (m) => this.log(m),
          context: { ...this.options.context, clientToken }
        }
      )
    } catch (error) {
      if (error instanceof Cancelled) return
      const problem =
        `Attempt ${next} of ${maxAttempts} in place of task ${taskId(previous.taskArn)} could ` +
        `not be started: ${errorMessage(error)}`
      this.unstarted.push(problem)
      this.log(problem)
      return
    }
    const [task] = tasks
    if (task?.taskArn === undefined) return
    this.record({ slot: previous.slot, number: next, taskArn: task.taskArn, clientToken })
  }

  private record(attempt: Attempt): void {
    this.all.push(attempt)
    this.arns.push(attempt.taskArn)
    if (attempt.number > 1) this.options.listener.started(attempt)
  }
}

/**
 * 'Task abc never started', before what that means: the log's STOPPED line, just above, gave
 * the stopped reason, and the failure quotes it.
 */
function stoppedHow(task: Task): string {
  const id = taskId(task.taskArn ?? '')
  return task.stopCode === 'SpotInterruption'
    ? `Task ${id} was interrupted by Fargate Spot`
    : `Task ${id} never started`
}

/**
 * The summary lists every attempt, in task order; the verdict and the outputs are about the
 * last attempt of each task. A task given up at max-attempts says so; a task that could not
 * be started again is a failure of its own.
 */
export function attemptRows(
  attempts: Attempts,
  seen: readonly Task[],
  maxAttempts: number
): Pick<ResultOptions, 'rows' | 'attempts'> {
  const view = (arn: string): Task =>
    seen.find((t) => t.taskArn === arn) ?? { taskArn: arn, lastStatus: 'MISSING' }
  const several = attempts.highest > 1
  const rows = [...attempts.attempts]
    .sort((a, b) => a.slot - b.slot || a.number - b.number)
    .map((a) => ({ task: view(a.taskArn), ...(several ? { attempt: a.number } : {}) }))
  const last = new Map(attempts.latest().map((a) => [a.taskArn, a]))
  return {
    rows,
    attempts: {
      last: (arn) => last.has(arn),
      amend: (failure) => {
        const attempt = failure.taskArn ? last.get(failure.taskArn) : undefined
        if (attempt === undefined || !attempts.exhausted.has(attempt.taskArn)) return failure
        return {
          ...failure,
          headline: joinSentences(
            failure.headline,
            `It was attempt ${attempt.number} of ${maxAttempts} ("max-attempts")`
          )
        }
      },
      failures: attempts.problems.map((headline) => ({ headline, title: Title.notStarted }))
    }
  }
}
