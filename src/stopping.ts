// Stopping the step's tasks on cancel, wait-timeout or a failure, and telling the post step.

import * as core from '@actions/core'
import type { ECSClient, Task } from '@aws-sdk/client-ecs'
import { State } from './constants.js'
import { stopReason, stopTasks } from './ecs/stop-tasks.js'
import type { Inputs } from './inputs/inputs.js'
import { taskId } from './report/links.js'
import { clause, joinSentences } from './report/sentences.js'

/** StopTask must be done well inside the runner's 7.5 s between SIGINT and SIGTERM. */
const STOP_TIMEOUT_MS = 4000

export const CANCELLED = 'the workflow was cancelled'

/** Tells the post step that nothing is left for it to stop. */
export function markSettled(): void {
  core.saveState(State.settled, 'true')
}

/** The tasks not seen STOPPED (a task started while the wait ended was never seen at all). */
export function stillRunning(taskArns: readonly string[], seen: readonly Task[]): string[] {
  const stopped = new Set(seen.filter((t) => t.lastStatus === 'STOPPED').map((t) => t.taskArn))
  return taskArns.filter((arn) => !stopped.has(arn))
}

/**
 * The reason the action's own StopTask sent, by task ARN: ECS reports it as the task's
 * stoppedReason only once the task stopped, so the `stopped-reason` output takes it from here.
 */
export type SentReasons = Map<string, string>

/** Stops every task; true when all StopTask calls succeeded. `sent` learns each reason sent. */
export async function stopAll(
  ecs: ECSClient,
  inputs: Inputs,
  taskArns: string[],
  why: string,
  sent?: SentReasons
): Promise<boolean> {
  const reason = stopReason(why)
  const results = await stopTasks(ecs, inputs.cluster, taskArns, reason, STOP_TIMEOUT_MS)
  for (const r of results) {
    if (r.ok) {
      sent?.set(r.taskArn, reason)
      core.info(`Stopped task ${taskId(r.taskArn)}: ${why}.`)
    } else {
      core.warning(`Could not stop task ${clause(r.error ?? '')}; the post step will try again.`)
    }
  }
  return results.every((r) => r.ok)
}

/** On cancel: stop the tasks, or with stop-on-cancel false say they keep running. */
export async function stopOrKeep(
  ecs: ECSClient,
  inputs: Inputs,
  taskArns: string[],
  why: string,
  sent?: SentReasons
): Promise<boolean> {
  if (taskArns.length === 0) return true
  if (inputs.stopOnCancel) return stopAll(ecs, inputs, taskArns, why, sent)
  core.warning(
    `stop-on-cancel is false: ${taskArns.map(taskId).join(', ')} keep running; ` +
      `stop them in the ECS console if they should not.`
  )
  return true
}

/** A cancel's message: what became of the tasks, then what to do. */
export function cancelledMessage(inputs: Inputs, count: number, stopped: boolean): string {
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
