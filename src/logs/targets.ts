import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { taskId as idOf } from '../kit/links.js'
import { fireLensLine, fireLensLog } from './firelens.js'

/** One CloudWatch log stream to follow: one container of one task. */
/** The name of a container's stream of a task in the log (prefix) and in the printer. */
export function streamLabel(taskId: string, container: string): string {
  return `${taskId}/${container}`
}

export interface LogTarget {
  taskArn: string
  taskId: string
  container: string
  group: string
  stream: string
  region: string
  /** 'taskId/container' */
  label: string
  /** Read from this time on (GetLogEvents startTime): a stream every task shares. */
  startTime?: number
  /** The shard the task runs (`shards`): its lines are prefixed `[i] container | `. */
  shard?: number
  /** The line an event carries (FireLens: the record's `log`); undefined: not this task's. */
  decode?: (message: string) => string | undefined
}

export interface TargetOptions {
  /** Clock time RunTask was called: where a stream every task shares is read from. */
  since?: number
  /** The shard a task runs, when the step runs shards. */
  shardOf?: (taskArn: string) => number | undefined
}

/** Clock skew allowed between the runner and the log router when reading a shared stream. */
const SHARED_STREAM_SKEW_MS = 60_000

type Skipped = Array<{ container: string; reason: string }>

/**
 * From the task definition's containerDefinitions and the started task ARNs; `only` = the
 * log-containers input (undefined = all). Streamed: the awslogs driver with awslogs-group and
 * awslogs-stream-prefix (region from awslogs-region, else the default region), and FireLens
 * outputs to CloudWatch Logs under the names Fluent Bit writes (logs/firelens.ts). The others
 * are returned in `skipped` with the reason, so the action can say why it cannot stream them
 * (and where a FireLens log goes instead).
 */
export function logTargets(
  containerDefinitions: ContainerDefinition[],
  taskArns: string[],
  defaultRegion: string,
  only?: string[],
  options: TargetOptions = {}
): { targets: LogTarget[]; skipped: Skipped } {
  const skipped: Skipped = []
  const streamed: Array<{ container: string; locate: (taskArn: string) => Located | string }> = []
  for (const definition of containerDefinitions) {
    const container = definition.name
    if (container === undefined || (only !== undefined && !only.includes(container))) continue
    const config = definition.logConfiguration
    if (config?.logDriver === 'awsfirelens') {
      streamed.push({
        container,
        locate: (taskArn) =>
          fireLensTarget(config.options, container, taskArn, defaultRegion, options)
      })
      continue
    }
    if (config?.logDriver !== 'awslogs') {
      const reason = config?.logDriver
        ? `uses the ${config.logDriver} log driver, not awslogs`
        : 'has no log configuration (only the awslogs driver can be streamed)'
      skipped.push({ container, reason })
      continue
    }
    const opts = config.options ?? {}
    const group = opts['awslogs-group']
    const prefix = opts['awslogs-stream-prefix']
    if (!group) {
      skipped.push({ container, reason: 'awslogs without an awslogs-group option' })
    } else if (!prefix) {
      // Without a prefix the stream is named after the Docker container id, which ECS does not
      // report in a way that names the stream reliably.
      skipped.push({
        container,
        reason: 'awslogs without awslogs-stream-prefix, so its log stream name cannot be known'
      })
    } else {
      const region = opts['awslogs-region'] || defaultRegion
      streamed.push({
        container,
        locate: (taskArn) => ({ group, region, stream: `${prefix}/${container}/${idOf(taskArn)}` })
      })
    }
  }
  // Task-major order, so that the lines of one task's containers are listed together.
  const targets: LogTarget[] = []
  const skippedOnce = new Set<string>()
  for (const taskArn of taskArns) {
    const taskId = idOf(taskArn)
    for (const { container, locate } of streamed) {
      const located = locate(taskArn)
      if (typeof located === 'string') {
        // Said once per container: why is the same for every task.
        if (!skippedOnce.has(container)) skipped.push({ container, reason: located })
        skippedOnce.add(container)
        continue
      }
      const shard = options.shardOf?.(taskArn)
      targets.push({
        taskArn,
        taskId,
        container,
        ...located,
        label: shard === undefined ? streamLabel(taskId, container) : `[${shard}] ${container}`,
        ...(shard === undefined ? {} : { shard })
      })
    }
  }
  if (taskArns.length === 0) {
    for (const { container, locate } of streamed) {
      const located = locate('arn:aws:ecs:::task/placeholder')
      if (typeof located === 'string') skipped.push({ container, reason: located })
    }
  }
  return { targets, skipped }
}

type Located = Pick<LogTarget, 'group' | 'stream' | 'region' | 'startTime' | 'decode'>

/** A FireLens container's stream in one task, or why it is not streamed. */
function fireLensTarget(
  given: Record<string, string> | undefined,
  container: string,
  taskArn: string,
  defaultRegion: string,
  options: TargetOptions
): Located | string {
  const log = fireLensLog(given, container, taskArn, defaultRegion)
  if (log.kind === 'elsewhere') return log.reason
  if (log.kind === 'unknown') {
    return `it logs through FireLens to CloudWatch Logs, but its log stream name cannot be predicted (${log.reason})`
  }
  const { group, stream, region, shared, raw } = log
  return {
    group,
    stream,
    region,
    ...(shared && options.since !== undefined
      ? { startTime: options.since - SHARED_STREAM_SKEW_MS }
      : {}),
    ...(raw ? {} : { decode: (message: string) => fireLensLine(message, taskArn, shared) })
  }
}

/** The CloudWatch console's own escaping of a path segment: '%' itself becomes '$25'. */
function consoleEscape(value: string): string {
  return encodeURIComponent(value).replace(/%/g, '$25')
}

/** The console link of a container's log stream in a task, when its log can be linked. */
export type LogUrl = (taskArn: string, container: string) => string | undefined

/** CloudWatch console deep link to one log stream. */
export function logConsoleUrl(target: Pick<LogTarget, 'region' | 'group' | 'stream'>): string {
  const { region, group, stream } = target
  return (
    `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}` +
    `#logsV2:log-groups/log-group/${consoleEscape(group)}/log-events/${consoleEscape(stream)}`
  )
}

/**
 * The log group's ARN as an IAM policy would name it, so a permission warning can be pasted into
 * a policy. Partition and account come from the task ARN (the task and its logs share them in
 * practice); '*' when the task ARN cannot tell.
 */
export function logGroupArn(target: Pick<LogTarget, 'taskArn' | 'region' | 'group'>): string {
  const [, partition, , , account] = target.taskArn.split(':')
  return `arn:${partition || 'aws'}:logs:${target.region}:${account || '*'}:log-group:${target.group}:*`
}
