import { StopTaskCommand, type ECSClient } from '@aws-sdk/client-ecs'
import { classifyAwsError, errorMessage } from '../aws/errors.js'
import type { Clock } from '../kit/clock.js'
import { runUrl, taskId } from '../kit/links.js'

/** After a cancel the runner sends SIGTERM this long after SIGINT, and kills 2.5 s later. */
export const RUNNER_GRACE_MS = 7_500

/**
 * How long each StopTask may take, and how long stopping may take in all: in the main step well
 * inside RUNNER_GRACE_MS (SIGTERM comes 7.5 s after SIGINT, the kill 2.5 s later); the post step
 * races no signal, so it gives a slow answer and many tasks longer.
 */
export const STOP_TIMEOUT_MS = { main: 4_000, post: 10_000 } as const
export const STOP_BUDGET_MS = { main: 6_000, post: 60_000 } as const

/**
 * StopTask's pace: at most PER_SECOND calls started a second and IN_FLIGHT unanswered, so a
 * thousand shards are stopped in a steady stream that ECS's throttling lets through; a call
 * throttled anyway is asked again once the others had their turn, while the budget lasts.
 */
export const StopPace = { PER_SECOND: 40, IN_FLIGHT: 20 } as const

/** StopTask's reason is at most 255 characters. */
const MAX_REASON = 255

/** How every reason the action sends begins, so that its own stops can be told from others'. */
const REASON_PREFIX = 'ecs-run-task: '

export function isOwnStopReason(reason: string | undefined): boolean {
  return reason?.startsWith(REASON_PREFIX) ?? false
}

export function stopReason(why: string, env: NodeJS.ProcessEnv = process.env): string {
  const run = runUrl(env)
  const head = REASON_PREFIX
  const tail = run ? ` (workflow run ${run})` : ''
  // Shorten the explanation rather than the link, so the reason always leads to the run.
  const room = Math.max(0, MAX_REASON - head.length - tail.length)
  const reason = head + (why.length > room ? why.slice(0, room) : why) + tail
  return reason.length > MAX_REASON ? reason.slice(0, MAX_REASON) : reason
}

export interface StopResult {
  taskArn: string
  ok: boolean
  /** The reason sent, when StopTask succeeded: the task's `stopped-reason` until ECS reports it. */
  reason?: string
  error?: string
}

export interface StopOptions {
  clock: Clock
  /** Each call's own limit (STOP_TIMEOUT_MS). */
  timeoutMs: number
  /** No call starts after this clock time (STOP_BUDGET_MS from the start of stopping). */
  deadline: number
}

/**
 * Stops every task at StopPace, asking again after throttling, server or network errors while
 * the deadline allows; one result per task, in the order given, never throwing.
 */
export async function stopTasks(
  ecs: ECSClient,
  cluster: string,
  taskArns: readonly string[],
  reason: string,
  options: StopOptions
): Promise<StopResult[]> {
  const { clock } = options
  const results = new Map<string, StopResult>()
  const queue = [...taskArns]
  const spacing = 1000 / StopPace.PER_SECOND
  let nextAt = clock.now()
  const worker = async (): Promise<void> => {
    for (let taskArn = queue.shift(); taskArn !== undefined; taskArn = queue.shift()) {
      const wait = nextAt - clock.now()
      nextAt = Math.max(nextAt, clock.now()) + spacing
      if (wait > 0) await clock.sleep(wait)
      try {
        await ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason }), {
          abortSignal: AbortSignal.timeout(options.timeoutMs)
        })
        results.set(taskArn, { taskArn, ok: true, reason })
      } catch (error) {
        const failed = { taskArn, ok: false, error: `${taskId(taskArn)}: ${errorMessage(error)}` }
        results.set(taskArn, failed)
        // Throttled or refused by a busy server: asked again; a hang-up is left to the post step.
        const { kind } = classifyAwsError(error)
        if ((kind === 'throttled' || kind === 'server') && clock.now() < options.deadline) {
          queue.push(taskArn)
        }
      }
      if (clock.now() >= options.deadline) return
    }
  }
  const workers = Math.min(StopPace.IN_FLIGHT, taskArns.length)
  await Promise.all(Array.from({ length: workers }, worker))
  return taskArns.map(
    (taskArn) =>
      results.get(taskArn) ?? {
        taskArn,
        ok: false,
        error: `${taskId(taskArn)}: not sent before the time to stop ran out`
      }
  )
}
