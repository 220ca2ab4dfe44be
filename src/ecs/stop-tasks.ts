import { StopTaskCommand, type ECSClient } from '@aws-sdk/client-ecs'
import { errorMessage } from '../aws/errors.js'
import { taskId, runUrl } from '../kit/links.js'

/** After a cancel the runner sends SIGTERM this long after SIGINT, and kills 2.5 s later. */
export const RUNNER_GRACE_MS = 7_500

/**
 * How long each StopTask may take: in the main step well inside RUNNER_GRACE_MS; the post step
 * races no signal, so it gives a slow answer longer.
 */
export const STOP_TIMEOUT_MS = { main: 4_000, post: 10_000 } as const

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
  error?: string
}

/** Stops every task at once, each call bounded by `timeoutMs` (see STOP_TIMEOUT_MS). */
export async function stopTasks(
  ecs: ECSClient,
  cluster: string,
  taskArns: string[],
  reason: string,
  timeoutMs: number
): Promise<StopResult[]> {
  return Promise.all(
    taskArns.map(async (taskArn): Promise<StopResult> => {
      try {
        await ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason }), {
          abortSignal: AbortSignal.timeout(timeoutMs)
        })
        return { taskArn, ok: true }
      } catch (error) {
        return { taskArn, ok: false, error: `${taskId(taskArn)}: ${errorMessage(error)}` }
      }
    })
  )
}
