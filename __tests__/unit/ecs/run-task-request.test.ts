import type { NetworkConfiguration, RunTaskCommandInput, TaskOverride } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import type { Inputs } from '../../../src/inputs/inputs.js'
import { parsedInputs } from '../../support/inputs.js'
import {
  buildRunTaskRequest,
  mergeOverrides,
  redactRequest,
  resolveLaunch,
  type Launch
} from '../../../src/ecs/run-task-request.js'

const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:7'

const inputs = (extra: Partial<Inputs> = {}): Inputs =>
  parsedInputs({ startedBy: 'gha/acme_app/42/1', clientToken: 'gha-42-1-abc', ...extra })

const NETWORK: NetworkConfiguration = {
  awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'DISABLED' }
}

describe('buildRunTaskRequest', () => {
  it('sends only the required fields for the minimal inputs', () => {
    expect(buildRunTaskRequest(inputs(), TD_ARN, 'app', undefined)).toEqual({
      cluster: 'prod',
      taskDefinition: TD_ARN,
      count: 1,
      clientToken: 'gha-42-1-abc',
      startedBy: 'gha/acme_app/42/1',
      enableECSManagedTags: false,
      enableExecuteCommand: false
    })
  })

  // Each case changes one input; the request must carry exactly that field.
  const cases: Array<{
    name: string
    given: Partial<Inputs>
    expected: Partial<RunTaskCommandInput>
  }> = [
    { name: 'count', given: { count: 3 }, expected: { count: 3 } },
    {
      name: 'clientToken',
      given: { clientToken: 'my-token' },
      expected: { clientToken: 'my-token' }
    },
    { name: 'startedBy', given: { startedBy: 'nightly' }, expected: { startedBy: 'nightly' } },
    { name: 'launchType', given: { launchType: 'FARGATE' }, expected: { launchType: 'FARGATE' } },
    {
      name: 'capacityProviderStrategy',
      given: {
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE_SPOT', weight: 1 },
          { capacityProvider: 'FARGATE', weight: 0, base: 1 }
        ]
      },
      expected: {
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE_SPOT', weight: 1 },
          { capacityProvider: 'FARGATE', weight: 0, base: 1 }
        ]
      }
    },
    {
      name: 'platformVersion',
      given: { platformVersion: '1.4.0' },
      expected: { platformVersion: '1.4.0' }
    },
    { name: 'group', given: { group: 'migrations' }, expected: { group: 'migrations' } },
    {
      name: 'tags',
      given: { tags: [{ key: 'team', value: 'db' }] },
      expected: { tags: [{ key: 'team', value: 'db' }] }
    },
    {
      name: 'propagateTags',
      given: { propagateTags: 'TASK_DEFINITION' },
      expected: { propagateTags: 'TASK_DEFINITION' }
    },
    {
      name: 'placementConstraints',
      given: {
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }]
      },
      expected: {
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }]
      }
    },
    {
      name: 'placementStrategy',
      given: { placementStrategy: [{ type: 'binpack', field: 'memory' }] },
      expected: { placementStrategy: [{ type: 'binpack', field: 'memory' }] }
    },
    {
      name: 'volumeConfigurations',
      given: {
        volumeConfigurations: [
          { name: 'data', managedEBSVolume: { roleArn: 'arn:role', sizeInGiB: 20 } }
        ]
      },
      expected: {
        volumeConfigurations: [
          { name: 'data', managedEBSVolume: { roleArn: 'arn:role', sizeInGiB: 20 } }
        ]
      }
    },
    {
      name: 'enableECSManagedTags',
      given: { enableEcsManagedTags: true },
      expected: { enableECSManagedTags: true }
    },
    {
      name: 'enableExecuteCommand',
      given: { enableExecuteCommand: true },
      expected: { enableExecuteCommand: true }
    },
    {
      name: 'cluster',
      given: { cluster: 'arn:aws:ecs:us-east-1:1:cluster/x' },
      expected: { cluster: 'arn:aws:ecs:us-east-1:1:cluster/x' }
    }
  ]

  it.each(cases)('maps $name', ({ given, expected }) => {
    const base = buildRunTaskRequest(inputs(), TD_ARN, 'app', undefined)
    expect(buildRunTaskRequest(inputs(given), TD_ARN, 'app', undefined)).toEqual({
      ...base,
      ...expected
    })
  })

  it('maps the network configuration', () => {
    expect(buildRunTaskRequest(inputs(), TD_ARN, 'app', NETWORK).networkConfiguration).toEqual(
      NETWORK
    )
  })

  it('maps command and environment into overrides for the container', () => {
    const request = buildRunTaskRequest(
      inputs({ command: ['bin/rails', 'db:migrate'], environment: [{ name: 'A', value: '1' }] }),
      TD_ARN,
      'web',
      undefined
    )
    expect(request.overrides).toEqual({
      containerOverrides: [
        {
          name: 'web',
          command: ['bin/rails', 'db:migrate'],
          environment: [{ name: 'A', value: '1' }]
        }
      ]
    })
  })

  it('passes the overrides input through when there is no command or environment', () => {
    const overrides: TaskOverride = { cpu: '512', memory: '1024' }
    expect(buildRunTaskRequest(inputs({ overrides }), TD_ARN, 'app', undefined).overrides).toEqual(
      overrides
    )
  })
})

describe('mergeOverrides', () => {
  const base: TaskOverride = {
    cpu: '1024',
    memory: '2048',
    taskRoleArn: 'arn:aws:iam::1:role/task',
    executionRoleArn: 'arn:aws:iam::1:role/exec',
    ephemeralStorage: { sizeInGiB: 50 },
    containerOverrides: [
      { name: 'sidecar', command: ['sleep', '1'], environment: [{ name: 'S', value: 's' }] },
      {
        name: 'app',
        command: ['old'],
        cpu: 256,
        environment: [
          { name: 'KEEP', value: 'k' },
          { name: 'SHARED', value: 'from-overrides' }
        ]
      }
    ]
  }

  it('returns the base unchanged without command or environment', () => {
    expect(mergeOverrides(base, 'app', undefined, [])).toBe(base)
    expect(mergeOverrides(undefined, 'app', undefined, [])).toBeUndefined()
  })

  it('keeps task-level fields and other containers, replaces command, merges environment by name', () => {
    const merged = mergeOverrides(
      base,
      'app',
      ['new', 'cmd'],
      [
        { name: 'SHARED', value: 'from-input' },
        { name: 'ADDED', value: 'a' }
      ]
    )
    expect(merged).toEqual({
      cpu: '1024',
      memory: '2048',
      taskRoleArn: 'arn:aws:iam::1:role/task',
      executionRoleArn: 'arn:aws:iam::1:role/exec',
      ephemeralStorage: { sizeInGiB: 50 },
      containerOverrides: [
        { name: 'sidecar', command: ['sleep', '1'], environment: [{ name: 'S', value: 's' }] },
        {
          name: 'app',
          command: ['new', 'cmd'],
          cpu: 256,
          environment: [
            { name: 'KEEP', value: 'k' },
            { name: 'SHARED', value: 'from-input' },
            { name: 'ADDED', value: 'a' }
          ]
        }
      ]
    })
  })

  it('keeps the container command when only environment is given', () => {
    const merged = mergeOverrides(base, 'app', undefined, [{ name: 'X', value: '1' }])
    expect(merged?.containerOverrides?.[1]?.command).toEqual(['old'])
  })

  it('keeps the container environment when only command is given', () => {
    const merged = mergeOverrides(base, 'app', ['x'], [])
    expect(merged?.containerOverrides?.[1]?.environment).toEqual(
      base.containerOverrides?.[1]?.environment
    )
  })

  it('adds an override for a container the overrides input does not name', () => {
    const merged = mergeOverrides(base, 'worker', ['run'], [])
    expect(merged?.containerOverrides).toEqual([
      ...(base.containerOverrides ?? []),
      { name: 'worker', command: ['run'] }
    ])
  })

  it('does not modify the overrides it was given', () => {
    const copy = structuredClone(base)
    mergeOverrides(base, 'app', ['new'], [{ name: 'SHARED', value: 'x' }])
    expect(base).toEqual(copy)
  })
})

describe('redactRequest', () => {
  it('hides every environment value and keeps names and everything else', () => {
    const request = buildRunTaskRequest(
      inputs({
        command: ['migrate'],
        environment: [
          { name: 'DB_PASSWORD', value: 'hunter2' },
          { name: 'URL', value: 'postgres://u:p@h/db' }
        ],
        overrides: {
          containerOverrides: [{ name: 'sidecar', environment: [{ name: 'T', value: 'tok' }] }]
        }
      }),
      TD_ARN,
      'app',
      undefined
    )
    const redacted = redactRequest(request)
    const text = JSON.stringify(redacted)
    for (const secret of ['hunter2', 'postgres://u:p@h/db', 'tok'])
      expect(text).not.toContain(secret)
    expect(redacted.overrides?.containerOverrides).toEqual([
      { name: 'sidecar', environment: [{ name: 'T', value: '***' }] },
      {
        name: 'app',
        command: ['migrate'],
        environment: [
          { name: 'DB_PASSWORD', value: '***' },
          { name: 'URL', value: '***' }
        ]
      }
    ])
    expect({ ...redacted, overrides: undefined }).toEqual({ ...request, overrides: undefined })
    // The request actually sent keeps its values.
    expect(JSON.stringify(request)).toContain('hunter2')
  })

  it('returns a request without overrides as is', () => {
    const request = buildRunTaskRequest(inputs(), TD_ARN, 'app', undefined)
    expect(redactRequest(request)).toBe(request)
  })
})

describe('resolveLaunch: the inputs, completed from a service', () => {
  const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }]
  const cases: Array<{
    name: string
    given: Partial<Inputs>
    service: Launch
    expected: Launch
  }> = [
    {
      name: "the service's strategy and platform version when the inputs give none",
      given: {},
      service: { capacityProviderStrategy: strategy, platformVersion: '1.4.0' },
      expected: { capacityProviderStrategy: strategy, platformVersion: '1.4.0' }
    },
    {
      name: "the service's launch type",
      given: {},
      service: { launchType: 'FARGATE', platformVersion: 'LATEST' },
      expected: { launchType: 'FARGATE', platformVersion: 'LATEST' }
    },
    {
      name: "launch-type given: neither the service's launch type nor its strategy",
      given: { launchType: 'FARGATE' },
      service: { capacityProviderStrategy: strategy, platformVersion: '1.4.0' },
      expected: { launchType: 'FARGATE', platformVersion: '1.4.0' }
    },
    {
      name: "capacity-provider-strategy given: not the service's launch type",
      given: { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] },
      service: { launchType: 'FARGATE' },
      expected: { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }
    },
    {
      name: 'platform-version given wins',
      given: { platformVersion: '1.3.0' },
      service: { launchType: 'FARGATE', platformVersion: '1.4.0' },
      expected: { launchType: 'FARGATE', platformVersion: '1.3.0' }
    },
    {
      name: 'no Fargate platform version for an EC2 launch the inputs chose',
      given: { launchType: 'EC2' },
      service: { launchType: 'FARGATE', platformVersion: '1.4.0' },
      expected: { launchType: 'EC2' }
    },
    {
      name: 'no Fargate platform version for an EC2 capacity provider the inputs chose',
      given: { capacityProviderStrategy: [{ capacityProvider: 'asg-provider', weight: 1 }] },
      service: { launchType: 'FARGATE', platformVersion: '1.4.0' },
      expected: { capacityProviderStrategy: [{ capacityProvider: 'asg-provider', weight: 1 }] }
    },
    { name: 'nothing from either', given: {}, service: {}, expected: {} }
  ]

  it.each(cases)('$name', ({ given, service, expected }) => {
    const resolved = resolveLaunch(inputs(given), service)
    expect(resolved).toEqual(expected)
    const request = buildRunTaskRequest(inputs(given), TD_ARN, 'app', undefined, resolved)
    expect({
      launchType: request.launchType,
      capacityProviderStrategy: request.capacityProviderStrategy,
      platformVersion: request.platformVersion
    }).toEqual({
      launchType: expected.launchType,
      capacityProviderStrategy: expected.capacityProviderStrategy,
      platformVersion: expected.platformVersion
    })
  })
})
