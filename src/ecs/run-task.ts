import {
  RunTaskCommand,
  type ECSClient,
  type RunTaskCommandInput,
  type Task
} from '@aws-sdk/client-ecs'
import type { Clock } from '../clock.js'
import {
  Cancelled,
  describeRunTaskError,
  errorMessage,
  runTaskRetryReason,
  type RunTaskContext
} from '../aws/errors.js'
import { retry } from '../aws/retry.js'

export interface StartOptions {
  clock: Clock
  startTimeoutMs: number
  context: RunTaskContext
  log(message: string): void
  /** Cancellation stops further attempts; a call in flight is let finish so its tasks are known. */
  signal?: AbortSignal
}

/**
 * Calls RunTask until ECS accepts it or `start-timeout` runs out. Every attempt sends the
 * same request with the same client token, so an attempt whose answer was lost gets the
 * same tasks back from ECS instead of starting new ones.
 */
export async function startTasks(
  ecs: ECSClient,
  request: RunTaskCommandInput,
  options: StartOptions
): Promise<Task[]> {
  if (!request.clientToken) throw new Error('RunTask needs a client token')
  let response
  try {
    response = await retry(() => ecs.send(new RunTaskCommand(request)), {
      clock: options.clock,
      deadline: options.clock.now() + options.startTimeoutMs,
      retryReason: runTaskRetryReason,
      label: 'RunTask',
      log: options.log,
      ...(options.signal ? { signal: options.signal } : {})
    })
  } catch (error) {
    if (options.signal?.aborted) {
      // retry() gave up because of the cancel, not because start-timeout ran out.
      throw new Cancelled(
        `The workflow was cancelled before RunTask succeeded (last error: ${errorMessage(error)}).`,
        {
          cause: error
        }
      )
    }
    throw new Error(describeRunTaskError(error, options.context), { cause: error })
  }
  const tasks = response.tasks ?? []
  const failures = response.failures ?? []
  if (tasks.length === 0) {
    const detail = failures.length
      ? failures
          .map(
            (f) =>
              `${f.arn ?? '(no arn)'}: ${f.reason ?? 'unknown reason'}${f.detail ? ` (${f.detail})` : ''}`
          )
          .join('; ')
      : 'ECS returned neither tasks nor failures'
    throw new Error(`ECS could not place the task: ${detail}`)
  }
  if (failures.length > 0) {
    options.log(
      `ECS placed ${tasks.length} of ${request.count ?? 1} tasks; failures: ` +
        failures.map((f) => `${f.arn ?? ''} ${f.reason ?? ''} ${f.detail ?? ''}`.trim()).join('; ')
    )
  }
  return tasks
}
