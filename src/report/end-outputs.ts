// The `exit-code` and `stopped-reason` outputs, at whatever end the step comes to. Light: the
// start path (a cancel right after RunTask) sets them too.

import * as core from '@actions/core'
import type { Task } from '@aws-sdk/client-ecs'
import { Outputs } from '../kit/outputs.js'

/**
 * The reason the action's own StopTask sent, by task ARN: ECS reports it as the task's
 * stoppedReason only once the task stopped, so the `stopped-reason` output takes it from here.
 */
export type SentReasons = ReadonlyMap<string, string>

/**
 * The `exit-code` and `stopped-reason` outputs of the first task, at whatever end: its primary
 * container's exit code when known (it may have exited before a wait-timeout stop); ECS's
 * stoppedReason, or for a task the action stopped itself the reason it sent (ECS reports it only
 * once the task stopped, after the step is gone).
 */
export function publishEndOutputs(
  first: Task | undefined,
  container: string,
  sentReasons?: SentReasons
): void {
  const main = first?.containers?.find((c) => c.name === container)
  core.setOutput(Outputs.exitCode, main?.exitCode ?? '')
  const sent = first?.taskArn === undefined ? undefined : sentReasons?.get(first.taskArn)
  core.setOutput(Outputs.stoppedReason, sent ?? first?.stoppedReason ?? '')
}
