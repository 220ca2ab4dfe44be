import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { fireLensLine, fireLensLog } from '../../../src/logs/firelens.js'
import { logTargets } from '../../../src/logs/targets.js'

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0a1b2c3d4e5f'
const OTHER = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/9f8e7d6c5b4a'
const TAG = 'app-firelens-0a1b2c3d4e5f'

const log = (options: Record<string, string>) => fireLensLog(options, 'app', ARN, 'eu-west-1')

describe('fireLensLog: CloudWatch Logs under the names Fluent Bit writes', () => {
  it.each([
    [
      'cloudwatch_logs: log_stream_prefix + the FireLens tag',
      {
        Name: 'cloudwatch_logs',
        region: 'us-east-2',
        log_group_name: '/ecs/shop',
        log_stream_prefix: 'app/'
      },
      { group: '/ecs/shop', stream: `app/${TAG}`, region: 'us-east-2', shared: false, raw: false }
    ],
    [
      "option names in any case, region defaulting to the task's, log_key: raw lines",
      {
        name: 'cloudwatch_logs',
        Log_Group_Name: '/ecs/shop',
        Log_Stream_Prefix: 'fb-',
        log_key: 'log'
      },
      { group: '/ecs/shop', stream: `fb-${TAG}`, region: 'eu-west-1', shared: false, raw: true }
    ],
    [
      'cloudwatch_logs: log_stream_template with $TAG and FireLens metadata keys wins',
      {
        Name: 'cloudwatch_logs',
        log_group_name: '/ecs/shop',
        log_stream_prefix: 'fallback-',
        log_stream_template: 'jobs.$container_name.$TAG[0]',
        log_group_template: '/ecs/$container_name'
      },
      {
        group: '/ecs/app',
        stream: `jobs.app.${TAG}`,
        region: 'eu-west-1',
        shared: false,
        raw: false
      }
    ],
    [
      'cloudwatch_logs: a fixed log_stream_name, taken as is, is shared by every task',
      { Name: 'cloudwatch_logs', log_group_name: '/ecs/shop', log_stream_name: 'nightly' },
      { group: '/ecs/shop', stream: 'nightly', region: 'eu-west-1', shared: true, raw: false }
    ],
    [
      'cloudwatch (Go): log_stream_prefix + the tag',
      { Name: 'cloudwatch', log_group_name: '/ecs/shop', log_stream_prefix: 'app-' },
      { group: '/ecs/shop', stream: `app-${TAG}`, region: 'eu-west-1', shared: false, raw: false }
    ],
    [
      'cloudwatch (Go): $(ecs_task_id), $(tag) and $(ecs_task_arn) templates, : and * made .',
      {
        Name: 'cloudwatch',
        log_group_name: '/ecs/$(container_name)',
        log_stream_name: 'shop/$(ecs_task_id)/$(tag[0])/$(ecs_task_arn)'
      },
      {
        group: '/ecs/app',
        stream: `shop/0a1b2c3d4e5f/${TAG}/arn.aws.ecs.eu-west-1.123456789012.task/prod/0a1b2c3d4e5f`,
        region: 'eu-west-1',
        shared: false,
        raw: false
      }
    ]
  ])('%s', (_, options, expected) => {
    expect(log(options)).toEqual({ kind: 'cloudwatch', ...expected })
  })

  it.each([
    [
      { Name: 'cloudwatch', log_group_name: 'g', log_stream_name: 'x-$(uuid)' },
      'log_stream_name x-$(uuid) cannot be predicted'
    ],
    [
      { Name: 'cloudwatch', log_group_name: 'g', log_stream_name: '$(ecs_cluster)' },
      'cannot be predicted'
    ],
    [
      { Name: 'cloudwatch', log_group_name: 'g', log_stream_name: '$(tag[1])' },
      'cannot be predicted'
    ],
    [
      {
        Name: 'cloudwatch_logs',
        log_group_name: 'g',
        log_stream_prefix: 'p',
        log_stream_template: "$kubernetes['pod_name']"
      },
      'log_stream_template'
    ],
    [
      { Name: 'cloudwatch_logs', log_group_name: 'g', log_stream_name: '${ECS_TASK_ID}' },
      'environment variable'
    ],
    [{ Name: 'cloudwatch_logs', log_stream_prefix: 'p' }, 'no log_group_name']
  ])('a name that cannot be predicted: %o', (options, reason) => {
    expect(log(options)).toEqual({ kind: 'unknown', reason: expect.stringContaining(reason) })
  })

  it.each([
    [
      {
        Name: 'datadog',
        Host: 'http-intake.logs.datadoghq.eu',
        apikey: 'SECRET',
        dd_service: 'shop'
      },
      'its log goes through FireLens to Datadog (Fluent Bit output "datadog", host http-intake.logs.datadoghq.eu, dd_service shop), not to CloudWatch Logs: read it there'
    ],
    [
      { Name: 'kinesis_firehose', region: 'eu-west-1', delivery_stream: 'shop-logs' },
      'its log goes through FireLens to Amazon Data Firehose (Fluent Bit output "kinesis_firehose", delivery_stream shop-logs), not to CloudWatch Logs: read it there'
    ],
    [
      { Name: 's3', bucket: 'shop-logs' },
      'its log goes through FireLens to Amazon S3 (Fluent Bit output "s3", bucket shop-logs), not to CloudWatch Logs: read it there'
    ],
    [
      { Name: 'syslog', host: 'logs.internal' },
      'its log goes through FireLens to Fluent Bit output "syslog" (host logs.internal), not to CloudWatch Logs: read it there'
    ]
  ])('any other destination: named, never with its secrets (%o)', (options, reason) => {
    const result = log(options)
    expect(result).toEqual({ kind: 'elsewhere', reason })
    expect(JSON.stringify(result)).not.toContain('SECRET')
  })
})

describe('fireLensLine', () => {
  const record = (fields: Record<string, unknown>) => JSON.stringify(fields)
  it("the record's log field; a line that is not a record as it is", () => {
    expect(
      fireLensLine(record({ log: 'Migrating', source: 'stdout', ecs_task_arn: ARN }), ARN, false)
    ).toBe('Migrating')
    expect(fireLensLine('plain line', ARN, false)).toBe('plain line')
    expect(fireLensLine('{not json', ARN, false)).toBe('{not json')
    expect(fireLensLine(record({ level: 'info' }), ARN, false)).toBe('{"level":"info"}')
  })
  it("on a shared stream, the records of other tasks are not this task's lines", () => {
    expect(fireLensLine(record({ log: 'theirs', ecs_task_arn: OTHER }), ARN, true)).toBeUndefined()
    expect(fireLensLine(record({ log: 'ours', ecs_task_arn: ARN }), ARN, true)).toBe('ours')
  })
})

describe('logTargets with FireLens', () => {
  const definitions: ContainerDefinition[] = [
    { name: 'log-router', firelensConfiguration: { type: 'fluentbit' } },
    {
      name: 'app',
      logConfiguration: {
        logDriver: 'awsfirelens',
        options: {
          Name: 'cloudwatch_logs',
          region: 'eu-west-1',
          log_group_name: '/ecs/shop',
          log_stream_name: 'nightly'
        }
      }
    }
  ]
  it("a shared stream is read from RunTask's time (less a minute of skew) and decoded", () => {
    const { targets } = logTargets(definitions, [ARN], 'eu-west-1', undefined, { since: 1_000_000 })
    expect(targets).toEqual([
      expect.objectContaining({
        container: 'app',
        group: '/ecs/shop',
        stream: 'nightly',
        startTime: 940_000
      })
    ])
    expect(targets[0]?.decode?.(JSON.stringify({ log: 'x', ecs_task_arn: OTHER }))).toBeUndefined()
  })
})
