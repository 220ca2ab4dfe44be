/** Turning AWS errors into what the user should do about them. */

/** The workflow was cancelled: the step fails, titled as a cancellation rather than a failure. */
export class Cancelled extends Error {
  override name = 'Cancelled'
}

export interface AwsErrorLike {
  name?: string
  message?: string
  code?: string
  $metadata?: { httpStatusCode?: number }
  $retryable?: unknown
  resourceIds?: string[]
}

export function asAwsError(error: unknown): AwsErrorLike {
  return typeof error === 'object' && error !== null ? (error as AwsErrorLike) : {}
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED'
])

/** Throttling, server-side and network failures: worth asking again later. */
export function transientReason(error: unknown): string | undefined {
  const e = asAwsError(error)
  const name = e.name ?? ''
  if (/Throttl|TooManyRequests|RequestLimitExceeded|LimitExceeded/.test(name))
    return `throttled (${name})`
  if (/ServerException|ServiceUnavailable|InternalServer|InternalFailure/.test(name)) {
    return `server error (${name})`
  }
  const status = e.$metadata?.httpStatusCode
  if (status !== undefined && status >= 500) return `server error (HTTP ${status})`
  if (name === 'TimeoutError' || (e.code !== undefined && NETWORK_CODES.has(e.code))) {
    return `network error (${e.code ?? name})`
  }
  // Only for errors that never got an answer: a service exception such as ECS's
  // "Network Configuration must be provided when networkMode 'awsvpc' is specified." is final.
  const answered = status !== undefined || name.endsWith('Exception')
  if (!answered && /socket hang up|ECONNRESET|network/i.test(e.message ?? '')) {
    return `network error (${e.message})`
  }
  return undefined
}

/**
 * RunTask is also retried while the cluster lacks capacity: under managed scaling ECS
 * answers ClientException for the quota of tasks in PROVISIONING, which clears as
 * instances come up.
 */
export function runTaskRetryReason(error: unknown): string | undefined {
  const e = asAwsError(error)
  if (e.name === 'ClientException' && /provisioning|capacity/i.test(e.message ?? '')) {
    return `no capacity yet (${e.message})`
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
}

/** A RunTask error as the user should read it: what happened and what to change. */
export function describeRunTaskError(error: unknown, ctx: RunTaskContext): string {
  const e = asAwsError(error)
  const aws = e.message ?? String(error)
  switch (e.name) {
    case 'AccessDeniedException':
      return (
        `Not allowed to run the task: ${aws}. Grant the workflow's role "ecs:RunTask" on ` +
        `${ctx.taskDefinition}, and "iam:PassRole" (condition iam:PassedToService = ` +
        `ecs-tasks.amazonaws.com) on the task definition's task and execution roles.`
      )
    case 'ClusterNotFoundException':
      return (
        `Cluster "${ctx.cluster}" was not found in region ${ctx.region}. Check the "cluster" ` +
        `input and the region ("aws-region", AWS_REGION). (${aws})`
      )
    case 'ConflictException': {
      const owners = e.resourceIds?.length ? e.resourceIds.join(', ') : 'unknown tasks'
      return (
        `Client token "${ctx.clientToken}" was already used in cluster "${ctx.cluster}" for a ` +
        `different request, by ${owners}. ECS remembers a token for about 24 hours. To start ` +
        `a new task, set "client-token" to a value not used before (or re-run the workflow: ` +
        `each run attempt derives a new token). (${aws})`
      )
    }
    case 'PlatformTaskDefinitionIncompatibilityException':
      return (
        `Task definition ${ctx.taskDefinition} cannot run on platform version ` +
        `${ctx.platformVersion ?? 'LATEST'}: ${aws}. Change "platform-version" or the task ` +
        `definition's requirements.`
      )
    case 'PlatformUnknownException':
      return (
        `Platform version "${ctx.platformVersion ?? 'LATEST'}" is not known to ECS: ${aws}. ` +
        `Set "platform-version" to LATEST or an existing version such as 1.4.0.`
      )
    case 'UnsupportedFeatureException':
      return (
        `A requested feature is not available in region ${ctx.region} for ${ctx.taskDefinition}: ` +
        `${aws}. Remove it from the inputs or use another region.`
      )
    case 'BlockedException':
      return `The AWS account is blocked from running ECS tasks: ${aws}. Contact AWS Support.`
    case 'InvalidParameterException':
      return `ECS rejected the RunTask request: ${aws}. Check the inputs it names.`
    case 'ClientException':
      if (runTaskRetryReason(error)) {
        return (
          `RunTask kept failing because the cluster had no capacity until "start-timeout" ran ` +
          `out: ${aws}. Raise "start-timeout" or add capacity to cluster "${ctx.cluster}".`
        )
      }
      return `ECS rejected the RunTask request: ${aws}.`
    default: {
      const transient = transientReason(error)
      if (transient) {
        return (
          `RunTask kept failing with a ${transient} until "start-timeout" ran out: ${aws}. ` +
          `Raise "start-timeout" or try again later.`
        )
      }
      return `RunTask failed: ${aws}`
    }
  }
}

/** An AccessDenied on any other call names the IAM action the role lacks. */
export function describeAccessDenied(
  error: unknown,
  action: string,
  resource: string
): string | undefined {
  const e = asAwsError(error)
  if (e.name !== 'AccessDeniedException' && e.name !== 'AccessDenied') return undefined
  return `Not allowed to call ${action} on ${resource}: ${e.message ?? ''}. Grant "${action}" to the workflow's role.`
}
