import * as core from '@actions/core'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { attemptRows, Attempts } from './attempts.js'
import { errorMessage } from './aws/errors.js'
import type { Clock } from './clock.js'
import { Outputs, State } from './constants.js'
import { reportDryRun } from './dry-run.js'
import { stopReason } from './ecs/stop-tasks.js'
import { describeTaskDefinition, isEssential } from './ecs/task-definition.js'
import type { WaitOutcome } from './ecs/wait-for-tasks.js'
import { beforeStart, Cancelled, Title } from './failures.js'
import { followTasks } from './follow.js'
import { getInputs, type Inputs } from './inputs/inputs.js'
import { LogTail } from './logs/tail.js'
import { prepareTask, type PrepareDeps } from './prepare.js'
import { reportResult } from './report/result.js'
import { clause, joinSentences } from './report/sentences.js'
import { announceStart, logUrls, publishTasks } from './report/started.js'
import { runFacts, StepSummary } from './report/summary.js'
import type { Failure } from './report/verdict.js'
import {
  CANCELLED,
  cancelledMessage,
  markSettled,
  stillRunning,
  stopAll,
  stopOrKeep
} from './stopping.js'
import { collectTaskOutputs, publishTaskOutputs } from './task-outputs.js'

export interface Dependencies {
  clock: Clock
  ecsClient(region: string): ECSClient
}

/**
 * Validate, start, follow, judge: the contract's steps 1 to 7, in order. `summary` learns what
 * ran as the step goes, so that a failure at any stage can still write it.
 */
export async function runTask(
  deps: Dependencies,
  signal: AbortSignal,
  summary: StepSummary = new StepSummary()
): Promise<void> {
  // Set from the start, so `fromJSON()` of it works in a later step whatever happens here.
  core.setOutput(Outputs.taskOutputs, '{}')
  const inputs = getInputs()
  const ecs = deps.ecsClient(inputs.region)

  // start-timeout covers preparation and RunTask together: one deadline from the first call.
  const prepare: PrepareDeps = {
    clock: deps.clock,
    deadline: deps.clock.now() + inputs.startTimeoutMs,
    log: (m) => core.info(m),
    signal
  }
  core.startGroup('Preparing the task')
  const prepared = await beforeStart(inputs.region, () =>
    prepareTask(inputs, ecs, prepare)
  ).finally(() => core.endGroup())
  if (prepared.dryRun) return reportDryRun(prepared.plan, inputs)
  const { taskDefinition, container, request } = prepared
  // Outside the collapsed group: which container runs the command is what a reader checks first.
  core.info(`Primary container: ${container} (${prepared.containerWhy}).`)
  summary.ran(runFacts(inputs, taskDefinition, container, request))
  const taskDefinitionArn = taskDefinition.taskDefinitionArn ?? ''
  core.setOutput(Outputs.taskDefinitionArn, taskDefinitionArn)
  core.saveState(State.cluster, inputs.cluster)
  core.saveState(State.region, inputs.region)
  core.saveState(State.stopOnCancel, String(inputs.stopOnCancel))
  core.saveState(State.stopReason, stopReason(CANCELLED))
  if (signal.aborted) {
    throw new Cancelled(
      joinSentences(
        'The workflow was cancelled before the task was started',
        'Run the workflow again to run the task'
      )
    )
  }

  const attempts = new Attempts({
    ecs,
    clock: deps.clock,
    request,
    // A task started again gets a start-timeout of its own.
    startTimeoutMs: inputs.startTimeoutMs,
    retryOn: inputs.retryOn,
    maxAttempts: inputs.maxAttempts,
    signal,
    log: (m) => core.info(m),
    context: {
      cluster: inputs.cluster,
      region: inputs.region,
      taskDefinition: describeTaskDefinition(taskDefinition),
      clientToken: inputs.clientToken,
      launchChosen: Boolean(request.launchType || request.capacityProviderStrategy?.length),
      ...(request.platformVersion ? { platformVersion: request.platformVersion } : {}),
      ...(request.launchType ? { launchType: request.launchType } : {})
    }
  })
  const logUrl = logUrls(taskDefinition, inputs.region)
  // Saved before anything else can fail, so the post step can stop every task if we are killed.
  const started = (): void => {
    core.saveState(State.taskArns, JSON.stringify(attempts.taskArns))
    publishTasks(attempts, container, logUrl)
  }
  attempts.onStarted(started)
  const tasks = await beforeStart(inputs.region, () =>
    attempts.start(Math.max(0, prepare.deadline - deps.clock.now()))
  )
  started()
  const startedAt = deps.clock.now()
  const taskArns = [...attempts.taskArns]
  // ECS may place fewer tasks than asked (the failures were logged): follow those that run,
  // but the step cannot succeed.
  const shortfall: Failure | undefined =
    tasks.length < inputs.count
      ? {
          headline: `ECS started ${tasks.length} of the ${inputs.count} tasks asked for; see the placement failures above.`,
          advice: `Add capacity to cluster "${inputs.cluster}" or lower "count"`,
          title: Title.notStarted
        }
      : undefined
  if (shortfall) core.warning(shortfall.headline, { title: 'Partial placement' })
  announceStart(inputs, container, logUrl, attempts.attempts)
  summary.tasksStarted(taskArns, logUrl)

  if (signal.aborted) {
    const stopped = await stopOrKeep(ecs, inputs, taskArns, CANCELLED)
    if (stopped) markSettled()
    throw new Cancelled(cancelledMessage(inputs, taskArns.length, stopped))
  }
  if (!inputs.wait) {
    markSettled()
    core.info('wait is false: the tasks run on without this step.')
    await summary
      .write({
        status: 'started',
        title: tasks.length > 1 ? 'ECS tasks started' : 'ECS task started',
        rows: [],
        failures: [],
        started: taskArns,
        note: '`wait` is false: the step did not wait for the task to stop; its exit code and logs are in the ECS console.'
      })
      .catch((error: unknown) => core.warning(`Could not write the job summary: ${String(error)}`))
    return
  }

  const definitions = taskDefinition.containerDefinitions ?? []
  const tail = new LogTail()
  const taskOutputs = collectTaskOutputs(inputs, taskArns, container)
  attempts.onStarted((attempt) => {
    if (attempt.slot === 1) taskOutputs?.follow(attempt.taskArn)
  })
  let outcome: WaitOutcome
  let stopped = true
  try {
    outcome = await followTasks({
      ecs,
      clock: deps.clock,
      inputs,
      taskArns,
      containers: definitions,
      container,
      signal,
      startedAt,
      readers: [tail, ...(taskOutputs ? [taskOutputs] : [])],
      attempts,
      onStarted: (attempt) => announceStart(inputs, container, logUrl, [attempt]),
      onWaitEnd: async (end) => {
        if (end.kind === 'stopped') return
        // A task being started again is let start, so that it is stopped too.
        await attempts.halt()
        const running = stillRunning(attempts.taskArns, end.tasks)
        if (end.kind === 'cancelled') stopped = await stopOrKeep(ecs, inputs, running, CANCELLED)
        if (end.kind === 'timeout') {
          const why = `wait-timeout of ${minutes(inputs)} passed`
          stopped = await stopAll(ecs, inputs, running, why)
        }
      }
    })
  } catch (error) {
    // The tasks can no longer be followed: stop them rather than leave them unwatched.
    await attempts.halt()
    const why = `the action could not follow the task (${clause(errorMessage(error))})`
    if (await stopAll(ecs, inputs, attempts.taskArns, why)) markSettled()
    throw error
  } finally {
    // Before the verdict, so a later step has them whatever the verdict.
    if (taskOutputs) publishTaskOutputs(taskOutputs, container)
  }
  if (stopped) markSettled()
  const last = attempts.latest().map((a) => a.taskArn)
  if (outcome.kind === 'cancelled') {
    throw new Cancelled(cancelledMessage(inputs, last.length, stopped))
  }

  const timedOut: Failure | undefined =
    outcome.kind === 'timeout'
      ? {
          headline: `The ${last.length > 1 ? 'tasks' : 'task'} did not stop within wait-timeout (${minutes(inputs)}); ${stopped ? 'it was stopped' : 'stopping it failed'}.`,
          advice: 'Raise "wait-timeout" if the task needs longer',
          title: Title.timedOut
        }
      : undefined
  await reportResult({
    ...attemptRows(attempts, outcome.tasks, inputs.maxAttempts),
    container,
    essential: new Set(definitions.filter(isEssential).map((c) => c.name ?? '')),
    lastLines: (arn, name) => tail.last(arn, name),
    logUrl,
    known: { ...(timedOut ? { timedOut } : {}), ...(shortfall ? { shortfall } : {}) },
    summary
  })
}

function minutes(inputs: Inputs): string {
  const m = inputs.waitTimeoutMs / 60_000
  return `${m} minute${m === 1 ? '' : 's'}`
}
