// What Fluent Bit does with a FireLens container's lines when its output is CloudWatch Logs: the
// group and stream it writes to, and the record it sends (JSON with FireLens's metadata, or with
// log_key only that key's value). The naming follows the plugins' own code: cloudwatch_logs
// (fluent-bit plugins/out_cloudwatch_logs) and cloudwatch (aws/amazon-cloudwatch-logs-for-fluent-bit).

/* eslint-disable @typescript-eslint/no-explicit-any -- definitions are free-form JSON */

export interface FireLensStream {
  group: string
  stream: string
  /** What a line becomes in CloudWatch Logs. */
  record(message: string): string
}

export interface FireLensTask {
  arn: string
  id: string
  cluster: string
  taskDefinition: string
}

/**
 * The stream a container's lines land in, or undefined when its FireLens output is not CloudWatch
 * Logs (or names its stream in a way the emulator does not model, e.g. $(uuid)).
 */
export function fireLensStream(
  def: any,
  router: any,
  task: FireLensTask
): FireLensStream | undefined {
  if (def.logConfiguration?.logDriver !== 'awsfirelens') return undefined
  const o: Record<string, string> = {}
  for (const [k, v] of Object.entries(def.logConfiguration.options ?? {}))
    o[k.toLowerCase()] = String(v)
  const plugin = (o['name'] ?? '').toLowerCase()
  if (plugin !== 'cloudwatch_logs' && plugin !== 'cloudwatch') return undefined
  const tag = `${def.name}-firelens-${task.id}`
  const metadata = router?.firelensConfiguration?.options?.['enable-ecs-log-metadata'] !== 'false'
  const keys: Record<string, string> = metadata
    ? {
        container_name: def.name,
        ecs_cluster: task.cluster,
        ecs_task_arn: task.arn,
        ecs_task_definition: task.taskDefinition
      }
    : {}
  let group = o['log_group_name'] ?? ''
  let stream: string | undefined
  if (plugin === 'cloudwatch') {
    const vars: Record<string, string> = {
      ...keys,
      ecs_task_id: task.id,
      ecs_task_arn: task.arn,
      tag,
      'tag[0]': tag
    }
    const fill = (t: string) => t.replace(/\$\(([^)]+)\)/g, (_, v: string) => vars[v] ?? `<${v}>`)
    group = fill(group)
    stream = o['log_stream_prefix']
      ? o['log_stream_prefix'] + tag
      : fill(o['log_stream_name'] ?? '').replace(/[:*]/g, '.')
  } else {
    const accessor = (t: string) =>
      t.replace(/\$([A-Za-z_][A-Za-z0-9_]*)(\[0\])?/g, (_, k: string) =>
        k === 'TAG' ? tag : (keys[k] ?? `<${k}>`)
      )
    if (o['log_group_template']) group = accessor(o['log_group_template'])
    stream = o['log_stream_template']
      ? accessor(o['log_stream_template'])
      : (o['log_stream_name'] ?? (o['log_stream_prefix'] ?? '') + tag)
  }
  if (!group || !stream || /<[^>]+>/.test(group + stream)) return undefined
  const logKey = o['log_key']
  return {
    group,
    stream,
    record: (message) =>
      logKey === 'log'
        ? message
        : JSON.stringify({
            container_id: `${task.id}-${def.name}`,
            ...keys,
            log: message,
            source: 'stdout'
          })
  }
}
