import { DescribeTasksCommand, type ECSClient, type Failure, type Task } from '@aws-sdk/client-ecs'
import { asAwsError, callFailedMessage, explainAccessDenied } from '../aws/errors.js'
import { taskId } from '../kit/links.js'
import { clause, joinSentences } from '../kit/sentences.js'
import { DescribePacing } from './describe-pacing.js'

/** DescribeTasks takes at most this many tasks a call. */
export const DESCRIBE_TASKS_MAX = 100

export interface Described {
  tasks: Task[]
  failures: Failure[]
}

/**
 * One look at `taskArns`: a DescribeTasks call per 100 tasks, made together, so a poll of 1,000
 * running shards is 10 calls and a poll of one task is one. Errors are thrown as the SDK raised
 * them (the caller waits out the transient ones); a cancel aborts the calls in flight.
 */
export async function describeTasks(
  ecs: ECSClient,
  cluster: string,
  taskArns: readonly string[],
  signal?: AbortSignal
): Promise<Described> {
  const chunks: string[][] = []
  for (let i = 0; i < taskArns.length; i += DESCRIBE_TASKS_MAX) {
    chunks.push(taskArns.slice(i, i + DESCRIBE_TASKS_MAX))
  }
  const answers = await Promise.all(
    chunks.map((tasks) =>
      ecs.send(new DescribeTasksCommand({ cluster, tasks }), signal ? { abortSignal: signal } : {})
    )
  )
  return {
    tasks: answers.flatMap((a) => a.tasks ?? []),
    failures: answers.flatMap((a) => a.failures ?? [])
  }
}

/** A task DescribeTasks still does not know DescribePacing.MISSING_LIMIT_MS after RunTask. */
export function lostTask(
  arn: string,
  failure: { reason?: string | undefined; detail?: string | undefined },
  where: { cluster: string; region: string }
): Error {
  return new Error(
    joinSentences(
      `Task ${taskId(arn)} is still not known to DescribeTasks (${failure.reason ?? 'MISSING'}` +
        `${failure.detail ? `: ${clause(failure.detail)}` : ''}) ${DescribePacing.MISSING_LIMIT_MS / 1000} s ` +
        `after it was started in cluster "${where.cluster}" (${where.region})`,
      'Look for it in the ECS console, then run the workflow again'
    )
  )
}

/** A DescribeTasks error that waiting cannot outlast, said with what to check. */
export function waitingFailure(error: unknown, where: { cluster: string; region: string }): Error {
  const denied = explainAccessDenied(error, 'ecs:DescribeTasks', `cluster ${where.cluster}`)
  if (denied) return new Error(denied, { cause: error })
  if (asAwsError(error).name === 'ClusterNotFoundException') {
    const gone = `Cluster "${where.cluster}" was not found in ${where.region}`
    return new Error(joinSentences(gone, 'Check the "cluster" input and the region'), {
      cause: error
    })
  }
  const failed = callFailedMessage(error, 'DescribeTasks')
  return new Error(joinSentences(failed, "Check the workflow's AWS role and the region"), {
    cause: error
  })
}
