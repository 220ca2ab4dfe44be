import * as core from '@actions/core'
import type { ECSClient, Task } from '@aws-sdk/client-ecs'
import { createEcsClient, logsClientFactory } from './aws.js'
import { systemClock, type Clock } from './clock.js'
import { Outputs, State } from './constants.js'
import { errorMessage } from './errors.js'
import { getInputs, type Inputs } from './inputs.js'
import { taskConsoleUrl, taskId } from './links.js'
import { LogPrinter } from './logs/printer.js'
import { LogStreamer } from './logs/streamer.js'
import { logConsoleUrl, logTargets, type LogTarget } from './logs/targets.js'
import { networkConfiguration } from './network.js'
import { ProgressReporter } from './progress.js'
import { buildRunTaskRequest, redactRequest } from './request.js'
import { startTasks } from './start.js'
import { stopReason, stopTasks } from './stop.js'
import { writeSummary } from './summary.js'
import {
  describeTaskDefinition,
  isEssential,
  mainContainer,
  resolveTaskDefinition
} from './taskdef.js'
import { judge } from './verdict.js'
import { waitForTasks } from './wait.js'

/** StopTask must be done well inside the runner's 7.5 s between SIGINT and SIGTERM. */
const STOP_TIMEOUT_MS = 4000

export interface Dependencies {
  clock: Clock
  ecsClient(region: string): ECSClient
}

const defaults: Dependencies = { clock: systemClock, ecsClient: createEcsClient }

/** The main step: one top-level catch turns every error into the step's failure. */
export async function run(deps: Dependencies = defaults): Promise<void> {
  const cancel = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (cancel.signal.aborted) return
    core.info(`Received ${signal}: the workflow was cancelled.`)
    cancel.abort(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    await runTask(deps, cancel.signal)
  } catch (error) {
    core.setFailed(errorMessage(error))
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

async function runTask(deps: Dependencies, signal: AbortSignal): Promise<void> {
  const inputs = getInputs()
  const { clock } = deps
  const ecs = deps.ecsClient(inputs.region)

  core.startGroup('Preparing the task')
  let prepared
  try {
    prepared = await prepare(inputs, ecs)
  } finally {
    core.endGroup()
  }
  const { taskDefinition, container, request } = prepared
  const taskDefinitionArn = taskDefinition.taskDefinitionArn ?? ''
  core.setOutput(Outputs.taskDefinitionArn, taskDefinitionArn)

  core.saveState(State.cluster, inputs.cluster)
  core.saveState(State.region, inputs.region)
  core.saveState(State.stopOnCancel, String(inputs.stopOnCancel))
  core.saveState(State.stopReason, stopReason('the workflow was cancelled'))

  const tasks = await startTasks(ecs, request, {
    clock,
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
  // Recorded before anything else can fail, so the post step can stop them if we are killed.
  core.saveState(State.taskArns, JSON.stringify(taskArns))
  const first = taskArns[0] ?? ''
  core.setOutput(Outputs.taskArn, first)
  core.setOutput(Outputs.taskArns, JSON.stringify(taskArns))
  core.setOutput(Outputs.taskId, taskId(first))
  for (const arn of taskArns) {
    core.info(`Started task ${taskId(arn)}: ${taskConsoleUrl(inputs.region, inputs.cluster, arn)}`)
  }

  const allTargets = logTargets(taskDefinition.containerDefinitions ?? [], taskArns, inputs.region)
  const mainTarget = allTargets.targets.find(
    (t) => t.taskArn === first && t.container === container
  )
  const logUrl = (arn: string, name: string): string | undefined => {
    const target = allTargets.targets.find((t) => t.taskArn === arn && t.container === name)
    return target ? logConsoleUrl(target) : undefined
  }
  core.setOutput(Outputs.logUrl, mainTarget ? logConsoleUrl(mainTarget) : '')
  if (mainTarget)
    core.notice(`Logs of ${container}: ${logConsoleUrl(mainTarget)}`, { title: 'Task logs' })

  if (!inputs.wait) {
    core.saveState(State.settled, 'true')
    core.info('wait is false: the task keeps running on its own; the step ends here.')
    return
  }
  if (signal.aborted) return finishCancelled(ecs, inputs, taskArns)

  const selected = inputs.streamLogs
    ? logTargets(
        taskDefinition.containerDefinitions ?? [],
        taskArns,
        inputs.region,
        inputs.logContainers
      )
    : { targets: [] as LogTarget[], skipped: [] }
  for (const skip of selected.skipped)
    core.info(`Not streaming logs of ${skip.container}: ${skip.reason}`)
  const printer = new LogPrinter(process.stdout, {
    prefix: selected.targets.length > 1
  })
  const say = (line: string): Promise<void> => printer.note(line)
  const streamer = new LogStreamer(selected.targets, {
    clientFor: logsClientFactory(),
    clock,
    printer,
    log: (m) => core.debug(m),
    warn: (m) => core.warning(m)
  })
  const progress = new ProgressReporter((line) => void say(line))
  const exec = execHint(inputs, container)
  printer.begin()
  streamer.start()

  let outcome
  try {
    outcome = await waitForTasks(ecs, {
      clock,
      cluster: inputs.cluster,
      region: inputs.region,
      taskArns,
      deadline: clock.now() + inputs.waitTimeoutMs,
      signal,
      log: (m) => void printer.command(() => core.debug(m)),
      onUpdate: (current) => {
        progress.update(current)
        streamer.update(current)
        exec?.(current, say)
      }
    })
  } catch (error) {
    streamer.abort()
    await streamer.finished()
    await printer.end()
    throw error
  }

  if (outcome.kind !== 'stopped') {
    const why =
      outcome.kind === 'timeout'
        ? `wait-timeout of ${inputs.waitTimeoutMs / 60_000} minutes passed`
        : 'the workflow was cancelled'
    streamer.abort()
    const stopping =
      outcome.kind === 'cancelled' && !inputs.stopOnCancel
        ? undefined
        : stopAll(ecs, inputs, taskArns, why)
    await Promise.all([stopping, streamer.finished()])
    await printer.end()
    core.saveState(State.settled, 'true')
    if (outcome.kind === 'cancelled' && !inputs.stopOnCancel) {
      core.warning(`stop-on-cancel is false: ${taskArns.map(taskId).join(', ')} keep running.`)
    }
    throw new Error(
      outcome.kind === 'timeout'
        ? `The task did not stop within wait-timeout (${inputs.waitTimeoutMs / 60_000} minutes); it was stopped.`
        : 'The workflow was cancelled.'
    )
  }

  await streamer.finished()
  await printer.end()
  core.saveState(State.settled, 'true')
  await report(
    outcome.tasks,
    inputs,
    taskDefinitionArn,
    container,
    taskDefinition.containerDefinitions ?? [],
    logUrl
  )
}

async function prepare(inputs: Inputs, ecs: ECSClient) {
  const { taskDefinition, registered } = await resolveTaskDefinition(
    ecs,
    inputs.taskDefinition,
    inputs.region
  )
  core.info(
    `${registered ? 'Registered' : 'Using'} task definition ${taskDefinition.taskDefinitionArn}`
  )
  const container = mainContainer(taskDefinition, inputs.container)
  const names = (taskDefinition.containerDefinitions ?? []).map((c) => c.name ?? '')
  const unknown = (inputs.logContainers ?? []).filter((n) => !names.includes(n))
  if (unknown.length > 0) {
    throw new Error(
      `Input "log-containers": ${unknown.map((n) => `"${n}"`).join(', ')} not in ` +
        `${describeTaskDefinition(taskDefinition)}; it has: ${names.join(', ')}.`
    )
  }
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

async function stopAll(
  ecs: ECSClient,
  inputs: Inputs,
  taskArns: string[],
  why: string
): Promise<void> {
  const results = await stopTasks(ecs, inputs.cluster, taskArns, stopReason(why), STOP_TIMEOUT_MS)
  for (const r of results) {
    if (r.ok) core.info(`Stopped task ${taskId(r.taskArn)} (${why}).`)
    else core.warning(`Could not stop task ${r.error}; stop it in the ECS console.`)
  }
}

async function finishCancelled(ecs: ECSClient, inputs: Inputs, taskArns: string[]): Promise<void> {
  if (inputs.stopOnCancel) await stopAll(ecs, inputs, taskArns, 'the workflow was cancelled')
  core.saveState(State.settled, 'true')
  throw new Error('The workflow was cancelled.')
}

/** With ECS Exec on, print the command to open a shell once the task runs. */
function execHint(inputs: Inputs, container: string) {
  if (!inputs.enableExecuteCommand) return undefined
  const shown = new Set<string>()
  return (tasks: Task[], say: (line: string) => Promise<void>): void => {
    for (const task of tasks) {
      const arn = task.taskArn ?? ''
      if (task.lastStatus !== 'RUNNING' || shown.has(arn)) continue
      shown.add(arn)
      void say(
        `ECS Exec: aws ecs execute-command --region ${inputs.region} --cluster ${inputs.cluster} ` +
          `--task ${taskId(arn)} --container ${container} --interactive --command "/bin/sh"`
      )
    }
  }
}

async function report(
  tasks: Task[],
  inputs: Inputs,
  taskDefinitionArn: string,
  container: string,
  definitions: { name?: string | undefined; essential?: boolean | undefined }[],
  logUrl: (arn: string, name: string) => string | undefined
): Promise<void> {
  const first = tasks[0]
  const main = first?.containers?.find((c) => c.name === container)
  core.setOutput(Outputs.exitCode, main?.exitCode ?? '')
  core.setOutput(Outputs.stoppedReason, first?.stoppedReason ?? '')
  const essential = new Set(definitions.filter(isEssential).map((c) => c.name ?? ''))
  const verdict = judge(tasks, essential)
  await writeSummary(tasks, {
    region: inputs.region,
    cluster: inputs.cluster,
    taskDefinitionArn,
    logUrl,
    verdict
  })
  if (!verdict.ok) {
    for (const problem of verdict.problems) core.error(problem, { title: 'ECS task failed' })
    throw new Error(verdict.problems.join(' '))
  }
  core.info(`All ${tasks.length > 1 ? `${tasks.length} tasks` : 'containers'} exited 0.`)
}
