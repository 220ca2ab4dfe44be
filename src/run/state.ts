// Everything the main step hands to the post step, written and read here only (the runner keeps
// it as STATE_<key>): the cluster and region, what to say when stopping, the tasks started, and
// whether the main step settled them itself.

import * as core from '@actions/core'
import { State } from '../kit/state-keys.js'
import { taskId } from '../kit/links.js'

/** Ids a state key holds: a start rewrites one key of this many, never the whole list. */
export const TASK_IDS_PER_KEY = 25

export interface RunState {
  cluster: string
  region: string
  stopOnCancel: boolean
  /** StopTask's reason, naming the workflow run. */
  stopReason: string
}

/** Saved before RunTask, so the post step knows where to stop whatever gets started. */
export function saveRunState(state: RunState): void {
  core.saveState(State.cluster, state.cluster)
  core.saveState(State.region, state.region)
  core.saveState(State.stopOnCancel, String(state.stopOnCancel))
  core.saveState(State.stopReason, state.stopReason)
}

/** The tasks started so far, in the order they started: each one saved as soon as it is known. */
export class TaskRecord {
  private readonly ids: string[] = []

  add(taskArns: readonly string[]): void {
    if (taskArns.length === 0) return
    const first = Math.floor(this.ids.length / TASK_IDS_PER_KEY)
    this.ids.push(...taskArns.map(taskId))
    const last = Math.floor((this.ids.length - 1) / TASK_IDS_PER_KEY)
    for (let key = first; key <= last; key++) {
      const ids = this.ids.slice(key * TASK_IDS_PER_KEY, (key + 1) * TASK_IDS_PER_KEY)
      core.saveState(`${State.taskIds}-${key}`, ids.join(','))
    }
  }
}

/** The main step left nothing for the post step to stop. */
export function markSettled(): void {
  core.saveState(State.settled, 'true')
}

export interface SavedRun extends RunState {
  /** The ids of every task started (StopTask takes an id with the cluster). */
  taskIds: string[]
  settled: boolean
}

/** What the main step saved, read by the post step. */
export function readRunState(): SavedRun {
  const taskIds: string[] = []
  for (let key = 0; ; key++) {
    const ids = core.getState(`${State.taskIds}-${key}`)
    if (ids === '') break
    taskIds.push(...ids.split(','))
  }
  return {
    cluster: core.getState(State.cluster),
    region: core.getState(State.region),
    stopOnCancel: core.getState(State.stopOnCancel) !== 'false',
    stopReason: core.getState(State.stopReason) || 'ecs-run-task: the workflow step ended',
    taskIds,
    settled: core.getState(State.settled) === 'true'
  }
}
