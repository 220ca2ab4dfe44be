import * as core from '@actions/core'
import type {
  ContainerDefinition,
  ECSClient,
  RunTaskCommandInput,
  Task,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import type { Clock } from './clock.js'
import { Outputs, State } from './constants.js'
import { Attempts, type Attempt } from './attempts.js'
import { errorMessage } from './aws/errors.js'
import { Cancelled, ReportedFailure } from './failures.js'
import { followTasks } from './follow.js'
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
import { writeSummary } from './report/summary.js'
import { describeTaskDefinition, isEssential } from './ecs/task-definition.js'
import { judge } from './report/verdict.js'
import type { WaitOutcome } from './ecs/wait-for-tasks.js'

export interface Dependencies {
  clock: Clock
  ecsClient(region: string): ECSClient
}

/** StopTask must be done well inside the runner's 7.5 s between SIGINT and SIGTERM. */
const STOP_TIMEOUT_MS = 4000

const CANCELLED = 'the workflow was cancelled'

/** Validate, start, follow, judge: the contract's steps 1 to 7, in order. */
export async function runTask(deps: Dependencies, signal: AbortSignal): Promise<void> {
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
  const prepared = await prepareTask(inputs, ecs, prepare).finally(() => core.endGroup())
  if (prepared.dryRun) return reportDryRun(prepared.plan, inputs)
  const { taskDefinition, container, request } = prepared
  const taskDefinitionArn = taskDefinition.taskDefinitionArn ?? ''
  core.setOutput(Outputs.taskDefinitionArn, taskDefinitionArn)
  core.saveState(State.cluster, inputs.cluster)
  core.saveState(State.region, inputs.region)
  core.saveState(State.stopOnCancel, String(inputs.stopOnCancel))
  core.saveState(State.stopReason, stopReason(CANCELLED))
  if (signal.aborted) throw new Cancelled('The workflow was cancelled before the task was started.')

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
  const tasks = await attempts.start(Math.max(0, prepare.deadline - deps.clock.now()))
  started()
  const taskArns = [...attempts.taskArns]
  // ECS may place fewer tasks than asked (the failures were logged): follow those that run,
  // but the step cannot succeed.
  const shortfall =
    tasks.length < inputs.count
      ? `ECS started ${tasks.length} of the ${inputs.count} tasks asked for; see the placement failures above.`
      : undefined
  if (shortfall) core.warning(shortfall, { title: 'Partial placement' })
  announceStart(inputs, container, logUrl, attempts.attempts)

  if (signal.aborted) {
    if (await stopOrKeep(ecs, inputs, taskArns, CANCELLED)) markSettled()
    throw new Cancelled('The workflow was cancelled.')
  }
  if (!inputs.wait) {
    markSettled()
    core.info('wait is false: the tasks run on without this step.')
    return
  }

  const definitions = taskDefinition.containerDefinitions ?? []
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
      readers: taskOutputs ? [taskOutputs] : [],
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
    const why = `the action could not follow the task (${errorMessage(error)})`
    if (await stopAll(ecs, inputs, attempts.taskArns, why)) markSettled()
    throw error
  } finally {
    // Before the verdict, so a later step has them whatever the verdict.
    if (taskOutputs) publishTaskOutputs(taskOutputs, container)
  }
  if (stopped) markSettled()
  if (outcome.kind === 'cancelled') throw new Cancelled('The workflow was cancelled.')

  const timedOut =
    outcome.kind === 'timeout'
      ? `The task did not stop within wait-timeout (${minutes(inputs)}); it was stopped.`
      : undefined
  await report(outcome.tasks, attempts, inputs, taskDefinitionArn, container, definitions, logUrl, {
    ...(timedOut ? { timedOut } : {}),
    ...(shortfall ? { shortfall } : {})
  })
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
    else core.warning(`Could not stop task ${r.error}; the post step will try again.`)
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

async function report(
  seen: Task[],
  attempts: Attempts,
  inputs: Inputs,
  taskDefinitionArn: string,
  container: string,
  definitions: ContainerDefinition[],
  logUrl: LogUrl,
  /** Failures known before the verdict. */
  known: { timedOut?: string; shortfall?: string } = {}
): Promise<void> {
  const view = (arn: string): Task =>
    seen.find((t) => t.taskArn === arn) ?? { taskArn: arn, lastStatus: 'MISSING' }
  // The verdict and the outputs are about the last attempt of each task.
  const tasks = attempts.latest().map((a) => view(a.taskArn))
  const first = tasks[0]
  const main = first?.containers?.find((c) => c.name === container)
  core.setOutput(Outputs.exitCode, main?.exitCode ?? '')
  core.setOutput(Outputs.stoppedReason, first?.stoppedReason ?? '')
  const essential = new Set(definitions.filter(isEssential).map((c) => c.name ?? ''))
  // After a wait-timeout the action stopped the tasks itself: their exit codes say nothing.
  const judged = known.timedOut ? [known.timedOut] : judge(tasks, essential).problems
  const problems = [
    ...(known.shortfall ? [known.shortfall] : []),
    ...judged,
    ...(known.timedOut ? [] : attempts.problems)
  ]
  const verdict = { ok: problems.length === 0, problems }
  // The summary lists every attempt; with none started again it is the table it always was.
  const history = [...attempts.attempts]
    .sort((a, b) => a.slot - b.slot || a.number - b.number)
    .map((a) => ({ ...a, task: view(a.taskArn) }))
  await writeSummary(
    history.map((h) => h.task),
    {
      region: inputs.region,
      cluster: inputs.cluster,
      taskDefinitionArn,
      logUrl,
      verdict,
      attempts: history.map(({ taskArn, number }) => ({ taskArn, number }))
    }
  )
  if (!verdict.ok) {
    for (const problem of verdict.problems) core.error(problem, { title: 'ECS task failed' })
    throw new ReportedFailure(verdict.problems.join(' '))
  }
  const what = tasks.length > 1 ? `all ${tasks.length} tasks` : 'the task'
  core.info(`Success: every essential container of ${what} exited 0.`)
}
