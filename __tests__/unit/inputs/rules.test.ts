import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Inputs } from '../../../src/inputs/inputs.js'
import { Problems } from '../../../src/inputs/problems.js'
import { checkInputRules } from '../../../src/inputs/rules.js'
import { parsedInputs } from '../../support/inputs.js'

afterEach(() => vi.unstubAllEnvs())

/** The problems the rules across inputs find in `extra` on top of a valid minimal step. */
function problems(extra: Partial<Inputs>, without: Array<keyof Inputs> = []): string[] {
  const inputs = parsedInputs(extra)
  for (const key of without) delete inputs[key]
  const p = new Problems()
  checkInputRules(inputs, p)
  return p.lines
}

describe('checkInputRules', () => {
  it('finds nothing in a valid step', () => {
    expect(problems({})).toEqual([])
    expect(problems({ service: 'shop-web' }, ['taskDefinition'])).toEqual([])
  })

  it('needs task-definition, service or schedule', () => {
    expect(problems({}, ['taskDefinition'])).toEqual([
      expect.stringMatching(
        /^Input "task-definition" is required unless "service" or "schedule" is given: /
      )
    ])
    const schedule = { kind: 'schedule', name: 'nightly', text: 'nightly' } as const
    expect(problems({ schedule }, ['taskDefinition'])).toEqual([])
  })

  it('refuses launch-type with capacity-provider-strategy', () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
    expect(problems({ launchType: 'FARGATE', capacityProviderStrategy: strategy })).toEqual([
      'Inputs "launch-type" and "capacity-provider-strategy" cannot be used together: ECS takes ' +
        'one or the other. Remove one of them.'
    ])
  })

  it('needs a network for security-groups and assign-public-ip, from any of four inputs', () => {
    const network: Partial<Inputs> = { securityGroups: ['sg-0a'], assignPublicIp: 'ENABLED' }
    expect(problems(network)).toEqual([
      'Input "assign-public-ip": needs "subnets", "service", "network-from-service" or ' +
        '"schedule" (it is part of the awsvpc network configuration).',
      'Input "security-groups": needs "subnets", "service", "network-from-service" or ' +
        '"schedule" (they are part of the awsvpc network configuration).'
    ])
    const schedule = { kind: 'schedule', name: 'nightly', text: 'nightly' } as const
    expect(problems({ ...network, schedule })).toEqual([])
    expect(problems({ ...network, subnets: ['subnet-0a'] })).toEqual([])
    expect(problems({ ...network, networkFromService: 'shop-web' })).toEqual([])
    expect(problems({ ...network, service: 'shop-web' })).toEqual([])
  })

  it('needs wait and stream-logs for task-outputs, saying why', () => {
    expect(problems({ taskOutputs: ['rows'], wait: false, streamLogs: false })).toEqual([
      'Input "task-outputs": needs "wait: true": the task sets its outputs in its log while the ' +
        'step waits.',
      'Input "task-outputs": needs "stream-logs: true": the outputs are read from the streamed log.'
    ])
  })

  it('checks the container inputs against a task-definition file', () => {
    const file = {
      kind: 'file',
      path: 'ecs/migrate.json',
      definition: { family: 'migrate', containerDefinitions: [{ name: 'app' }] }
    } as const
    expect(problems({ taskDefinition: file, container: 'app' })).toEqual([])
    expect(problems({ taskDefinition: file, container: 'worker' })).toEqual([
      expect.stringContaining('"worker"')
    ])
  })
})
