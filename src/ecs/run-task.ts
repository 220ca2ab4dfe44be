import {
  RunTaskCommand,
  type ECSClient,
  type Failure,
  type RunTaskCommandInput,
  type Task
} from '@aws-sdk/client-ecs'
import type { Clock } from '../kit/clock.js'
import { asAwsError, errorMessage, transientReason } from '../aws/errors.js'
import { keptFailing, retryTransient } from '../aws/retry-transient.js'
import { Cancelled } from '../kit/failures.js'
import { clause, joinSentences } from '../kit/sentences.js'
import { clusterNotFound } from './cluster.js'

export interface StartOptions {
  clock: Clock
  startTimeoutMs: number
  context: RunTaskContext
  log(message: string): void
  /** Cancellation stops further retries; a call in flight is let finish so its tasks are known. */
  signal?: AbortSignal
  /** Runs each call (retries too) at the client-side pace of RunTask: many shards share it. */
  paced?: <T>(call: () => Promise<T>) => Promise<T>
}

/**
 * Calls RunTask until ECS accepts it or `start-timeout` runs out. Every retry sends the
 * same request with the same client token, so a call whose answer was lost gets the
 * same tasks back from ECS instead of starting new ones.
 */
export async function startTasks(
  ecs: ECSClient,
  request: RunTaskCommandInput,
  options: StartOptions
): Promise<Task[]> {
  return (await placeTasks(ecs, request, options)).tasks
}

/** RunTask's answer once it started at least one task: the tasks, and its `failures`. */
export interface Placed {
  tasks: Task[]
  failures: Failure[]
}

/** startTasks, with the failures RunTask answered beside the tasks it started. */
export async function placeTasks(
  ecs: ECSClient,
  request: RunTaskCommandInput,
  options: StartOptions
): Promise<Placed> {
  if (!request.clientToken) throw new Error('RunTask needs a client token')
  const budget = {
    clock: options.clock,
    deadline: options.clock.now() + options.startTimeoutMs,
    log: options.log,
    ...(options.signal ? { signal: options.signal } : {})
  }
  let response
  try {
    response = await retryTransient(
      'RunTask',
      () => {
        const call = () => ecs.send(new RunTaskCommand(request))
        return options.paced ? options.paced(call) : call()
      },
      budget,
      runTaskRetryReason
    )
  } catch (error) {
    if (error instanceof Cancelled) throw error
    throw new Error(explainRunTaskError(error, options.context), { cause: error })
  }
  const tasks = response.tasks ?? []
  const failures = response.failures ?? []
  if (tasks.length === 0) {
    const detail = failures.length
      ? failures
          .map(
            (f) =>
              `${f.arn ?? '(no arn)'}: ${f.reason ?? 'unknown reason'}${f.detail ? ` (${clause(f.detail)})` : ''}`
          )
          .join('; ')
      : 'ECS returned neither tasks nor failures'
    throw new Error(
      joinSentences(
        `ECS could not place the task: ${detail}`,
        placementAdvice(
          failures.map((f) => f.reason ?? ''),
          options.context.cluster
        )
      )
    )
  }
  if (failures.length > 0) {
    options.log(
      `ECS placed ${tasks.length} of ${request.count ?? 1} tasks; failures: ` +
        failures.map((f) => `${f.arn ?? ''} ${f.reason ?? ''} ${f.detail ?? ''}`.trim()).join('; ')
    )
  } else if (tasks.length < (request.count ?? 1)) {
    options.log(
      `ECS placed ${tasks.length} of ${request.count ?? 1} tasks and answered no failures`
    )
  }
  return { tasks, failures }
}

/** What to change for the reasons ECS gave for not placing a task (RunTask's failures[]). */
export function placementAdvice(reasons: string[], cluster: string): string {
  if (reasons.some((r) => r.startsWith('RESOURCE:'))) {
    return `Add capacity to cluster "${cluster}" or lower the task's cpu and memory`
  }
  if (reasons.includes('ATTRIBUTE')) {
    return `Check "placement-constraints" and the attributes the task definition requires`
  }
  if (reasons.includes('AGENT')) {
    return `Check that the ECS agent runs and is connected on the instances of cluster "${cluster}"`
  }
  return `Check the capacity of cluster "${cluster}", "launch-type" and "capacity-provider-strategy"`
}

/**
 * RunTask is also retried while the cluster lacks capacity: under managed scaling ECS
 * answers ClientException for the quota of tasks in PROVISIONING, which clears as
 * instances come up.
 */
export function runTaskRetryReason(error: unknown): string | undefined {
  const e = asAwsError(error)
  if (e.name === 'ClientException' && /provisioning|capacity/i.test(e.message ?? '')) {
    return `no capacity yet (${clause(e.message ?? '')})`
  }
  return transientReason(error)
}

export interface RunTaskContext {
  cluster: string
  region: string
  taskDefinition: string
  clientToken: string
  platformVersion?: string
  launchType?: string
  /** The request names a launch type or a capacity provider strategy (from inputs or service). */
  launchChosen?: boolean
}

/** A RunTask error as the user should read it: what happened, then what to change. */
export function explainRunTaskError(error: unknown, ctx: RunTaskContext): string {
  const e = asAwsError(error)
  const aws = clause(errorMessage(error))
  switch (e.name) {
    case 'AccessDeniedException':
      return joinSentences(
        `Not allowed to run the task: ${aws}`,
        `Grant the workflow's role "ecs:RunTask" on ${ctx.taskDefinition}, and "iam:PassRole" ` +
          `(condition iam:PassedToService = ecs-tasks.amazonaws.com) on the task definition's ` +
          `task and execution roles`
      )
    case 'ClusterNotFoundException':
      return clusterNotFound(ctx, aws)
    case 'ConflictException': {
      const owners = e.resourceIds?.length ? e.resourceIds.join(', ') : 'unknown tasks'
      return joinSentences(
        `Client token "${ctx.clientToken}" was already used in cluster "${ctx.cluster}" for a ` +
          `different request, by ${owners}: ${aws}`,
        `ECS remembers a token for about 24 hours`,
        `To start a new task, set "client-token" to a value not used before (or re-run the ` +
          `workflow: each run attempt derives a new token)`
      )
    }
    case 'PlatformTaskDefinitionIncompatibilityException':
      return joinSentences(
        `Task definition ${ctx.taskDefinition} cannot run on platform version ` +
          `${ctx.platformVersion ?? 'LATEST'}: ${aws}`,
        `Change "platform-version" or the task definition's requirements`
      )
    case 'PlatformUnknownException':
      return joinSentences(
        `Platform version "${ctx.platformVersion ?? 'LATEST'}" is not known to ECS: ${aws}`,
        `Set "platform-version" to LATEST or an existing version such as 1.4.0`
      )
    case 'UnsupportedFeatureException':
      return joinSentences(
        `A requested feature is not available in region ${ctx.region} for ${ctx.taskDefinition}: ${aws}`,
        `Remove it from the inputs or use another region`
      )
    case 'BlockedException':
      return joinSentences(
        `The AWS account is blocked from running ECS tasks: ${aws}`,
        `Contact AWS Support`
      )
    case 'InvalidParameterException':
      return (
        noContainerInstances(aws, ctx) ??
        joinSentences(`ECS rejected the RunTask request: ${aws}`, `Check the inputs it names`)
      )
    case 'ClientException':
      if (runTaskRetryReason(error)) {
        return joinSentences(
          `RunTask kept failing because the cluster had no capacity until "start-timeout" ran ` +
            `out: ${aws}`,
          `Raise "start-timeout" or add capacity to cluster "${ctx.cluster}"`
        )
      }
      return joinSentences(
        `ECS rejected the RunTask request: ${aws}`,
        `Check the inputs and the task definition it names`
      )
    default:
      return (
        keptFailing('RunTask', error) ??
        joinSentences(
          `RunTask failed: ${aws}`,
          `Check the inputs, the region and the workflow's AWS role`
        )
      )
  }
}

/** 'No Container Instances were found': why ECS looked for EC2 instances, and what to set. */
function noContainerInstances(aws: string, ctx: RunTaskContext): string | undefined {
  if (!/No Container Instances were found/i.test(aws)) return undefined
  if (ctx.launchChosen === false) {
    return joinSentences(
      `ECS found no container instances in cluster "${ctx.cluster}": ${aws}`,
      'Nothing named a launch type or capacity provider strategy and the cluster has no ' +
        'default capacity provider strategy, so ECS fell back to the EC2 launch type',
      'Set "launch-type: FARGATE" (for a Fargate task definition), ' +
        '"capacity-provider-strategy", or "service" to run the task the way that service runs'
    )
  }
  if (ctx.launchType === 'EC2') {
    return joinSentences(
      `Cluster "${ctx.cluster}" has no container instances for the EC2 launch type: ${aws}`,
      'Register EC2 container instances in the cluster, or set "launch-type: FARGATE" ' +
        'for a Fargate task definition'
    )
  }
  return undefined
}
