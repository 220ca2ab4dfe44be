// Stopping the step's tasks on cancel, wait-timeout or a failure, and telling the post step.

import * as core from '@actions/core'
import type { ECSClient, Task } from '@aws-sdk/client-ecs'
import { State } from '../kit/state-keys.js'
import { stopReason, stopTasks, STOP_TIMEOUT_MS } from '../ecs/stop-tasks.js'
import type { Inputs } from '../inputs/inputs.js'
import { taskId } from '../kit/links.js'
import { clause } from '../kit/sentences.js'

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

export interface StopOrder {
  cluster: string
  taskArns: readonly string[]
  /** StopTask's reason. */
  reason: string
  timeoutMs: number
  /** Why, after 'Stopped task abc' in the log; none in the post step. */
  why?: string
  /** What happens to a task StopTask failed for, after 'Could not stop task …;'. */
  otherwise: string
  /** Learns the reason sent to each task stopped (the `stopped-reason` output of those). */
  sent?: Map<string, string>
}

/** The one stop of main and post steps: StopTask for every task, one line each; true when all stopped. */
export async function stopAndSay(ecs: ECSClient, order: StopOrder): Promise<boolean> {
  const { cluster, reason, timeoutMs, why } = order
  const results = await stopTasks(ecs, cluster, [...order.taskArns], reason, timeoutMs)
  for (const r of results) {
    if (r.ok) order.sent?.set(r.taskArn, reason)
    if (r.ok) core.info(`Stopped task ${taskId(r.taskArn)}${why ? `: ${why}` : ''}.`)
    else core.warning(`Could not stop task ${clause(r.error ?? '')}; ${order.otherwise}.`)
  }
  return results.every((r) => r.ok)
}

/**
 * Stops every task from the main step; true when all StopTask calls succeeded. `sent` learns the
 * reason sent to each task stopped.
 */
export function stopAll(
  ecs: ECSClient,
  inputs: Inputs,
  taskArns: readonly string[],
  why: string,
  sent?: Map<string, string>
): Promise<boolean> {
  return stopAndSay(ecs, {
    cluster: inputs.cluster,
    taskArns,
    reason: stopReason(why),
    timeoutMs: STOP_TIMEOUT_MS.main,
    why,
    otherwise: 'the post step will try again',
    ...(sent ? { sent } : {})
  })
}

/** On cancel: stop the tasks, or with stop-on-cancel false say they keep running. */
export async function stopOrKeep(
  ecs: ECSClient,
  inputs: Inputs,
  taskArns: readonly string[],
  why: string,
  sent?: Map<string, string>
): Promise<boolean> {
  if (taskArns.length === 0) return true
  if (inputs.stopOnCancel) return stopAll(ecs, inputs, taskArns, why, sent)
  const many = taskArns.length > 1
  core.warning(
    `stop-on-cancel is false: ${taskArns.map(taskId).join(', ')} ${many ? 'keep' : 'keeps'} ` +
      `running; stop ${many ? 'them' : 'it'} in the ECS console if ${many ? 'they' : 'it'} should not.`
  )
  return true
}
