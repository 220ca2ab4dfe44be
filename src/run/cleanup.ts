import * as core from '@actions/core'
import { createEcsClient } from '../aws/clients.js'
import { errorMessage } from '../aws/errors.js'
import { systemClock, type Clock } from '../kit/clock.js'
import { sentence } from '../kit/sentences.js'
import { readRunState } from './state.js'
import { stopAndSay } from './stop.js'

/** How many ids the post step's lines name before saying how many more. */
const NAMED = 10

/**
 * The post step: if the main step was killed before it could stop its tasks, stop every
 * task still recorded in the state (StopTask takes an id with the cluster; a task already
 * stopped is stopped again harmlessly). It only warns: cleanup never fails the job.
 */
export async function cleanup(clock: Clock = systemClock): Promise<void> {
  try {
    const saved = readRunState()
    const { taskIds } = saved
    if (taskIds.length === 0 || saved.settled) return
    const named =
      taskIds.slice(0, NAMED).join(', ') +
      (taskIds.length > NAMED ? ` and ${taskIds.length - NAMED} more` : '')
    if (!saved.stopOnCancel) {
      core.info(`stop-on-cancel is false: leaving ${named} running.`)
      return
    }
    core.info(`The main step ended before its tasks stopped; stopping ${named}.`)
    await stopAndSay(createEcsClient(saved.region), {
      cluster: saved.cluster,
      taskArns: taskIds,
      reason: saved.stopReason,
      clock,
      step: 'post',
      otherwise: 'stop it in the ECS console'
    })
  } catch (error) {
    core.warning(`Cleanup failed: ${sentence(errorMessage(error))}`)
  }
}
