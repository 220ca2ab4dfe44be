import {
  DescribeTasksCommand,
  ListTasksCommand,
  type ECSClient,
  type Task
} from '@aws-sdk/client-ecs'
import { explainAccessDenied } from '../aws/errors.js'
import { retryTransient, type CallBudget } from '../aws/retry-transient.js'
import { taskId } from '../kit/links.js'
import { formatDuration } from '../kit/time.js'

/** DescribeTasks takes at most this many tasks a call. */
const DESCRIBE_BATCH = 100

/** Which tasks are the job's: ECS task group, in a cluster. */
export interface Job {
  cluster: string
  /** This step's group: `group`, or ECS's default `family:<family>`. */
  group: string
  family: string
}

/** The group ECS gives a task RunTask starts without one. */
export function defaultGroup(family: string): string {
  return `family:${family}`
}

/**
 * The job's tasks that are meant to run (desired status RUNNING; one already told to stop does
 * not count): ListTasks by family when the group is ECS's default for it (the only filter that
 * narrows to a group), else over the whole cluster, each page, then DescribeTasks for their
 * groups, so a service's tasks of the same family (group `service:<name>`) never count.
 */
export async function findJobTasks(ecs: ECSClient, job: Job, budget: CallBudget): Promise<Task[]> {
  const byFamily = job.group === defaultGroup(job.family)
  const arns: string[] = []
  let next: string | undefined
  do {
    const token = next
    const page = await call('ListTasks', job, budget, () =>
      ecs.send(
        new ListTasksCommand({
          cluster: job.cluster,
          desiredStatus: 'RUNNING',
          ...(byFamily ? { family: job.family } : {}),
          ...(token ? { nextToken: token } : {})
        })
      )
    )
    arns.push(...(page.taskArns ?? []))
    next = page.nextToken
  } while (next)
  const tasks = await describeJobTasks(ecs, job, arns, budget)
  return tasks.filter((t) => t.group === job.group && t.desiredStatus === 'RUNNING')
}

/** The tasks as DescribeTasks reports them now, in batches; a task it no longer knows is left out. */
export async function describeJobTasks(
  ecs: ECSClient,
  job: Pick<Job, 'cluster'>,
  arns: readonly string[],
  budget: CallBudget
): Promise<Task[]> {
  const tasks: Task[] = []
  for (let i = 0; i < arns.length; i += DESCRIBE_BATCH) {
    const batch = arns.slice(i, i + DESCRIBE_BATCH)
    const out = await call('DescribeTasks', job, budget, () =>
      ecs.send(new DescribeTasksCommand({ cluster: job.cluster, tasks: batch }))
    )
    tasks.push(...(out.tasks ?? []))
  }
  return tasks
}

async function call<T>(
  label: 'ListTasks' | 'DescribeTasks',
  job: Pick<Job, 'cluster'>,
  budget: CallBudget,
  send: () => Promise<T>
): Promise<T> {
  try {
    return await retryTransient(label, send, budget)
  } catch (error) {
    const denied = explainAccessDenied(error, `ecs:${label}`, `the tasks of cluster ${job.cluster}`)
    if (!denied) throw error
    // Inside the last sentence: 'role ("if-running" looks for …).', not a stray '. (…)'.
    const why = `("if-running" looks for the job's running tasks)`
    throw new Error(`${denied.replace(/\.$/, '')} ${why}.`, { cause: error })
  }
}

/** `3f2a… (RUNNING for 2 h 5 min, started by ecs-svc/…)`: what a reader needs to find it. */
export function jobTaskLabel(task: Task, now: number): string {
  const since = task.startedAt ?? task.createdAt
  const parts = [`${task.lastStatus ?? 'UNKNOWN'}`]
  if (since) parts[0] += ` for ${formatDuration(now - new Date(since).getTime())}`
  if (task.startedBy) parts.push(`started by ${task.startedBy}`)
  return `${taskId(task.taskArn ?? '')} (${parts.join(', ')})`
}
