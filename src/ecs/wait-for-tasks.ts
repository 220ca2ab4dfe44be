import { DescribeTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs'
import type { Clock } from '../kit/clock.js'
import {
  asAwsError,
  explainAccessDenied,
  callFailedMessage,
  transientReason
} from '../aws/errors.js'
import { taskId } from '../kit/links.js'
import { DescribePacing, describeDelay } from './describe-pacing.js'
import { clause, joinSentences } from '../kit/sentences.js'

/** Attempts being started while waiting (see Attempts): they join `taskArns` when started. */
export interface AttemptsInFlight {
  readonly busy: boolean
  /** Resolves once nothing is being started. */
  idle(): Promise<void>
}

export interface WaitOptions {
  clock: Clock
  cluster: string
  region: string
  /** Read on every poll: tasks started again are appended while waiting. */
  taskArns: readonly string[]
  attempts?: AttemptsInFlight
  /** Clock time at which waiting gives up (wait-timeout). */
  deadline: number
  signal?: AbortSignal
  /** Every fresh view of the tasks, for progress lines and log draining. */
  onUpdate(tasks: Task[]): void
  log(message: string): void
}

export type WaitOutcome = { kind: 'stopped' | 'timeout' | 'cancelled'; tasks: Task[] }

/**
 * Polls DescribeTasks (one call for all tasks) until every task is STOPPED, the deadline
 * passes or the signal aborts. Unlike the SDK waiter it has no attempt cap: only
 * wait-timeout bounds it. Throttling, server errors and MISSING answers (ECS is eventually
 * consistent right after RunTask) are waited out. While a task is being started again, waiting
 * goes on even when every known task has stopped.
 */
export async function waitForTasks(ecs: ECSClient, options: WaitOptions): Promise<WaitOutcome> {
  const { clock } = options
  // When the newest task joined: young tasks are polled faster.
  let started = clock.now()
  let known = options.taskArns.length
  const latest = new Map<string, Task>()
  const missingSince = new Map<string, number>()
  let consecutiveErrors = 0
  const current = (): Task[] =>
    options.taskArns.map((arn) => latest.get(arn) ?? { taskArn: arn, lastStatus: 'MISSING' })

  for (;;) {
    if (options.signal?.aborted) return { kind: 'cancelled', tasks: current() }
    if (options.taskArns.length > known) {
      known = options.taskArns.length
      started = clock.now()
    }
    const pending = options.taskArns.filter((arn) => latest.get(arn)?.lastStatus !== 'STOPPED')
    if (pending.length === 0 && !options.attempts?.busy)
      return { kind: 'stopped', tasks: current() }
    if (clock.now() >= options.deadline) return { kind: 'timeout', tasks: current() }
    if (pending.length === 0) {
      await untilIdle(options.attempts!, clock, options.deadline, options.signal)
      continue
    }

    let lost: Error | undefined
    let answered = false
    try {
      // A cancel must not wait for a slow answer: the tasks are to be stopped within seconds.
      const out = await ecs.send(
        new DescribeTasksCommand({ cluster: options.cluster, tasks: pending }),
        options.signal ? { abortSignal: options.signal } : {}
      )
      consecutiveErrors = 0
      for (const task of out.tasks ?? []) {
        if (task.taskArn) {
          latest.set(task.taskArn, task)
          missingSince.delete(task.taskArn)
        }
      }
      for (const failure of out.failures ?? []) {
        const arn = failure.arn ?? ''
        if (!pending.includes(arn)) continue
        const since = missingSince.get(arn) ?? clock.now()
        missingSince.set(arn, since)
        if (clock.now() - since >= DescribePacing.MISSING_LIMIT_MS) {
          lost = lostTask(arn, failure, options)
          break
        }
        options.log(
          `Task ${taskId(arn)} not visible yet (${failure.reason ?? 'MISSING'}); asking again`
        )
      }
      answered = true
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'cancelled', tasks: current() }
      const transient = transientReason(error)
      if (!transient) throw waitingFailure(error, options)
      consecutiveErrors++
      options.log(`DescribeTasks: ${transient}; backing off (${consecutiveErrors} failed in a row)`)
    }

    if (lost) throw lost

    const tasks = current()
    if (answered) options.onUpdate(tasks)
    // Done: no point sleeping before noticing it (the step should end as soon as ECS says STOPPED).
    if (tasks.every((t) => t.lastStatus === 'STOPPED') && !options.attempts?.busy) {
      return { kind: 'stopped', tasks }
    }
    const delay = describeDelay({
      sinceStartMs: clock.now() - started,
      anyContainerExited: tasks.some(
        (t) =>
          t.lastStatus !== 'STOPPED' && (t.containers ?? []).some((c) => c.lastStatus === 'STOPPED')
      ),
      consecutiveErrors
    })
    await clock.sleep(Math.min(delay, Math.max(0, options.deadline - clock.now())), options.signal)
  }
}

/** A task DescribeTasks still does not know DescribePacing.MISSING_LIMIT_MS after RunTask. */
function lostTask(
  arn: string,
  failure: { reason?: string | undefined; detail?: string | undefined },
  options: Pick<WaitOptions, 'cluster' | 'region'>
): Error {
  return new Error(
    joinSentences(
      `Task ${taskId(arn)} is still not known to DescribeTasks (${failure.reason ?? 'MISSING'}` +
        `${failure.detail ? `: ${clause(failure.detail)}` : ''}) ${DescribePacing.MISSING_LIMIT_MS / 1000} s ` +
        `after it was started in cluster "${options.cluster}" (${options.region})`,
      'Look for it in the ECS console, then run the workflow again'
    )
  )
}

/** A DescribeTasks error that waiting cannot outlast, said with what to check. */
function waitingFailure(error: unknown, options: Pick<WaitOptions, 'cluster' | 'region'>): Error {
  const denied = explainAccessDenied(error, 'ecs:DescribeTasks', `cluster ${options.cluster}`)
  if (denied) return new Error(denied, { cause: error })
  if (asAwsError(error).name === 'ClusterNotFoundException') {
    const gone = `Cluster "${options.cluster}" was not found in ${options.region}`
    return new Error(joinSentences(gone, 'Check the "cluster" input and the region'), {
      cause: error
    })
  }
  const failed = callFailedMessage(error, 'DescribeTasks')
  return new Error(joinSentences(failed, "Check the workflow's AWS role and the region"), {
    cause: error
  })
}

/** Sleeps until nothing is being started any more, the deadline or a cancel. */
async function untilIdle(
  attempts: AttemptsInFlight,
  clock: Clock,
  deadline: number,
  signal: AbortSignal | undefined
): Promise<void> {
  const woken = new AbortController()
  const wake = (): void => woken.abort()
  signal?.addEventListener('abort', wake, { once: true })
  // A failed wait for idleness wakes the sleep too: the next poll finds out what happened.
  attempts.idle().then(wake, wake)
  try {
    await clock.sleep(Math.max(0, deadline - clock.now()), woken.signal)
  } finally {
    signal?.removeEventListener('abort', wake)
  }
}
