import {
  AccessDeniedException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  ECSClient,
  ECSServiceException,
  type Service
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../../support/clocks.js'
import type { CallBudget } from '../../../src/aws/retry-transient.js'
import { Cancelled } from '../../../src/kit/failures.js'
import { describeServices, serviceRunConfig } from '../../../src/ecs/service.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'eu-west-1', maxAttempts: 1 })
const WHERE = { cluster: 'prod', region: 'eu-west-1' }
const meta = { $metadata: { httpStatusCode: 400 } }
const WEB_ARN = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/web'

function budget(clock = new FakeClock(), extra: Partial<CallBudget> = {}): CallBudget {
  return { clock, deadline: clock.now() + 60_000, log: vi.fn(), random: () => 0.5, ...extra }
}

const web: Service = { serviceName: 'web', serviceArn: WEB_ARN, status: 'ACTIVE' }
const worker: Service = { serviceName: 'worker', status: 'ACTIVE' }

beforeEach(() => {
  ecsMock.reset()
})

describe('describeServices', () => {
  it('asks once for a service named by both inputs, and answers it for each', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [web], failures: [] })
    const found = await describeServices(
      ecs,
      [
        { input: 'service', name: 'web' },
        { input: 'network-from-service', name: 'web' }
      ],
      WHERE,
      budget()
    )
    expect(found).toEqual([web, web])
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', services: ['web'] }
    ])
  })

  it('asks for two services in one call and keeps the order of the inputs', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [worker, web], failures: [] })
    const found = await describeServices(
      ecs,
      [
        { input: 'service', name: 'web' },
        { input: 'network-from-service', name: 'worker' }
      ],
      WHERE,
      budget()
    )
    expect(found.map((s) => s.serviceName)).toEqual(['web', 'worker'])
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(1)
  })

  it('matches a service given by ARN', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [web], failures: [] })
    const found = await describeServices(
      ecs,
      [{ input: 'service', name: WEB_ARN }],
      WHERE,
      budget()
    )
    expect(found).toEqual([web])
  })

  it.each([
    {
      name: 'MISSING',
      answer: { services: [], failures: [{ arn: WEB_ARN, reason: 'MISSING' }] },
      why: 'was not found'
    },
    {
      name: 'INACTIVE',
      answer: { services: [{ ...web, status: 'INACTIVE' }], failures: [] },
      why: 'was deleted (status INACTIVE)'
    }
  ])('fails naming the input, service, cluster and region when $name', async ({ answer, why }) => {
    ecsMock.on(DescribeServicesCommand).resolves(answer)
    await expect(
      describeServices(ecs, [{ input: 'service', name: 'web' }], WHERE, budget())
    ).rejects.toThrow(
      `Input "service": service "web" ${why} in cluster "prod" (region eu-west-1). ` +
        'Check the service name, the "cluster" input and the region.'
    )
  })

  it('names ecs:DescribeServices when access is denied', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(new AccessDeniedException({ message: 'denied', ...meta }))
    await expect(
      describeServices(ecs, [{ input: 'service', name: 'web' }], WHERE, budget())
    ).rejects.toThrow(
      'Not allowed to call ecs:DescribeServices on service web: denied. ' +
        'Grant "ecs:DescribeServices" to the workflow\'s role.'
    )
  })

  it('names the cluster and the region when the cluster does not exist', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(new ClusterNotFoundException({ message: 'Cluster not found.', ...meta }))
    await expect(
      describeServices(ecs, [{ input: 'service', name: 'web' }], WHERE, budget())
    ).rejects.toThrow(
      'Cluster "prod" was not found in region eu-west-1: Cluster not found. ' +
        'Check the "cluster" input and the region ("aws-region", AWS_REGION).'
    )
  })

  it('retries throttling within the budget, with a log line per retry', async () => {
    const throttled = new ECSServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      message: 'Rate exceeded',
      ...meta
    })
    ecsMock
      .on(DescribeServicesCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ services: [web], failures: [] })
    const b = budget()
    await expect(
      describeServices(ecs, [{ input: 'service', name: 'web' }], WHERE, b)
    ).resolves.toEqual([web])
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(3)
    expect(vi.mocked(b.log).mock.calls.map(([m]) => m)).toEqual([
      'DescribeServices: throttled (ThrottlingException); retry 1 in 0.5 s',
      'DescribeServices: throttled (ThrottlingException); retry 2 in 1.0 s'
    ])
  })

  it('gives up at the deadline, saying to raise start-timeout', async () => {
    ecsMock.on(DescribeServicesCommand).rejects(
      new ECSServiceException({
        name: 'ServerException',
        $fault: 'server',
        message: 'boom',
        $metadata: { httpStatusCode: 500 }
      })
    )
    const clock = new FakeClock()
    await expect(
      describeServices(
        ecs,
        [{ input: 'service', name: 'web' }],
        WHERE,
        budget(clock, { deadline: 5_000 })
      )
    ).rejects.toThrow(
      'DescribeServices kept failing with a server error (ServerException) until "start-timeout" ran out: boom. Raise "start-timeout" or try again later.'
    )
    expect(clock.now()).toBeLessThanOrEqual(5_000)
  })

  it('ends its retries as a cancellation when the workflow is cancelled', async () => {
    const cancel = new AbortController()
    ecsMock.on(DescribeServicesCommand).callsFake(() => {
      cancel.abort()
      throw new ECSServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        message: 'slow',
        ...meta
      })
    })
    await expect(
      describeServices(
        ecs,
        [{ input: 'service', name: 'web' }],
        WHERE,
        budget(new FakeClock(), { signal: cancel.signal })
      )
    ).rejects.toBeInstanceOf(Cancelled)
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(1)
  })
})

describe('serviceRunConfig', () => {
  const network = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } }

  it('reads the PRIMARY deployment, not the service fields or older deployments', () => {
    const service: Service = {
      serviceName: 'web',
      taskDefinition: 'arn:td/web:1',
      launchType: 'EC2',
      platformVersion: 'LATEST',
      deployments: [
        { id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: 'arn:td/web:1', launchType: 'EC2' },
        {
          id: 'ecs-svc/2',
          status: 'PRIMARY',
          taskDefinition: 'arn:td/web:2',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
          platformVersion: '1.4.0',
          networkConfiguration: network
        }
      ]
    }
    expect(serviceRunConfig(service)).toEqual({
      serviceName: 'web',
      deployment: 'ecs-svc/2',
      taskDefinition: 'arn:td/web:2',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
      platformVersion: '1.4.0',
      networkConfiguration: network
    })
  })

  it('falls back to the service fields for what the deployment does not say', () => {
    const service: Service = {
      serviceName: 'web',
      taskDefinition: 'arn:td/web:3',
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: network,
      deployments: [{ id: 'ecs-svc/3', status: 'PRIMARY' }]
    }
    expect(serviceRunConfig(service)).toEqual({
      serviceName: 'web',
      deployment: 'ecs-svc/3',
      taskDefinition: 'arn:td/web:3',
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: network
    })
  })

  it('never mixes a launch type and a strategy from different places', () => {
    const service: Service = {
      serviceName: 'web',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      deployments: [{ status: 'PRIMARY', launchType: 'FARGATE' }]
    }
    const config = serviceRunConfig(service)
    expect(config.launchType).toBe('FARGATE')
    expect(config.capacityProviderStrategy).toBeUndefined()
  })

  it('reads the PRIMARY task set of a CODE_DEPLOY service', () => {
    const service: Service = {
      serviceName: 'web',
      deploymentController: { type: 'CODE_DEPLOY' },
      taskSets: [
        { id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: 'arn:td/web:4' },
        {
          id: 'ecs-svc/new',
          status: 'PRIMARY',
          taskDefinition: 'arn:td/web:5',
          launchType: 'FARGATE',
          networkConfiguration: network
        }
      ]
    }
    expect(serviceRunConfig(service)).toMatchObject({
      deployment: 'ecs-svc/new',
      taskDefinition: 'arn:td/web:5',
      launchType: 'FARGATE',
      networkConfiguration: network
    })
  })

  it('keeps no network that is not awsvpc', () => {
    expect(serviceRunConfig({ serviceName: 'web', networkConfiguration: {} })).toEqual({
      serviceName: 'web'
    })
  })
})
