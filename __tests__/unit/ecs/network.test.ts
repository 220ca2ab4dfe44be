import type { NetworkConfiguration } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { parsedInputs } from '../../support/inputs.js'
import { networkConfiguration, type NetworkSource } from '../../../src/ecs/network.js'

const inputs = parsedInputs

const SERVICE_NETWORK: NetworkConfiguration = {
  awsvpcConfiguration: {
    subnets: ['subnet-svc-a', 'subnet-svc-b'],
    securityGroups: ['sg-svc'],
    assignPublicIp: 'ENABLED'
  }
}

const from = (
  input: NetworkSource['input'],
  network: NetworkConfiguration | null = SERVICE_NETWORK
): NetworkSource => ({ input, serviceName: 'web', ...(network ? { network } : {}) })

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
    { name: 'neither: no network configuration', given: {}, expected: undefined }
  ])('$name', ({ given, expected }) => {
    expect(networkConfiguration(inputs(given), undefined)).toEqual(expected)
  })

  it.each(['service', 'network-from-service'] as const)('subnets win over %s', (input) => {
    expect(networkConfiguration(inputs({ subnets: ['subnet-1'] }), from(input))).toEqual({
      awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'DISABLED' }
    })
  })
})

describe.each(['service', 'network-from-service'] as const)(
  'networkConfiguration from %s',
  (input) => {
    it.each([
      { name: 'copied as is', given: {}, expected: SERVICE_NETWORK },
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
    ])('$name', ({ given, expected }) => {
      expect(networkConfiguration(inputs(given), from(input))).toEqual(expected)
    })

    it('defaults assign-public-ip to DISABLED when the service has none', () => {
      const network = { awsvpcConfiguration: { subnets: ['subnet-a'] } }
      expect(networkConfiguration(inputs(), from(input, network))).toEqual({
        awsvpcConfiguration: { subnets: ['subnet-a'], assignPublicIp: 'DISABLED' }
      })
    })

    it('fails when security groups are given but the service has no awsvpc network', () => {
      expect(() =>
        networkConfiguration(inputs({ securityGroups: ['sg-1'] }), from(input, null))
      ).toThrow(
        `Input "${input}": service "web" has no awsvpc network configuration to copy; ` +
          'give "subnets" (and "security-groups") instead.'
      )
    })
  }
)

describe('a service without an awsvpc network', () => {
  it.each([
    { name: 'no network configuration', network: null },
    { name: 'no subnets', network: { awsvpcConfiguration: { subnets: [] } } }
  ])('network-from-service fails ($name)', ({ network }) => {
    expect(() => networkConfiguration(inputs(), from('network-from-service', network))).toThrow(
      'Input "network-from-service": service "web" has no awsvpc network configuration to copy; ' +
        'give "subnets" (and "security-groups") instead.'
    )
  })

  it('service runs without one (bridge or host networking on EC2)', () => {
    expect(networkConfiguration(inputs(), from('service', null))).toBeUndefined()
  })
})
