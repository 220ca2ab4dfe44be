// DescribeServices as a migration step uses it: what the service runs (task definition, launch
// type or capacity provider strategy, platform version, awsvpc network) and its deployments.

import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { beforeEach, describe, expect, it } from 'vitest'
import { rejection, taskDef, useSharedEmulator, type Emulator } from './helpers.js'

let emu: Emulator
let ecs: ECSClient
const ARN = 'arn:aws:ecs:us-east-1:123456789012'

useSharedEmulator((shared) => ({ emu, ecs } = shared))
beforeEach(() => {
  emu.registerTaskDefinition(taskDef('web'))
  emu.registerTaskDefinition(taskDef('web'))
})

const network = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a', 'subnet-0b'],
    securityGroups: ['sg-01'],
    assignPublicIp: 'DISABLED' as const
  }
}

async function describeOne(name: string, cluster?: string) {
  const out = await ecs.send(
    new DescribeServicesCommand({ services: [name], ...(cluster ? { cluster } : {}) })
  )
  expect(out.failures).toEqual([])
  return out.services![0]!
}

describe('DescribeServices', () => {
  it('a seed without deployments renders one PRIMARY deployment mirroring the service', async () => {
    emu.addService({
      serviceName: 'web',
      taskDefinition: 'web', // latest ACTIVE revision, resolved at seeding
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: network
    })
    const s = await describeOne('web')
    expect(s).toMatchObject({
      serviceName: 'web',
      serviceArn: `${ARN}:service/default/web`,
      clusterArn: `${ARN}:cluster/default`,
      status: 'ACTIVE',
      taskDefinition: `${ARN}:task-definition/web:2`,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
      networkConfiguration: network,
      desiredCount: 1,
      runningCount: 1,
      pendingCount: 0
    })
    expect(s.capacityProviderStrategy).toBeUndefined()
    expect(s.deployments).toHaveLength(1)
    const d = s.deployments![0]!
    expect(d).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: `${ARN}:task-definition/web:2`,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: network,
      rolloutState: 'COMPLETED',
      desiredCount: 1,
      runningCount: 1
    })
    expect(d.id).toMatch(/^ecs-svc\/\d{19}$/)
    expect(d.rolloutStateReason).toBe(`ECS deployment ${d.id} completed.`)
    expect(d.createdAt).toBeInstanceOf(Date)
  })

  it('a capacity provider strategy instead of a launch type; platform version defaults to LATEST', async () => {
    const strategy = [
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      { capacityProvider: 'FARGATE', weight: 1, base: 1 }
    ]
    emu.addService({
      serviceName: 'worker',
      taskDefinition: 'web:1',
      capacityProviderStrategy: strategy,
      networkConfiguration: network
    })
    const s = await describeOne('worker')
    expect(s.launchType).toBeUndefined()
    expect(s.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
      { capacityProvider: 'FARGATE', weight: 1, base: 1 }
    ])
    expect(s.platformVersion).toBe('LATEST')
    expect(s.taskDefinition).toBe(`${ARN}:task-definition/web:1`)
    expect(s.deployments![0]!.capacityProviderStrategy).toEqual(s.capacityProviderStrategy)
    expect(s.deployments![0]!.launchType).toBeUndefined()
  })

  it('deployments mid-rollout: the service shows the PRIMARY one; each keeps its own fields', async () => {
    const oldNetwork = {
      awsvpcConfiguration: { subnets: ['subnet-old'], securityGroups: ['sg-old'] }
    }
    emu.addService({
      serviceName: 'api',
      deployments: [
        {
          id: 'ecs-svc/1111111111111111111',
          status: 'ACTIVE',
          taskDefinition: 'web:1',
          launchType: 'FARGATE',
          platformVersion: '1.3.0',
          networkConfiguration: oldNetwork,
          runningCount: 2
        },
        {
          id: 'ecs-svc/2222222222222222222',
          status: 'PRIMARY',
          taskDefinition: 'web:2',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
          platformVersion: '1.4.0',
          networkConfiguration: network
        }
      ]
    })
    const s = await describeOne('api')
    // The service's own fields come from its PRIMARY deployment.
    expect(s).toMatchObject({
      taskDefinition: `${ARN}:task-definition/web:2`,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
      platformVersion: '1.4.0',
      networkConfiguration: network
    })
    expect(s.launchType).toBeUndefined()
    expect(s.deployments!.map((d) => [d.id, d.status, d.taskDefinition, d.rolloutState])).toEqual([
      ['ecs-svc/1111111111111111111', 'ACTIVE', `${ARN}:task-definition/web:1`, 'COMPLETED'],
      ['ecs-svc/2222222222222222222', 'PRIMARY', `${ARN}:task-definition/web:2`, 'IN_PROGRESS']
    ])
    expect(s.deployments![0]).toMatchObject({
      launchType: 'FARGATE',
      platformVersion: '1.3.0',
      networkConfiguration: oldNetwork,
      runningCount: 2
    })
    expect(s.deployments![0]!.capacityProviderStrategy).toBeUndefined()
    expect(s.deployments![1]!.launchType).toBeUndefined()
  })

  it('a deployment without its own fields inherits the service fields', async () => {
    emu.addService({
      serviceName: 'api',
      taskDefinition: 'web:2',
      launchType: 'FARGATE',
      networkConfiguration: network,
      deployments: [{ status: 'PRIMARY' }, { status: 'ACTIVE', taskDefinition: 'web:1' }]
    })
    const s = await describeOne('api')
    expect(s.deployments!.map((d) => [d.status, d.taskDefinition, d.launchType])).toEqual([
      ['PRIMARY', `${ARN}:task-definition/web:2`, 'FARGATE'],
      ['ACTIVE', `${ARN}:task-definition/web:1`, 'FARGATE']
    ])
    expect(s.deployments![1]!.networkConfiguration).toEqual(network)
  })

  it('status DRAINING and INACTIVE are reported; unknown services are MISSING failures', async () => {
    emu.addCluster('prod')
    emu.addService({
      cluster: 'prod',
      serviceName: 'old',
      status: 'INACTIVE',
      launchType: 'FARGATE'
    })
    emu.addService({ cluster: 'prod', serviceName: 'going', status: 'DRAINING', launchType: 'EC2' })
    const out = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'prod',
        services: ['old', `${ARN}:service/prod/going`, 'nope', `${ARN}:service/prod/gone`]
      })
    )
    expect(out.services!.map((s) => [s.serviceName, s.status, s.desiredCount])).toEqual([
      ['old', 'INACTIVE', 0],
      ['going', 'DRAINING', 1]
    ])
    // EC2 services have no platform version.
    expect(out.services![1]!.platformVersion).toBeUndefined()
    expect(out.failures).toEqual([
      { arn: `${ARN}:service/prod/nope`, reason: 'MISSING' },
      { arn: `${ARN}:service/prod/gone`, reason: 'MISSING' }
    ])
    // A service of another cluster is missing in this one.
    const other = await ecs.send(new DescribeServicesCommand({ services: ['old'] }))
    expect(other.failures).toEqual([{ arn: `${ARN}:service/default/old`, reason: 'MISSING' }])
  })

  it('no services asked for -> InvalidParameterException', async () => {
    const err = await rejection(ecs.send(new DescribeServicesCommand({ services: [] })))
    expect(err.name).toBe('InvalidParameterException')
  })

  it('refuses inconsistent seeds', () => {
    expect(() =>
      emu.addService({
        serviceName: 'x',
        launchType: 'FARGATE',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }]
      })
    ).toThrow(/mutually exclusive/)
    expect(() => emu.addService({ serviceName: 'x', deployments: [{ status: 'ACTIVE' }] })).toThrow(
      /exactly one PRIMARY/
    )
    expect(() => emu.addService({ serviceName: 'x', taskDefinition: 'unregistered' })).toThrow(
      /not registered/
    )
    // family:revision and ARNs need not be registered.
    expect(emu.addService({ serviceName: 'y', taskDefinition: 'other:7' }).taskDefinition).toBe(
      `${ARN}:task-definition/other:7`
    )
  })
})
