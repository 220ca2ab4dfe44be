import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ServiceRunConfig } from '../../../src/ecs/service.js'
import { registrationLine, serviceConfigLine } from '../../../src/report/plan-lines.js'
import type { Inputs } from '../../../src/inputs/inputs.js'
import { parsedInputs } from '../../support/inputs.js'

afterEach(() => vi.unstubAllEnvs())

/** Inputs of a step that names only the service: nothing replaces its task definition. */
function serviceOnly(): Inputs {
  const inputs = parsedInputs()
  delete inputs.taskDefinition
  return inputs
}

const WEB: ServiceRunConfig = {
  serviceName: 'shop-web',
  deployment: 'ecs-svc/7',
  taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:42',
  capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
  platformVersion: '1.4.0',
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-0a', 'subnet-0b'],
      securityGroups: ['sg-0c'],
      assignPublicIp: 'DISABLED'
    }
  }
}

describe('serviceConfigLine', () => {
  it('says what the service runs with, from its deployment', () => {
    expect(serviceConfigLine(WEB, serviceOnly())).toBe(
      'Service shop-web runs with (deployment ecs-svc/7): task definition ' +
        'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:42, capacity provider ' +
        'strategy FARGATE_SPOT:1:0, platform version 1.4.0, network (subnets subnet-0a, ' +
        'subnet-0b; security groups sg-0c; public IP DISABLED).'
    )
  })

  it('marks each part an input replaces', () => {
    const inputs = parsedInputs({
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      subnets: ['subnet-0e'],
      assignPublicIp: 'ENABLED'
    })
    expect(serviceConfigLine(WEB, inputs)).toBe(
      'Service shop-web runs with (deployment ecs-svc/7): task definition ' +
        'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:42 (input given instead), ' +
        'capacity provider strategy FARGATE_SPOT:1:0 (input given instead), platform version ' +
        '1.4.0 (input given instead), network (subnets subnet-0a, subnet-0b; security groups ' +
        'sg-0c; public IP DISABLED, "assign-public-ip" given instead) (input given instead).'
    )
  })

  it('says a launch type, and a service without anything to mirror', () => {
    const ec2: ServiceRunConfig = { serviceName: 'worker', launchType: 'EC2' }
    const inputs = serviceOnly()
    expect(serviceConfigLine(ec2, inputs)).toBe('Service worker runs with: launch type EC2.')
    expect(serviceConfigLine({ serviceName: 'bare' }, inputs)).toBe(
      'Service bare runs with: nothing to mirror.'
    )
  })
})

describe('registrationLine', () => {
  const plan = { source: 'shop-web:42', container: 'app' }

  it('names the images a registration replaces, on the primary container unless named', () => {
    const images = [{ image: 'repo/shop:abc' }, { container: 'worker', image: 'repo/worker:abc' }]
    expect(registrationLine(plan, { images })).toBe(
      'shop-web:42 with image of app: repo/shop:abc, image of worker: repo/worker:abc'
    )
  })

  it('is the source alone when no image is replaced (a file registered as it is)', () => {
    expect(registrationLine({ ...plan, source: 'ecs/migrate.json' }, { images: [] })).toBe(
      'ecs/migrate.json'
    )
  })
})
