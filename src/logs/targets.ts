import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { taskId as idOf } from '../kit/links.js'

/** One CloudWatch log stream to follow: one container of one task. */
export interface LogTarget {
  taskArn: string
  taskId: string
  container: string
  group: string
  stream: string
  region: string
  /** 'taskId/container' */
  label: string
}

/**
 * From the task definition's containerDefinitions (awslogs driver with awslogs-group and
 * awslogs-stream-prefix; region from awslogs-region, else the default region) and the started
 * task ARNs; `only` = the log-containers input (undefined = all). Containers without awslogs or
 * without a stream prefix are returned in `skipped` with the reason, so the action can say why
 * it cannot stream them.
 */
export function logTargets(
  containerDefinitions: ContainerDefinition[],
  taskArns: string[],
  defaultRegion: string,
  only?: string[]
): { targets: LogTarget[]; skipped: Array<{ container: string; reason: string }> } {
  const skipped: Array<{ container: string; reason: string }> = []
  const streamed: Array<{ container: string; group: string; prefix: string; region: string }> = []
  for (const definition of containerDefinitions) {
    const container = definition.name
    if (container === undefined || (only !== undefined && !only.includes(container))) continue
    const config = definition.logConfiguration
    if (config?.logDriver !== 'awslogs') {
      const reason = config?.logDriver
        ? `uses the ${config.logDriver} log driver, not awslogs`
        : 'has no log configuration (only the awslogs driver can be streamed)'
      skipped.push({ container, reason })
      continue
    }
    const options = config.options ?? {}
    const group = options['awslogs-group']
    const prefix = options['awslogs-stream-prefix']
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
      streamed.push({
        container,
        group,
        prefix,
        region: options['awslogs-region'] || defaultRegion
      })
    }
  }
  // Task-major order, so that the lines of one task's containers are listed together.
  const targets = taskArns.flatMap((taskArn) => {
    const taskId = idOf(taskArn)
    return streamed.map(({ container, group, prefix, region }) => ({
      taskArn,
      taskId,
      container,
      group,
      stream: `${prefix}/${container}/${taskId}`,
      region,
      label: `${taskId}/${container}`
    }))
  })
  return { targets, skipped }
}

/** The CloudWatch console's own escaping of a path segment: '%' itself becomes '$25'. */
function consoleEscape(value: string): string {
  return encodeURIComponent(value).replace(/%/g, '$25')
}

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
