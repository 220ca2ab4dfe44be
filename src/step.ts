import * as core from '@actions/core'
import type { ECSClient, RunTaskCommandInput, TaskDefinition } from '@aws-sdk/client-ecs'
import type { Clock } from './clock.js'
import { Outputs, State } from './constants.js'
import { Attempts, type Attempt } from './attempts.js'
import { errorMessage } from './aws/errors.js'
import { clause, joinSentences } from './report/sentences.js'
import { beforeStart, Cancelled, Title } from './failures.js'
import { followTasks } from './follow.js'
import { LogTail } from './logs/tail.js'
import { getInputs, type Inputs } from './inputs/inputs.js'
import { reportDryRun } from './dry-run.js'
import {
  applyPlan,
  describeRegistration,
  planTask,
  type PrepareDeps,
  type TaskPlan
} from './prepare.js'
import { taskConsoleUrl, taskId } from './report/links.js'
import { logConsoleUrl, logTargets } from './logs/targets.js'
import { checkTaskOutputsSource, collectTaskOutputs, publishTaskOutputs } from './task-outputs.js'
import { redactRequest } from './ecs/run-task-request.js'
import { stopReason, stopTasks } from './ecs/stop-tasks.js'
import { reportResult, type ResultOptions } from './report/result.js'
import { StepSummary, type RunFacts } from './report/summary.js'
import type { Failure } from './report/verdict.js'
import { describeTaskDefinition, isEssential } from './ecs/task-definition.js'
import type { Task } from '@aws-sdk/client-ecs'
import type { WaitOutcome } from './ecs/wait-for-tasks.js'

export interface Dependencies {
  clock: Clock
  ecsClient(region: string): ECSClient
}

/** StopTask must be done well inside the runner's 7.5 s between SIGINT and SIGTERM. */
const STOP_TIMEOUT_MS = 4000

const CANCELLED = 'the workflow was cancelled'

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

/**
 * The summary lists every attempt, in task order; the verdict and the outputs are about the
 * last attempt of each task. A task given up at max-attempts says so; a task that could not
 * be started again is a failure of its own.
 */
function attemptRows(
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

/** What ran, for the summary: the definition, the container and its final command. */
function runFacts(
  inputs: Inputs,
  taskDefinition: TaskDefinition,
  container: string,
  request: RunTaskCommandInput
): RunFacts {
  const command = request.overrides?.containerOverrides?.find((c) => c.name === container)?.command
  return {
    family: taskDefinition.family ?? describeTaskDefinition(taskDefinition),
    taskDefinition: describeTaskDefinition(taskDefinition),
    taskDefinitionArn: taskDefinition.taskDefinitionArn ?? '',
    container,
    ...(command?.length ? { command } : {}),
    cluster: inputs.cluster,
    region: inputs.region
  }
}

/** A cancel's message: what became of the tasks, then what to do. */
function cancelledMessage(inputs: Inputs, count: number, stopped: boolean): string {
  const them = count > 1 ? 'the tasks' : 'the task'
  if (!inputs.stopOnCancel) {
    return joinSentences(
      `The workflow was cancelled; ${them} ${count > 1 ? 'keep' : 'keeps'} running (stop-on-cancel is false)`,
      `Stop ${them} in the ECS console if ${count > 1 ? 'they' : 'it'} should not run`
    )
  }
  return joinSentences(
    stopped
      ? `The workflow was cancelled; ${them} ${count > 1 ? 'were' : 'was'} stopped`
      : `The workflow was cancelled; stopping ${them} failed (the post step tries again)`,
    `Run the workflow again to run ${them}`
  )
}

/**
 * Plans, then registers when the plan says so; logs what runs and the request. A dry run stops
 * after the plan: nothing is registered.
 */
async function prepareTask(
  inputs: Inputs,
  ecs: ECSClient,
  deps: PrepareDeps
): Promise<
  | { dryRun: true; plan: TaskPlan }
  | {
      dryRun: false
      taskDefinition: TaskDefinition
      container: string
      request: RunTaskCommandInput
    }
> {
  const plan = await planTask(inputs, ecs, deps)
  checkTaskOutputsSource(inputs, plan.registration ?? plan.taskDefinition, plan.container)
  if (inputs.dryRun) {
    core.info('dry-run is true: stopping here, before anything is registered or started.')
    return { dryRun: true, plan }
  }
  const { taskDefinition, registered, request } = await applyPlan(plan, ecs, inputs, deps)
  const arn = taskDefinition.taskDefinitionArn ?? ''
  core.info(
    registered
      ? `Registered task definition ${arn} (${describeRegistration(plan, inputs)})`
      : `Using task definition ${arn}`
  )
  core.info(`RunTask request: ${JSON.stringify(redactRequest(request), null, 2)}`)
  return { dryRun: false, taskDefinition, container: plan.container, request }
}

type LogUrl = (taskArn: string, container: string) => string | undefined

/** The console link of a container's log stream in a task, when it uses awslogs. */
function logUrls(taskDefinition: TaskDefinition, region: string): LogUrl {
  const definitions = taskDefinition.containerDefinitions ?? []
  return (arn, name) => {
    const target = logTargets(definitions, [arn], region).targets.find((t) => t.container === name)
    return target ? logConsoleUrl(target) : undefined
  }
}

/**
 * Outputs that name the tasks (the last attempt of each), written as soon as they are known and
 * again when a task is started again, for later `if: always()` steps.
 */
function publishTasks(attempts: Attempts, container: string, logUrl: LogUrl): void {
  const taskArns = attempts.latest().map((a) => a.taskArn)
  const first = taskArns[0] ?? ''
  core.setOutput(Outputs.taskArn, first)
  core.setOutput(Outputs.taskArns, JSON.stringify(taskArns))
  core.setOutput(Outputs.taskId, taskId(first))
  core.setOutput(Outputs.logUrl, logUrl(first, container) ?? '')
  core.setOutput(Outputs.attempts, String(attempts.highest))
}

/** The log lines (and the notice with the main log's link) for tasks just started. */
function announceStart(
  inputs: Inputs,
  container: string,
  logUrl: LogUrl,
  started: readonly Attempt[]
): void {
  for (const { taskArn, number, slot } of started) {
    const which = number > 1 ? ` (attempt ${number} of ${inputs.maxAttempts})` : ''
    core.info(
      `Started task ${taskId(taskArn)}${which}: ${taskConsoleUrl(inputs.region, inputs.cluster, taskArn)}`
    )
    const mainLog = slot === 1 ? logUrl(taskArn, container) : undefined
    if (mainLog) core.notice(`Logs of ${container}: ${mainLog}`, { title: 'Task logs' })
  }
}

/** Tells the post step that nothing is left for it to stop. */
function markSettled(): void {
  core.saveState(State.settled, 'true')
}

/** The tasks not seen STOPPED (a task started while the wait ended was never seen at all). */
function stillRunning(taskArns: readonly string[], seen: readonly Task[]): string[] {
  const stopped = new Set(seen.filter((t) => t.lastStatus === 'STOPPED').map((t) => t.taskArn))
  return taskArns.filter((arn) => !stopped.has(arn))
}

/** Stops every task; true when all StopTask calls succeeded. */
async function stopAll(
  ecs: ECSClient,
  inputs: Inputs,
  taskArns: string[],
  why: string
): Promise<boolean> {
  const results = await stopTasks(ecs, inputs.cluster, taskArns, stopReason(why), STOP_TIMEOUT_MS)
  for (const r of results) {
    if (r.ok) core.info(`Stopped task ${taskId(r.taskArn)}: ${why}.`)
    else core.warning(`Could not stop task ${clause(r.error ?? '')}; the post step will try again.`)
  }
  return results.every((r) => r.ok)
}

/** On cancel: stop the tasks, or with stop-on-cancel false say they keep running. */
async function stopOrKeep(
  ecs: ECSClient,
  inputs: Inputs,
  taskArns: string[],
  why: string
): Promise<boolean> {
  if (taskArns.length === 0) return true
  if (inputs.stopOnCancel) return stopAll(ecs, inputs, taskArns, why)
  core.warning(
    `stop-on-cancel is false: ${taskArns.map(taskId).join(', ')} keep running; ` +
      `stop them in the ECS console if they should not.`
  )
  return true
}

function minutes(inputs: Inputs): string {
  const m = inputs.waitTimeoutMs / 60_000
  return `${m} minute${m === 1 ? '' : 's'}`
}
