import * as core from '@actions/core'
import { createEcsClient } from '../aws/clients.js'
import { State } from '../kit/state-keys.js'
import { errorMessage } from '../aws/errors.js'
import { sentence } from '../kit/sentences.js'
import { taskId } from '../kit/links.js'
import { STOP_TIMEOUT_MS } from '../ecs/stop-tasks.js'
import { stopAndSay } from './stop.js'

/**
 * The post step: if the main step was killed before it could stop its tasks, stop every
 * task still recorded in the state. It only warns: cleanup never fails the job.
 */
export async function cleanup(): Promise<void> {
  try {
    const taskArns = JSON.parse(core.getState(State.taskArns) || '[]') as string[]
    if (taskArns.length === 0 || core.getState(State.settled) === 'true') return
    if (core.getState(State.stopOnCancel) === 'false') {
      core.info(`stop-on-cancel is false: leaving ${taskArns.map(taskId).join(', ')} running.`)
      return
    }
    const region = core.getState(State.region)
    const cluster = core.getState(State.cluster)
    const reason = core.getState(State.stopReason) || 'ecs-run-task: the workflow step ended'
    core.info(
      `The main step ended before its tasks stopped; stopping ${taskArns.map(taskId).join(', ')}.`
    )
    await stopAndSay(createEcsClient(region), {
      cluster,
      taskArns,
      reason,
      timeoutMs: STOP_TIMEOUT_MS.post,
      otherwise: 'stop it in the ECS console'
    })
  } catch (error) {
    core.warning(`Cleanup failed: ${sentence(errorMessage(error))}`)
  }
}
