// Where a FireLens container's log goes, by the names Fluent Bit's CloudWatch outputs write:
// - `cloudwatch_logs` (the C plugin, fluent-bit plugins/out_cloudwatch_logs): log_stream_template
//   (record accessor: $TAG, $TAG[n], $key) wins when it translates, else log_stream_name taken
//   as is, else log_stream_prefix + the tag; log_group_template likewise over log_group_name.
// - `cloudwatch` (the Go plugin, aws/amazon-cloudwatch-logs-for-fluent-bit): log_stream_prefix +
//   the tag, else log_stream_name with $(…) templates: $(ecs_task_id), $(ecs_task_arn),
//   $(ecs_cluster), $(tag), $(tag[n]), $(uuid) or a record key; ':' and '*' become '.'.
// FireLens tags a container's records `<container name>-firelens-<task id>`, and without log_key
// sends each as a JSON record: {"log": line, "container_name", "ecs_task_arn", "source", …}.

import { taskId as idOf } from '../kit/links.js'

/** Where a FireLens container's log is, once the task is known. */
export type FireLensLog =
  | {
      kind: 'cloudwatch'
      group: string
      stream: string
      region: string
      /** A fixed stream name: every task writes to it. */
      shared: boolean
      /** log_key set: the events are the lines themselves, not JSON records. */
      raw: boolean
    }
  | { kind: 'unknown'; reason: string }
  | { kind: 'elsewhere'; reason: string }

/** The FireLens record keys that name the task or the container (enable-ecs-log-metadata). */
const METADATA = (container: string, taskArn: string): Record<string, string> => ({
  container_name: container,
  ecs_task_arn: taskArn
})

/** Fluent Bit outputs other than CloudWatch Logs: what to call them and which option says where. */
const DESTINATIONS: Record<string, { label: string; where: string[] }> = {
  datadog: { label: 'Datadog', where: ['host', 'dd_service'] },
  kinesis_firehose: { label: 'Amazon Data Firehose', where: ['delivery_stream'] },
  firehose: { label: 'Amazon Data Firehose', where: ['delivery_stream'] },
  kinesis_streams: { label: 'Amazon Kinesis Data Streams', where: ['stream'] },
  kinesis: { label: 'Amazon Kinesis Data Streams', where: ['stream'] },
  s3: { label: 'Amazon S3', where: ['bucket'] },
  es: { label: 'Elasticsearch', where: ['host', 'index'] },
  opensearch: { label: 'Amazon OpenSearch', where: ['host', 'index'] },
  splunk: { label: 'Splunk', where: ['host'] },
  nrlogs: { label: 'New Relic', where: ['base_uri'] },
  newrelic: { label: 'New Relic', where: ['endpoint'] },
  loki: { label: 'Grafana Loki', where: ['host'] },
  http: { label: 'an HTTP endpoint', where: ['host', 'uri'] },
  forward: { label: 'a Fluentd/Fluent Bit forward endpoint', where: ['host'] }
}

/**
 * Where the log of `container` (logDriver awsfirelens with these options) goes in the task
 * `taskArn`. Option names are case-insensitive, as in Fluent Bit.
 */
export function fireLensLog(
  given: Record<string, string> | undefined,
  container: string,
  taskArn: string,
  defaultRegion: string
): FireLensLog {
  const options = lowerKeys(given ?? {})
  const output = (options['name'] ?? '').toLowerCase()
  if (!output) {
    return {
      kind: 'elsewhere',
      reason:
        "it logs through FireLens with no output in its log configuration, so its log router's own " +
        'configuration decides where its log goes'
    }
  }
  if (output !== 'cloudwatch_logs' && output !== 'cloudwatch') {
    const known = DESTINATIONS[output]
    const where = (known?.where ?? ['host'])
      .filter((key) => options[key])
      .map((key) => `${key} ${options[key]}`)
    return {
      kind: 'elsewhere',
      reason:
        `its log goes through FireLens to ${known?.label ?? `Fluent Bit output "${output}"`}` +
        `${known ? ` (Fluent Bit output "${output}"${where.length ? `, ${where.join(', ')}` : ''})` : where.length ? ` (${where.join(', ')})` : ''}` +
        ', not to CloudWatch Logs: read it there'
    }
  }
  const tag = `${container}-firelens-${idOf(taskArn)}`
  const names =
    output === 'cloudwatch_logs'
      ? cPluginNames(options, tag, container, taskArn)
      : goPluginNames(options, tag, container, taskArn)
  if ('reason' in names)
    return { kind: 'unknown', reason: `FireLens output "${output}": ${names.reason}` }
  return {
    kind: 'cloudwatch',
    group: names.group,
    stream: names.stream,
    region: options['region'] || defaultRegion,
    shared: names.shared,
    raw: Boolean(options['log_key'])
  }
}

type Names = { group: string; stream: string; shared: boolean } | { reason: string }

/** The C plugin: record accessor templates first, then the fixed name or prefix + tag. */
function cPluginNames(
  options: Record<string, string>,
  tag: string,
  container: string,
  taskArn: string
): Names {
  const values = { ...METADATA(container, taskArn) }
  let group = options['log_group_name']
  const groupTemplate = options['log_group_template']
  if (groupTemplate) {
    const translated = recordAccessor(groupTemplate, tag, values)
    if (translated === undefined)
      return { reason: `log_group_template ${groupTemplate} cannot be predicted` }
    group = translated
  }
  if (!group) return { reason: 'no log_group_name' }
  const template = options['log_stream_template']
  if (template) {
    const stream = recordAccessor(template, tag, values)
    if (stream === undefined)
      return { reason: `log_stream_template ${template} cannot be predicted` }
    return { group, stream, shared: !stream.includes(idOf(taskArn)) }
  }
  const fixed = options['log_stream_name']
  if (fixed) {
    if (fixed.includes('${'))
      return { reason: `log_stream_name ${fixed} names an environment variable of the log router` }
    return { group, stream: fixed, shared: true }
  }
  const prefix = options['log_stream_prefix']
  if (prefix !== undefined) return { group, stream: prefix + tag, shared: false }
  return { reason: 'neither log_stream_name nor log_stream_prefix' }
}

/** The Go plugin: prefix + tag, else log_stream_name with $(…) templates. */
function goPluginNames(
  options: Record<string, string>,
  tag: string,
  container: string,
  taskArn: string
): Names {
  const values: Record<string, string> = {
    ...METADATA(container, taskArn),
    ecs_task_id: idOf(taskArn),
    tag
  }
  const groupName = options['log_group_name']
  if (!groupName) return { reason: 'no log_group_name' }
  const group = goTemplate(groupName, tag, values)
  if (group === undefined) return { reason: `log_group_name ${groupName} cannot be predicted` }
  const prefix = options['log_stream_prefix']
  if (prefix) return { group, stream: prefix + tag, shared: false }
  const name = options['log_stream_name']
  if (!name) return { reason: 'neither log_stream_name nor log_stream_prefix' }
  const stream = goTemplate(name, tag, values)
  if (stream === undefined) return { reason: `log_stream_name ${name} cannot be predicted` }
  const sanitized = stream.replace(/[:*]/g, '.')
  return { group, stream: sanitized, shared: !sanitized.includes(idOf(taskArn)) }
}

/**
 * `$(variable)` templates of the Go plugin; undefined when one is not known before the task runs
 * ($(uuid), $(ecs_cluster): a name or an ARN depending on the launch type, other record keys).
 */
function goTemplate(
  template: string,
  tag: string,
  values: Record<string, string>
): string | undefined {
  let unknown = false
  const result = template.replace(/\$\(([^)]*)\)/g, (_, variable: string) => {
    const part = /^tag\[(\d)\]$/.exec(variable)
    // The tag split on dots: a FireLens tag has none (container names cannot hold one).
    const value = part ? (part[1] === '0' ? tag : undefined) : values[variable]
    if (value === undefined) unknown = true
    return value ?? ''
  })
  return unknown ? undefined : result
}

/**
 * Fluent Bit's record accessor in a name template: $TAG, $TAG[n] and top-level record keys
 * FireLens adds; undefined for anything else (nested keys, keys of the application's own JSON).
 */
function recordAccessor(
  template: string,
  tag: string,
  values: Record<string, string>
): string | undefined {
  let unknown = false
  const result = template.replace(
    /\$(TAG(?:\[(\d+)\])?|[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])*)/g,
    (match, _name: string, index?: string) => {
      if (match.startsWith('$TAG')) {
        if (index === undefined || index === '0') return tag
        unknown = true
        return ''
      }
      const value = values[match.slice(1)]
      if (value === undefined) unknown = true
      return value ?? ''
    }
  )
  return unknown ? undefined : result
}

function lowerKeys(options: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k.toLowerCase(), v]))
}

/**
 * The line a FireLens event carries: its `log` field when the event is a JSON record, else the
 * event as sent (log_key). On a stream every task shares, a record of another task (by its
 * ecs_task_arn) is undefined: not this task's line.
 */
export function fireLensLine(
  message: string,
  taskArn: string,
  shared: boolean
): string | undefined {
  if (!message.startsWith('{')) return message
  let record: unknown
  try {
    record = JSON.parse(message)
  } catch {
    return message
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return message
  const fields = record as Record<string, unknown>
  if (shared && typeof fields['ecs_task_arn'] === 'string' && fields['ecs_task_arn'] !== taskArn) {
    return undefined
  }
  return typeof fields['log'] === 'string' ? fields['log'] : message
}
