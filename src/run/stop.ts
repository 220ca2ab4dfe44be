// The one stop of main and post steps: StopTask for every task at a pace ECS lets through, said
// in the log, returning what was sent to each task (their `stopped-reason` until ECS reports it).

import * as core from '@actions/core'
import type { ECSClient, Task } from '@aws-sdk/client-ecs'
import {
  STOP_BUDGET_MS,
  STOP_TIMEOUT_MS,
  stopReason,
  stopTasks,
  type StopResult
} from '../ecs/stop-tasks.js'
import type { Inputs } from '../inputs/inputs.js'
import type { Clock } from '../kit/clock.js'
import { taskId } from '../kit/links.js'
import { clause } from '../kit/sentences.js'

export const CANCELLED = 'the workflow was cancelled'

/** Past this many tasks the log says the stops in one line rather than one line each. */
const STOP_LINES = 10

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
  clock: Clock
  /** Which of STOP_TIMEOUT_MS and STOP_BUDGET_MS apply. */
  step: 'main' | 'post'
  /** Why, after 'Stopped task abc' in the log; none in the post step. */
  why?: string
  /** What happens to a task StopTask failed for, after 'Could not stop task …;'. */
  otherwise: string
  /** Said after the task's id, by task ARN: `(shard 3)`. */
  labels?: ReadonlyMap<string, string>
}

/** StopTask for every task, said in the log; one result per task, with the reason sent. */
export async function stopAndSay(ecs: ECSClient, order: StopOrder): Promise<StopResult[]> {
  const { cluster, reason, why, clock, step } = order
  const results = await stopTasks(ecs, cluster, order.taskArns, reason, {
    clock,
    timeoutMs: STOP_TIMEOUT_MS[step],
    deadline: clock.now() + STOP_BUDGET_MS[step]
  })
  const stopped = results.filter((r) => r.ok)
  const failed = results.filter((r) => !r.ok)
  const because = why ? `: ${why}` : ''
  if (results.length <= STOP_LINES) {
    for (const r of stopped) {
      const label = order.labels?.get(r.taskArn)
      core.info(`Stopped task ${taskId(r.taskArn)}${label ? ` ${label}` : ''}${because}.`)
    }
    for (const r of failed) {
      core.warning(`Could not stop task ${clause(r.error ?? '')}; ${order.otherwise}.`)
    }
    return results
  }
  if (stopped.length > 0) core.info(`Stopped ${stopped.length} tasks${because}.`)
  if (failed.length > 0) {
    const shown = failed.slice(0, STOP_LINES).map((r) => clause(r.error ?? ''))
    const more = failed.length > STOP_LINES ? ` and ${failed.length - STOP_LINES} more` : ''
    core.warning(
      `Could not stop ${failed.length} tasks (${shown.join('; ')}${more}); ${order.otherwise}.`
    )
  }
  return results
}

/** Stops tasks from the main step, with a reason naming the run and `why`. */
export function stopFromMain(
  ecs: ECSClient,
  inputs: Pick<Inputs, 'cluster'>,
  clock: Clock,
  taskArns: readonly string[],
  why: string,
  labels?: ReadonlyMap<string, string>
): Promise<StopResult[]> {
  if (taskArns.length === 0) return Promise.resolve([])
  return stopAndSay(ecs, {
    ...(labels ? { labels } : {}),
    cluster: inputs.cluster,
    taskArns,
    reason: stopReason(why),
    clock,
    step: 'main',
    why,
    otherwise: 'the post step will try again'
  })
}

/** On cancel: stop the tasks, or with stop-on-cancel false say they keep running. */
export async function stopOrKeep(
  ecs: ECSClient,
  inputs: Pick<Inputs, 'cluster' | 'stopOnCancel'>,
  clock: Clock,
  taskArns: readonly string[],
  labels?: ReadonlyMap<string, string>
): Promise<StopResult[]> {
  if (taskArns.length === 0) return []
  if (inputs.stopOnCancel) return stopFromMain(ecs, inputs, clock, taskArns, CANCELLED, labels)
  const many = taskArns.length > 1
  core.warning(
    `stop-on-cancel is false: ${taskArns.map(taskId).join(', ')} ${many ? 'keep' : 'keeps'} ` +
      `running; stop ${many ? 'them' : 'it'} in the ECS console if ${many ? 'they' : 'it'} should not.`
  )
  return []
}
