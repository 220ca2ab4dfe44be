// One run of the main step, top to bottom. Each stage is a file of this folder and returns what
// the next one needs: inputs → prepare → (dry run) → start → follow → verdict.

import * as core from '@actions/core'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { isEssential, primaryOfTask } from '../ecs/primary-container.js'
import { getInputs } from '../inputs/get-inputs.js'
import type { Clock } from '../kit/clock.js'
import { Outputs } from '../kit/outputs.js'
import { Cancelled } from '../kit/failures.js'
import { publishEndOutputs } from '../report/end-outputs.js'
import { cancelledMessage, leftRunningSummary, timedOutFailure } from '../report/run-failures.js'
import { runFacts, StepSummary } from '../report/summary.js'
import { attemptRows } from './attempts.js'
import { beforeStart } from './before-start.js'
import { reportSkipped } from './if-running.js'
import { prepareTask } from './prepare.js'
import { applySchedule } from './schedule.js'
import { handOver, start } from './start.js'
import { CANCELLED, markSettled, stopOrKeep } from './stop.js'

export interface Dependencies {
  clock: Clock
  ecsClient(region: string): ECSClient
}

/**
 * Validate, start, follow, judge, in order (docs/behaviour.md). `summary` learns what
 * ran as the step goes, so that a failure at any stage can still write it.
 */
export async function runTask(
  deps: Dependencies,
  signal: AbortSignal,
  summary: StepSummary = new StepSummary()
): Promise<void> {
  const { clock } = deps
  // Set from the start, so `fromJSON()` of it works in a later step whatever happens here.
  core.setOutput(Outputs.taskOutputs, '{}')
  core.setOutput(Outputs.skipped, 'false')
  const given = getInputs()
  const ecs = deps.ecsClient(given.region)
  // start-timeout covers preparation and RunTask together: one deadline from the first call.
  const deadline = clock.now() + given.startTimeoutMs
  const budget = { clock, deadline, log: (m: string) => core.info(m), signal }

  core.startGroup('Preparing the task')
  const { inputs, notes, prepared } = await beforeStart(given.region, async () => {
    const scheduled = await applySchedule(given, budget)
    return { ...scheduled, prepared: await prepareTask(scheduled.inputs, ecs, budget) }
  }).finally(() => core.endGroup())
  if (prepared.dryRun) {
    const ifRunning = prepared.ifRunning ? [`if-running: ${prepared.ifRunning}.`] : []
    const { reportDryRun } = await import('./dry-run.js')
    return reportDryRun(prepared.plan, inputs, [...notes, ...ifRunning])
  }
  const { taskDefinition, container, request } = prepared
  const candidates = prepared.candidates ? { candidates: prepared.candidates } : {}
  // Outside the collapsed group: which container runs the command is what a reader checks first.
  core.info(`Primary container: ${container} (${prepared.containerWhy}).`)
  summary.ran(runFacts(inputs, taskDefinition, container, request))
  if (prepared.skipped) return reportSkipped(prepared.skipped, taskDefinition, summary)
  handOver(inputs, prepared, signal)

  // Waiting for the job's running task (if-running) is not starting: start-timeout resumes after.
  const startBudget = { clock, deadline: deadline + prepared.waitedMs, signal }
  const started = await start(inputs, ecs, prepared, startBudget)
  summary.tasksStarted(started.taskArns, started.logUrl)
  if (signal.aborted) {
    const sent = new Map<string, string>()
    const stopped = await stopOrKeep(ecs, inputs, started.taskArns, CANCELLED, sent)
    if (stopped) markSettled()
    publishEndOutputs({ taskArn: started.taskArns[0] }, container, sent)
    throw new Cancelled(cancelledMessage(inputs, started.taskArns.length, stopped))
  }
  if (!inputs.wait) {
    markSettled()
    const many = started.taskArns.length > 1
    core.info(`wait is false: the ${many ? 'tasks run' : 'task runs'} on without this step.`)
    return summary
      .write(leftRunningSummary(started.taskArns))
      .catch((error: unknown) => core.warning(`Could not write the job summary: ${String(error)}`))
  }

  // Loaded once a task runs, so the start path loads only what RunTask needs.
  const [{ follow }, { reportResult }] = await Promise.all([
    import('./follow.js'),
    import('../report/result.js')
  ])
  const containers = taskDefinition.containerDefinitions ?? []
  const options = { ecs, clock, inputs, started, containers, container, signal }
  const { outcome, stopped, tail, sent } = await follow(options)
  const { attempts, shortfall } = started
  const last = attempts.latest()
  if (outcome.kind === 'cancelled') {
    const first = outcome.tasks.find((t) => t.taskArn === last[0]?.taskArn)
    publishEndOutputs(first, primaryOfTask(first, { name: container, ...candidates }), sent)
    throw new Cancelled(cancelledMessage(inputs, last.length, stopped))
  }
  const timedOut =
    outcome.kind === 'timeout' ? timedOutFailure(inputs, last.length, stopped) : undefined

  await reportResult({
    ...attemptRows(attempts, outcome.tasks, inputs.maxAttempts),
    container,
    ...candidates,
    essential: new Set(containers.filter(isEssential).map((c) => c.name ?? '')),
    lastLines: (arn, name) => tail.last(arn, name),
    logUrl: started.logUrl,
    known: { ...(timedOut ? { timedOut } : {}), ...(shortfall ? { shortfall } : {}) },
    sentReasons: sent,
    summary
  })
}
