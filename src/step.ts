import * as core from '@actions/core'
import type { ContainerDefinition, ECSClient, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import type { Clock } from './clock.js'
import { Outputs, State } from './constants.js'
import { errorMessage } from './aws/errors.js'
import { clause } from './report/sentences.js'
import { Cancelled, ReportedFailure } from './failures.js'
import { followTasks } from './follow.js'
import { checkContainerNames } from './inputs/containers.js'
import { getInputs, InputError, type Inputs } from './inputs/inputs.js'
import { Problems } from './inputs/problems.js'
import { taskConsoleUrl, taskId } from './report/links.js'
import { logConsoleUrl, logTargets } from './logs/targets.js'
import { networkConfiguration } from './ecs/network.js'
import { buildRunTaskRequest, redactRequest } from './ecs/run-task-request.js'
import { startTasks } from './ecs/run-task.js'
import { stopReason, stopTasks } from './ecs/stop-tasks.js'
import { writeSummary } from './report/summary.js'
import {
  describeTaskDefinition,
  isEssential,
  mainContainer,
  resolveTaskDefinition
} from './ecs/task-definition.js'
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
  const inputs = getInputs()
  const ecs = deps.ecsClient(inputs.region)

  core.startGroup('Preparing the task')
  const { taskDefinition, container, request } = await prepare(inputs, ecs).finally(() =>
    core.endGroup()
  )
  const taskDefinitionArn = taskDefinition.taskDefinitionArn ?? ''
  core.setOutput(Outputs.taskDefinitionArn, taskDefinitionArn)
  core.saveState(State.cluster, inputs.cluster)
  core.saveState(State.region, inputs.region)
  core.saveState(State.stopOnCancel, String(inputs.stopOnCancel))
  core.saveState(State.stopReason, stopReason(CANCELLED))
  if (signal.aborted) throw new Cancelled('The workflow was cancelled before the task was started.')

  const tasks = await startTasks(ecs, request, {
    clock: deps.clock,
    startTimeoutMs: inputs.startTimeoutMs,
    signal,
    log: (m) => core.info(m),
    context: {
      cluster: inputs.cluster,
      region: inputs.region,
      taskDefinition: describeTaskDefinition(taskDefinition),
      clientToken: inputs.clientToken,
      ...(inputs.platformVersion ? { platformVersion: inputs.platformVersion } : {}),
      ...(inputs.launchType ? { launchType: inputs.launchType } : {})
    }
  })
  const taskArns = tasks.map((t) => t.taskArn ?? '')
  // ECS may place fewer tasks than asked (the failures were logged): follow those that run,
  // but the step cannot succeed.
  const shortfall =
    tasks.length < inputs.count
      ? `ECS started ${tasks.length} of the ${inputs.count} tasks asked for; see the placement failures above.`
      : undefined
  if (shortfall) core.warning(shortfall, { title: 'Partial placement' })
  // Saved before anything else can fail, so the post step can stop them if we are killed.
  core.saveState(State.taskArns, JSON.stringify(taskArns))
  const logUrl = publishStart(inputs, taskDefinition, container, taskArns)

  if (signal.aborted) {
    settle(await stopOrKeep(ecs, inputs, taskArns, CANCELLED))
    throw new Cancelled('The workflow was cancelled.')
  }
  if (!inputs.wait) {
    settle(true)
    core.info('wait is false: the tasks run on without this step.')
    return
  }

  const definitions = taskDefinition.containerDefinitions ?? []
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
      onWaitEnd: async (end) => {
        if (end.kind === 'cancelled') stopped = await stopOrKeep(ecs, inputs, taskArns, CANCELLED)
        if (end.kind === 'timeout') {
          const why = `wait-timeout of ${minutes(inputs)} passed`
          stopped = await stopAll(ecs, inputs, taskArns, why)
        }
      }
    })
  } catch (error) {
    // The tasks can no longer be followed: stop them rather than leave them unwatched.
    const why = `the action could not follow the task (${clause(errorMessage(error))})`
    settle(await stopAll(ecs, inputs, taskArns, why))
    throw error
  }
  settle(stopped)
  if (outcome.kind === 'cancelled') throw new Cancelled('The workflow was cancelled.')

  const timedOut =
    outcome.kind === 'timeout'
      ? `The task did not stop within wait-timeout (${minutes(inputs)}); it was stopped.`
      : undefined
  await report(outcome.tasks, inputs, taskDefinitionArn, container, definitions, logUrl, {
    ...(timedOut ? { timedOut } : {}),
    ...(shortfall ? { shortfall } : {})
  })
}

async function prepare(inputs: Inputs, ecs: ECSClient) {
  if (inputs.taskDefinition === undefined) {
    throw new InputError('Input "service" without "task-definition" is not supported yet.')
  }
  const { taskDefinition, registered } = await resolveTaskDefinition(
    ecs,
    inputs.taskDefinition,
    inputs.region
  )
  core.info(
    `${registered ? 'Registered' : 'Using'} task definition ${taskDefinition.taskDefinitionArn}`
  )
  const names = (taskDefinition.containerDefinitions ?? []).map((c) => c.name ?? '')
  const p = new Problems()
  checkContainerNames(names, describeTaskDefinition(taskDefinition), inputs, p)
  if (p.lines.length > 0) throw new InputError(p.lines)
  const container = mainContainer(taskDefinition, inputs.container)
  const network = await networkConfiguration(inputs, ecs)
  const request = buildRunTaskRequest(
    inputs,
    taskDefinition.taskDefinitionArn ?? '',
    container,
    network
  )
  core.info(`RunTask request: ${JSON.stringify(redactRequest(request), null, 2)}`)
  return { taskDefinition, container, request }
}

/** Outputs known once the tasks exist, written at once for later `if: always()` steps. */
function publishStart(
  inputs: Inputs,
  taskDefinition: TaskDefinition,
  container: string,
  taskArns: string[]
): (arn: string, name: string) => string | undefined {
  const first = taskArns[0] ?? ''
  core.setOutput(Outputs.taskArn, first)
  core.setOutput(Outputs.taskArns, JSON.stringify(taskArns))
  core.setOutput(Outputs.taskId, taskId(first))
  for (const arn of taskArns) {
    core.info(`Started task ${taskId(arn)}: ${taskConsoleUrl(inputs.region, inputs.cluster, arn)}`)
  }
  const { targets } = logTargets(taskDefinition.containerDefinitions ?? [], taskArns, inputs.region)
  const logUrl = (arn: string, name: string): string | undefined => {
    const target = targets.find((t) => t.taskArn === arn && t.container === name)
    return target ? logConsoleUrl(target) : undefined
  }
  const mainLog = logUrl(first, container)
  core.setOutput(Outputs.logUrl, mainLog ?? '')
  if (mainLog) core.notice(`Logs of ${container}: ${mainLog}`, { title: 'Task logs' })
  return logUrl
}

/**
 * Tells the post step that nothing is left for it to stop. Not said when a StopTask failed:
 * the post step then tries again.
 */
function settle(settled: boolean): void {
  if (settled) core.saveState(State.settled, 'true')
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
  tasks: Task[],
  inputs: Inputs,
  taskDefinitionArn: string,
  container: string,
  definitions: ContainerDefinition[],
  logUrl: (arn: string, name: string) => string | undefined,
  /** Failures known before the verdict. */
  known: { timedOut?: string; shortfall?: string } = {}
): Promise<void> {
  const first = tasks[0]
  const main = first?.containers?.find((c) => c.name === container)
  core.setOutput(Outputs.exitCode, main?.exitCode ?? '')
  core.setOutput(Outputs.stoppedReason, first?.stoppedReason ?? '')
  const essential = new Set(definitions.filter(isEssential).map((c) => c.name ?? ''))
  // After a wait-timeout the action stopped the tasks itself: their exit codes say nothing.
  const judged = known.timedOut ? [known.timedOut] : judge(tasks, essential).problems
  const problems = known.shortfall ? [known.shortfall, ...judged] : judged
  const verdict = { ok: problems.length === 0, problems }
  await writeSummary(tasks, {
    region: inputs.region,
    cluster: inputs.cluster,
    taskDefinitionArn,
    logUrl,
    verdict
  })
  if (!verdict.ok) {
    for (const problem of verdict.problems) core.error(problem, { title: 'ECS task failed' })
    throw new ReportedFailure(verdict.problems.join(' '))
  }
  const what = tasks.length > 1 ? `all ${tasks.length} tasks` : 'the task'
  core.info(`Success: every essential container of ${what} exited 0.`)
}
