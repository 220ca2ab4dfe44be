import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { taskId as taskIdOf } from '../../../src/kit/links.js'
import { logConsoleUrl, logGroupArn, logTargets } from '../../../src/logs/targets.js'

const ARN1 = 'arn:aws:ecs:eu-west-1:123456789012:task/ci/0a1b2c3d4e5f'
const ARN2 = 'arn:aws:ecs:eu-west-1:123456789012:task/ci/9f8e7d6c5b4a'

function awslogs(name: string, options: Record<string, string>): ContainerDefinition {
  return { name, logConfiguration: { logDriver: 'awslogs', options } }
}

const definitions: ContainerDefinition[] = [
  awslogs('app', { 'awslogs-group': '/ecs/app', 'awslogs-stream-prefix': 'ecs' }),
  awslogs('sidecar', {
    'awslogs-group': '/ecs/side',
    'awslogs-stream-prefix': 'side',
    'awslogs-region': 'us-east-2'
  }),
  awslogs('noprefix', { 'awslogs-group': '/ecs/app' }),
  { name: 'router', logConfiguration: { logDriver: 'awsfirelens', options: {} } },
  { name: 'silent' }
]

describe('logTargets', () => {
  it('names one awslogs stream per task and container, task by task', () => {
    const { targets, skipped } = logTargets(definitions, [ARN1, ARN2], 'eu-west-1')
    expect(targets).toEqual([
      {
        taskArn: ARN1,
        taskId: '0a1b2c3d4e5f',
        container: 'app',
        group: '/ecs/app',
        stream: 'ecs/app/0a1b2c3d4e5f',
        region: 'eu-west-1',
        label: '0a1b2c3d4e5f/app'
      },
      {
        taskArn: ARN1,
        taskId: '0a1b2c3d4e5f',
        container: 'sidecar',
        group: '/ecs/side',
        stream: 'side/sidecar/0a1b2c3d4e5f',
        region: 'us-east-2',
        label: '0a1b2c3d4e5f/sidecar'
      },
      expect.objectContaining({ label: '9f8e7d6c5b4a/app', stream: 'ecs/app/9f8e7d6c5b4a' }),
      expect.objectContaining({ label: '9f8e7d6c5b4a/sidecar' })
    ])
    expect(skipped).toEqual([
      { container: 'noprefix', reason: expect.stringContaining('awslogs-stream-prefix') },
      { container: 'silent', reason: expect.stringContaining('no log configuration') },
      // Said once, though there are two tasks: where a FireLens log goes is decided per task.
      { container: 'router', reason: expect.stringContaining('FireLens with no output') }
    ])
  })

  it('keeps only the containers of log-containers (unknown names are input errors, checked before)', () => {
    const { targets, skipped } = logTargets(definitions, [ARN1], 'eu-west-1', ['sidecar', 'router'])
    expect(targets.map((t) => t.label)).toEqual(['0a1b2c3d4e5f/sidecar'])
    expect(skipped).toEqual([
      { container: 'router', reason: expect.stringContaining('FireLens with no output') }
    ])
  })

  it('skips awslogs without a group', () => {
    const { targets, skipped } = logTargets(
      [awslogs('app', { 'awslogs-stream-prefix': 'ecs' })],
      [ARN1],
      'eu-west-1'
    )
    expect(targets).toEqual([])
    expect(skipped).toEqual([
      { container: 'app', reason: expect.stringContaining('awslogs-group') }
    ])
  })

  it("labels a shard's streams [shard] container, and others as before", () => {
    const shardOf = (arn: string) => (arn === ARN2 ? 3 : undefined)
    const { targets } = logTargets(definitions, [ARN1, ARN2], 'eu-west-1', ['app'], { shardOf })
    expect(targets.map((t) => [t.label, t.shard])).toEqual([
      ['0a1b2c3d4e5f/app', undefined],
      ['[3] app', 3]
    ])
    expect(targets[0]).not.toHaveProperty('shard')
  })

  it('has no targets without tasks', () => {
    expect(logTargets(definitions, [], 'eu-west-1').targets).toEqual([])
  })
})

describe('logConsoleUrl', () => {
  it('escapes group and stream the way the console does', () => {
    expect(logConsoleUrl({ region: 'eu-west-1', group: '/ecs/app', stream: 'ecs/app/abc' })).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1' +
        '#logsV2:log-groups/log-group/$252Fecs$252Fapp/log-events/ecs$252Fapp$252Fabc'
    )
  })

  it('escapes characters that are special to the console', () => {
    expect(logConsoleUrl({ region: 'us-east-1', group: 'a b', stream: 'x[1]$' })).toMatch(
      /log-group\/a\$2520b\/log-events\/x\$255B1\$255D\$2524$/
    )
  })
})

describe('taskIdOf and logGroupArn', () => {
  it('takes the last ARN segment and builds the group ARN from the task ARN', () => {
    expect(taskIdOf(ARN1)).toBe('0a1b2c3d4e5f')
    expect(logGroupArn({ taskArn: ARN1, region: 'eu-west-1', group: '/ecs/app' })).toBe(
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app:*'
    )
    expect(logGroupArn({ taskArn: 'x', region: 'eu-west-1', group: 'g' })).toBe(
      'arn:aws:logs:eu-west-1:*:log-group:g:*'
    )
  })
})
