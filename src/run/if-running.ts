// `if-running`: what to do when a task of the same job already runs (README "Scheduled jobs"),
// judged after the plan and before anything is registered or started.

import * as core from '@actions/core'
import type { ECSClient, Task } from '@aws-sdk/client-ecs'
import type { CallBudget } from '../aws/retry-transient.js'
import {
  defaultGroup,
  describeJobTasks,
  jobTaskLabel,
  findJobTasks,
  type Job
} from '../ecs/job-tasks.js'
import type { TaskPlan } from '../ecs/task-plan.js'
import { STOP_BUDGET_MS, STOP_TIMEOUT_MS, stopReason, stopTasks } from '../ecs/stop-tasks.js'
import type { Inputs } from '../inputs/inputs.js'
import type { Clock } from '../kit/clock.js'
import { Cancelled } from '../kit/failures.js'
import { formatDuration } from '../kit/time.js'

/** How often a job's task is asked about while waiting for it to stop; said every minute. */
const POLL_MS = 6_000
const SAY_EVERY_MS = 60_000

export type IfRunningOutcome =
  { kind: 'go'; waitedMs: number } | { kind: 'skip'; tasks: Task[]; message: string }

/** The job a plan's task belongs to: its cluster and group (ECS's default for the family). */
export function jobOf(plan: TaskPlan, inputs: Pick<Inputs, 'cluster'>): Job {
  const family = plan.registration?.family ?? plan.taskDefinition.family ?? ''
  const group = plan.request(plan.taskDefinition.taskDefinitionArn ?? '').group
  return { cluster: inputs.cluster, family, group: group ?? defaultGroup(family) }
}

type Mode = Inputs['ifRunning']

/**
 * Looks for the job's running tasks and acts on them: `skip` answers so, `fail` throws,
 * `wait` waits until they stopped (within `wait-timeout`), `replace` stops them and waits;
 * then the tasks are looked for again, so that one started meanwhile is waited for too.
 */
export async function judgeIfRunning(
  inputs: Pick<Inputs, 'ifRunning' | 'waitTimeoutMs'>,
  job: Job,
  ecs: ECSClient,
  budget: CallBudget
): Promise<IfRunningOutcome> {
  const mode = inputs.ifRunning
  if (mode === 'allow') return { kind: 'go', waitedMs: 0 }
  let tasks = await findJobTasks(ecs, job, budget)
  if (tasks.length === 0) {
    budget.log(`if-running is ${mode}: no task of the job (group ${job.group}) is running.`)
    return { kind: 'go', waitedMs: 0 }
  }
  const now = budget.clock.now()
  const message = runningSentence(tasks, job, now)
  if (mode === 'skip') return { kind: 'skip', tasks, message }
  if (mode === 'fail') {
    throw new Error(
      `${message} "if-running" is fail: nothing was started. Wait for it to finish, stop it, or ` +
        'choose "if-running: wait", "replace" or "skip".'
    )
  }
  // Outside the collapsed group: a reader watching a wait must see it.
  core.endGroup()
  const deadline = now + inputs.waitTimeoutMs
  try {
    for (let round = 0; tasks.length > 0; round++) {
      core.info(round === 0 ? message : runningSentence(tasks, job, budget.clock.now()))
      if (mode === 'replace') await replace(ecs, job, tasks, budget.clock)
      const left = formatDuration(Math.max(0, deadline - budget.clock.now()))
      core.info(
        `"if-running" is ${mode}: waiting until ${tasks.length === 1 ? 'it has' : 'they have'} ` +
          `stopped (at most ${left} more, "wait-timeout"), then starting.`
      )
      await untilStopped(ecs, job, tasks, { ...budget, deadline }, mode, inputs.waitTimeoutMs)
      tasks = await findJobTasks(ecs, job, budget)
    }
  } finally {
    core.startGroup('Preparing the task (continued)')
  }
  budget.log(`The job's running tasks have stopped: starting this run's.`)
  return { kind: 'go', waitedMs: budget.clock.now() - now }
}

/** What `if-running` would do now, for the dry run (the lookup is read-only). */
export async function ifRunningNow(
  mode: Mode,
  job: Job,
  ecs: ECSClient,
  budget: CallBudget
): Promise<string | undefined> {
  if (mode === 'allow') return undefined
  const tasks = await findJobTasks(ecs, job, budget)
  if (tasks.length === 0) {
    return `no task of the job (group ${job.group}) is running: a run now would start at once`
  }
  const running = runningSentence(tasks, job, budget.clock.now()).replace(/\.$/, '')
  const would: Record<Exclude<Mode, 'allow'>, string> = {
    skip: 'a run now would start nothing and succeed (skipped)',
    fail: 'a run now would fail without starting anything',
    wait: 'a run now would wait for it to stop (within wait-timeout), then start',
    replace: 'a run now would stop it, wait until it stopped, then start'
  }
  return `${running}; ${would[mode]}`
}

function runningSentence(tasks: readonly Task[], job: Job, now: number): string {
  const list = tasks.map((t) => jobTaskLabel(t, now)).join(', ')
  const count = tasks.length === 1 ? '1 task' : `${tasks.length} tasks`
  const verb = tasks.length === 1 ? 'is' : 'are'
  return `${count} of the job (group ${job.group}) ${verb} already running in cluster ${job.cluster}: ${list}.`
}

async function replace(
  ecs: ECSClient,
  job: Job,
  tasks: readonly Task[],
  clock: Clock
): Promise<void> {
  const arns = tasks.map((t) => t.taskArn ?? '')
  const reason = stopReason(`replaced by a new run of the job (group ${job.group})`)
  const results = await stopTasks(ecs, job.cluster, arns, reason, {
    clock,
    timeoutMs: STOP_TIMEOUT_MS.post,
    deadline: clock.now() + STOP_BUDGET_MS.post
  })
  const failed = results.filter((r) => !r.ok)
  if (failed.length > 0) {
    throw new Error(
      `"if-running" is replace, but StopTask failed: ${failed.map((r) => r.error).join('; ')}. ` +
        'Nothing was started.'
    )
  }
  core.info(`Stopping ${arns.length === 1 ? 'it' : 'them'} (StopTask: "${reason}").`)
}

async function untilStopped(
  ecs: ECSClient,
  job: Job,
  tasks: readonly Task[],
  budget: CallBudget,
  mode: Mode,
  waitTimeoutMs: number
): Promise<void> {
  const { clock, signal } = budget
  const started = clock.now()
  let said = started
  let pending = tasks.map((t) => t.taskArn ?? '')
  let latest: Task[] = [...tasks]
  for (;;) {
    if (signal?.aborted) {
      throw new Cancelled(
        `The workflow was cancelled while waiting for the job's running task to stop ` +
          `("if-running: ${mode}"): nothing was started.`
      )
    }
    if (clock.now() >= budget.deadline) {
      throw new Error(
        `"wait-timeout" (${formatDuration(waitTimeoutMs)}) ran out while waiting for the job's ` +
          `running task to stop: ${latest.map((t) => jobTaskLabel(t, clock.now())).join(', ')}. ` +
          'Nothing was started. Raise "wait-timeout", or use "if-running: replace" to stop it.'
      )
    }
    if (clock.now() - said >= SAY_EVERY_MS) {
      said = clock.now()
      const list = latest.map((t) => jobTaskLabel(t, said)).join(', ')
      core.info(
        `Still waiting for the job's running task to stop (${formatDuration(said - started)} so far): ${list}.`
      )
    }
    await clock.sleep(Math.min(POLL_MS, Math.max(0, budget.deadline - clock.now())), signal)
    if (signal?.aborted) continue
    const described = await describeJobTasks(ecs, job, pending, budget)
    // One DescribeTasks no longer knows has been stopped for long (ECS keeps them about an hour).
    latest = described.filter((t) => t.lastStatus !== 'STOPPED')
    for (const t of described.filter((d) => d.lastStatus === 'STOPPED')) {
      core.info(`${jobTaskLabel(t, clock.now()).replace(/ \(.*/, '')} has stopped.`)
    }
    pending = latest.map((t) => t.taskArn ?? '')
    if (pending.length === 0) return
  }
}
