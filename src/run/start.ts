// Stage 3: tell the post step what to stop, then RunTask (attempt 1) and announce the tasks.

import * as core from '@actions/core'
import type { ECSClient, RunTaskCommandInput, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import type { Clock } from '../kit/clock.js'
import { Outputs } from '../kit/outputs.js'
import { State } from '../kit/state-keys.js'
import { Cancelled } from '../kit/failures.js'
import { stopReason } from '../ecs/stop-tasks.js'
import { taskDefinitionLabel } from '../ecs/task-definition.js'
import type { Inputs } from '../inputs/inputs.js'
import { notStartedBeforeCancel, shortfallFailure } from '../report/run-failures.js'
import type { Failure } from '../report/verdict.js'
import { Attempts, type Attempt, type AttemptListener } from './attempts.js'
import { beforeStart } from './before-start.js'
import type { LogUrl } from '../logs/targets.js'
import { announceStart, logUrls, publishTasks } from './started.js'
import { CANCELLED } from './stop.js'

export interface Prepared {
  taskDefinition: TaskDefinition
  container: string
  request: RunTaskCommandInput
}

export interface Started {
  attempts: Attempts
  /** Where the attempts' lines and later tasks go; the follow stage listens while it runs. */
  news: AttemptNews
  /** The tasks RunTask started (attempt 1 of each slot). */
  taskArns: string[]
  logUrl: LogUrl
  /** Clock time at which RunTask accepted the tasks. */
  startedAt: number
  /** ECS placed fewer tasks than asked: the step follows them but cannot succeed. */
  shortfall?: Failure
}

/**
 * Outputs and post-step state known before RunTask: the state is saved first, so that the post
 * step can stop every task if the main step is killed. A cancel before this point starts nothing.
 */
export function handOver(inputs: Inputs, prepared: Prepared, signal: AbortSignal): void {
  core.setOutput(Outputs.taskDefinitionArn, prepared.taskDefinition.taskDefinitionArn ?? '')
  core.saveState(State.cluster, inputs.cluster)
  core.saveState(State.region, inputs.region)
  core.saveState(State.stopOnCancel, String(inputs.stopOnCancel))
  core.saveState(State.stopReason, stopReason(CANCELLED))
  if (signal.aborted) throw new Cancelled(notStartedBeforeCancel())
}

/** RunTask with what is left of start-timeout, then the tasks' outputs and log lines. */
export async function start(
  inputs: Inputs,
  ecs: ECSClient,
  prepared: Prepared,
  run: { clock: Clock; deadline: number; signal: AbortSignal }
): Promise<Started> {
  const { taskDefinition, container, request } = prepared
  const logUrl = logUrls(taskDefinition, inputs.region)
  const news = new AttemptNews(() => started())
  const attempts = new Attempts({
    ecs,
    clock: run.clock,
    request,
    // A task started again gets a start-timeout of its own.
    startTimeoutMs: inputs.startTimeoutMs,
    retryOn: inputs.retryOn,
    maxAttempts: inputs.maxAttempts,
    signal: run.signal,
    listener: news,
    context: {
      cluster: inputs.cluster,
      region: inputs.region,
      taskDefinition: taskDefinitionLabel(taskDefinition),
      clientToken: inputs.clientToken,
      launchChosen: Boolean(request.launchType || request.capacityProviderStrategy?.length),
      ...(request.platformVersion ? { platformVersion: request.platformVersion } : {}),
      ...(request.launchType ? { launchType: request.launchType } : {})
    }
  })
  // Saved as soon as a task is known, so the post step can stop every task if we are killed.
  const started = (): void => {
    core.saveState(State.taskArns, JSON.stringify(attempts.taskArns))
    publishTasks(attempts, container, logUrl)
  }
  const sentAt = run.clock.now()
  const tasks = await beforeStart(inputs.region, () =>
    attempts.start(Math.max(0, run.deadline - run.clock.now()))
  )
  started()
  const startedAt = run.clock.now()
  const shortfall = shortfallFailure(
    tasks.length,
    inputs.count,
    inputs.cluster,
    attempts.placementFailures
  )
  if (shortfall) core.warning(shortfall.headline, { title: 'Partial placement' })
  announceStart(inputs, container, logUrl, attempts.attempts, createdBefore(tasks, sentAt))
  const taskArns = [...attempts.taskArns]
  return { attempts, news, taskArns, logUrl, startedAt, ...(shortfall ? { shortfall } : {}) }
}

/**
 * How far ECS's clock may be ahead of the runner's before a task created "before" RunTask was
 * sent is believed to be older than this call: NTP keeps both within milliseconds; a task
 * returned for an earlier run's client token is minutes or hours old.
 */
const CLOCK_SKEW_MS = 5_000

/**
 * The tasks ECS returned for the client token that it had created before this step's RunTask was
 * sent: started by an earlier run of this step (same run id and attempt), not by this call.
 */
function createdBefore(tasks: readonly Task[], sentAt: number): ReadonlySet<string> {
  return new Set(
    tasks
      .filter((t) => t.createdAt !== undefined && t.createdAt.getTime() < sentAt - CLOCK_SKEW_MS)
      .map((t) => t.taskArn ?? '')
  )
}

/**
 * The attempts' one listener: each task started again is saved for the post step and published
 * at once; lines go to the step log, or to the follow stage's listener once it has one.
 */
export class AttemptNews implements AttemptListener {
  private follower: AttemptListener | undefined

  constructor(private readonly onStarted: () => void) {}

  /** From now on the follow stage hears the lines and the tasks started again. */
  listen(follower: AttemptListener): void {
    this.follower = follower
  }

  log(message: string): void {
    if (this.follower) this.follower.log(message)
    else core.info(message)
  }

  started(attempt: Readonly<Attempt>): void {
    this.onStarted()
    this.follower?.started(attempt)
  }
}
