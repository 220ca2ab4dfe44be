// What the step says and outputs as soon as tasks are started.

import * as core from '@actions/core'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { Attempt, Attempts } from './attempts.js'
import { Outputs } from '../kit/outputs.js'
import type { Inputs } from '../inputs/inputs.js'
import { logConsoleUrl, logTargets, type LogUrl } from '../logs/targets.js'
import { taskConsoleUrl, taskId } from '../kit/links.js'

/** The console link of a container's log stream in a task, when it uses awslogs. */
export function logUrls(taskDefinition: TaskDefinition, region: string): LogUrl {
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
export function publishTasks(attempts: Attempts, container: string, logUrl: LogUrl): void {
  const taskArns = attempts.latest().map((a) => a.taskArn)
  const first = taskArns[0] ?? ''
  core.setOutput(Outputs.taskArn, first)
  core.setOutput(Outputs.taskArns, JSON.stringify(taskArns))
  core.setOutput(Outputs.taskId, taskId(first))
  core.setOutput(Outputs.logUrl, logUrl(first, container) ?? '')
  core.setOutput(Outputs.attempts, String(attempts.highest))
}

/**
 * The log lines (and the notice with the main log's link) for tasks just started. A task in
 * `earlier` was returned for the client token but created before this call: an earlier run of
 * the step started it, and the step follows it instead of starting another.
 */
export function announceStart(
  inputs: Inputs,
  container: string,
  logUrl: LogUrl,
  started: readonly Attempt[],
  earlier: ReadonlySet<string> = new Set()
): void {
  for (const { taskArn, number, slot } of started) {
    const which = number > 1 ? ` (attempt ${number} of ${inputs.maxAttempts})` : ''
    const url = taskConsoleUrl(inputs.region, inputs.cluster, taskArn)
    core.info(
      earlier.has(taskArn)
        ? `Task ${taskId(taskArn)}${which} was already started by this step (ECS returned it for ` +
            `the same client token, ${inputs.clientToken}, created before this run's RunTask): ` +
            `following it, no new task started: ${url}`
        : `Started task ${taskId(taskArn)}${which}: ${url}`
    )
    const mainLog = slot === 1 ? logUrl(taskArn, container) : undefined
    if (mainLog) core.notice(`Logs of ${container}: ${mainLog}`, { title: 'Task logs' })
  }
}
