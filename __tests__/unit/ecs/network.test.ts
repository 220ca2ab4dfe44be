import {
  AccessDeniedException,
  DescribeServicesCommand,
  ECSClient,
  type DescribeServicesCommandOutput,
  type NetworkConfiguration
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { parsedInputs } from '../../support/inputs.js'
import { networkConfiguration } from '../../../src/ecs/network.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'us-east-1' })

const inputs = parsedInputs

const SERVICE_NETWORK: NetworkConfiguration = {
  awsvpcConfiguration: {
    subnets: ['subnet-svc-a', 'subnet-svc-b'],
    securityGroups: ['sg-svc'],
    assignPublicIp: 'ENABLED'
  }
}

function service(
  network: NetworkConfiguration | undefined,
  status = 'ACTIVE'
): Partial<DescribeServicesCommandOutput> {
  return {
    services: [
      { serviceName: 'web', status, ...(network ? { networkConfiguration: network } : {}) }
    ],
    failures: []
  }
}

beforeEach(() => {
  ecsMock.reset()
})

describe('networkConfiguration from inputs', () => {
  it.each([
    {
      name: 'subnets only: assign-public-ip defaults to DISABLED',
      given: { subnets: ['subnet-1', 'subnet-2'] },
      expected: {
        awsvpcConfiguration: { subnets: ['subnet-1', 'subnet-2'], assignPublicIp: 'DISABLED' }
      }
    },
    {
      name: 'subnets, security groups and a public IP',
      given: {
        subnets: ['subnet-1'],
        securityGroups: ['sg-1'],
        assignPublicIp: 'ENABLED' as const
      },
      expected: {
        awsvpcConfiguration: {
          subnets: ['subnet-1'],
          securityGroups: ['sg-1'],
          assignPublicIp: 'ENABLED'
        }
      }
    },
    {
      name: 'subnets win over network-from-service',
      given: { subnets: ['subnet-1'], networkFromService: 'web' },
      expected: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'DISABLED' } }
    },
    { name: 'neither: no network configuration', given: {}, expected: undefined }
  ])('$name', async ({ given, expected }) => {
    await expect(networkConfiguration(inputs(given), ecs)).resolves.toEqual(expected)
    expect(ecsMock.calls()).toHaveLength(0)
  })
})

describe('networkConfiguration from a service', () => {
  it.each([
    {
      name: 'copied as is',
      given: {},
      expected: SERVICE_NETWORK
    },
    {
      name: 'explicit security groups win',
      given: { securityGroups: ['sg-mine'] },
      expected: {
        awsvpcConfiguration: {
          subnets: ['subnet-svc-a', 'subnet-svc-b'],
          securityGroups: ['sg-mine'],
          assignPublicIp: 'ENABLED'
        }
      }
    },
    {
      name: 'explicit assign-public-ip wins',
      given: { assignPublicIp: 'DISABLED' as const },
      expected: {
        awsvpcConfiguration: {
          subnets: ['subnet-svc-a', 'subnet-svc-b'],
          securityGroups: ['sg-svc'],
          assignPublicIp: 'DISABLED'
        }
      }
    }
  ])('$name', async ({ given, expected }) => {
    ecsMock.on(DescribeServicesCommand).resolves(service(SERVICE_NETWORK))
    await expect(
      networkConfiguration(inputs({ networkFromService: 'web', ...given }), ecs)
    ).resolves.toEqual(expected)
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', services: ['web'] }
    ])
  })

  it('defaults assign-public-ip to DISABLED when the service has none', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves(service({ awsvpcConfiguration: { subnets: ['subnet-a'] } }))
    await expect(networkConfiguration(inputs({ networkFromService: 'web' }), ecs)).resolves.toEqual(
      {
        awsvpcConfiguration: { subnets: ['subnet-a'], assignPublicIp: 'DISABLED' }
      }
    )
  })

  it.each([
    {
      name: 'the service is MISSING',
      answer: {
        services: [],
        failures: [{ arn: 'arn:aws:ecs:us-east-1:1:service/prod/web', reason: 'MISSING' }]
      }
    },
    { name: 'the service is INACTIVE', answer: service(SERVICE_NETWORK, 'INACTIVE') }
  ])('fails naming the input, service and cluster when $name', async ({ answer }) => {
    ecsMock.on(DescribeServicesCommand).resolves(answer)
    await expect(networkConfiguration(inputs({ networkFromService: 'web' }), ecs)).rejects.toThrow(
      'Input "network-from-service": service "web" was not found in cluster "prod" (us-east-1). ' +
        'Check the service name and the "cluster" input.'
    )
  })

  it.each([
    { name: 'no network configuration', network: undefined },
    { name: 'no subnets', network: { awsvpcConfiguration: { subnets: [] } } }
  ])('fails when the service has $name (not awsvpc)', async ({ network }) => {
    ecsMock.on(DescribeServicesCommand).resolves(service(network))
    await expect(networkConfiguration(inputs({ networkFromService: 'web' }), ecs)).rejects.toThrow(
      'Input "network-from-service": service "web" has no awsvpc network configuration to copy; ' +
        'give "subnets" (and "security-groups") instead.'
    )
  })

  it('names ecs:DescribeServices when access is denied', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 400 } }))
    await expect(networkConfiguration(inputs({ networkFromService: 'web' }), ecs)).rejects.toThrow(
      'Not allowed to call ecs:DescribeServices on service web: denied. ' +
        'Grant "ecs:DescribeServices" to the workflow\'s role.'
    )
  })
})
