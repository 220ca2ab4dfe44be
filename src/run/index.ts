// One run of the main step, top to bottom. Each stage is a file of this folder and returns what
// the next one needs: inputs → prepare → (dry run) → hand over → job → finish.

import * as core from '@actions/core'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { stopReason } from '../ecs/stop-tasks.js'
import { taskDefinitionLabel } from '../ecs/task-definition.js'
import { getInputs } from '../inputs/get-inputs.js'
import type { Clock } from '../kit/clock.js'
import { Cancelled } from '../kit/failures.js'
import { notStartedBeforeCancel } from '../report/run-failures.js'
import { runFacts, StepSummary } from '../report/summary.js'
import { beforeStart } from './before-start.js'
import { Outputs } from '../kit/outputs.js'
import { finish, logUrls, publishBeforeStart, StartAnnouncer, StepOutputs } from './finish.js'
import { Job } from './job.js'
import { prepareTask } from './prepare.js'
import { applySchedule } from './schedule.js'
import { saveRunState, TaskRecord } from './state.js'
import { CANCELLED } from './stop.js'

export interface Dependencies {
  clock: Clock
  ecsClient(region: string): ECSClient
}

/**
 * Validate, start, follow, judge, in order (docs/behaviour.md). `summary` learns what ran as the
 * step goes, so that a failure at any stage can still write it; every end of the job goes to
 * finish().
 */
export async function runTask(
  deps: Dependencies,
  signal: AbortSignal,
  summary: StepSummary = new StepSummary()
): Promise<void> {
  const { clock } = deps
  // Set from the start, so `fromJSON()` of it works in a later step whatever happens here.
  const outputs = new StepOutputs()
  outputs.set(Outputs.taskOutputs, '{}')
  outputs.set(Outputs.skipped, 'false')
  const given = getInputs()
  const ecs = deps.ecsClient(given.region)
  // start-timeout covers preparation and the first RunTask together: one deadline from the start.
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
    return reportDryRun(prepared.plan, inputs, outputs, [...notes, ...ifRunning])
  }
  const { taskDefinition, container, request } = prepared
  const candidates = prepared.candidates ? { candidates: prepared.candidates } : {}
  // Outside the collapsed group: which container runs the command is what a reader checks first.
  core.info(`Primary container: ${container} (${prepared.containerWhy}).`)
  summary.ran(runFacts(inputs, taskDefinition, container, request))
  const logUrl = logUrls(taskDefinition, inputs.region)
  const facts = { outputs, inputs, taskDefinition, container, logUrl, ...candidates }
  if (prepared.skipped) {
    return finish({ kind: 'skipped', message: prepared.skipped.message }, { ...facts, summary })
  }

  // Before RunTask, so the post step can stop every task if the main step is killed.
  publishBeforeStart(outputs, taskDefinition.taskDefinitionArn ?? '')
  saveRunState({ ...inputs, stopReason: stopReason(CANCELLED) })
  if (signal.aborted) throw new Cancelled(notStartedBeforeCancel())

  const announcer = new StartAnnouncer(facts, () => clock.now())
  const job = new Job({
    ecs,
    clock,
    inputs,
    taskDefinition,
    container,
    ...candidates,
    request,
    context: {
      cluster: inputs.cluster,
      region: inputs.region,
      taskDefinition: taskDefinitionLabel(taskDefinition),
      clientToken: inputs.clientToken,
      launchChosen: Boolean(request.launchType || request.capacityProviderStrategy?.length),
      ...(request.platformVersion ? { platformVersion: request.platformVersion } : {}),
      ...(request.launchType ? { launchType: request.launchType } : {})
    },
    signal,
    // Waiting for the job's running task (if-running) is not starting: start-timeout resumes after.
    startDeadline: deadline + prepared.waitedMs,
    record: new TaskRecord(),
    announce: (started, j) => {
      announcer.announce(started, j)
      summary.tasksStarted(j.taskArns(), logUrl)
    }
  })
  const end = await beforeStart(inputs.region, () => job.run())
  await finish({ kind: end.kind, job: end }, { ...facts, summary })
}
