import type { RunTaskCommandInput, TaskOverride } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import {
  MAX_OVERRIDES_CHARACTERS,
  compatibilityProblem,
  fargateOnlyProblems,
  impliedLaunchType,
  overridesLengthProblem,
  requestProblems
} from '../../../src/inputs/request-rules.js'

const ORIGINS = { launch: 'input "launch-type"', definition: 'task definition migrate:3' }
const VPC = (
  assignPublicIp: 'ENABLED' | 'DISABLED'
): RunTaskCommandInput['networkConfiguration'] => ({
  awsvpcConfiguration: { subnets: ['subnet-0aa'], assignPublicIp }
})

describe('impliedLaunchType', () => {
  it('is the launch type, or FARGATE for Fargate capacity providers only', () => {
    expect(impliedLaunchType({ taskDefinition: 't', launchType: 'EC2' })).toBe('EC2')
    expect(
      impliedLaunchType({
        taskDefinition: 't',
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE_SPOT', weight: 1 },
          { capacityProvider: 'FARGATE' }
        ]
      })
    ).toBe('FARGATE')
    // An Auto Scaling group's provider, or the cluster's default strategy: ECS decides.
    expect(
      impliedLaunchType({
        taskDefinition: 't',
        capacityProviderStrategy: [{ capacityProvider: 'asg-spot' }]
      })
    ).toBeUndefined()
    expect(impliedLaunchType({ taskDefinition: 't' })).toBeUndefined()
  })
})

describe('fargateOnlyProblems', () => {
  it('is silent on Fargate and when the launch is left to the cluster', () => {
    for (const launchType of ['FARGATE', undefined] as const) {
      const request = {
        ...(launchType ? { launchType } : {}),
        platformVersion: '1.4.0',
        networkConfiguration: VPC('ENABLED')
      }
      expect(fargateOnlyProblems(request, ORIGINS)).toEqual([])
    }
  })

  it('names a public IP that came from a service, and where the launch type came from', () => {
    expect(
      fargateOnlyProblems(
        { launchType: 'EC2', networkConfiguration: VPC('ENABLED') },
        {
          launch: 'input "launch-type"',
          publicIp: `the public IP setting of service "web"'s network (input "service")`
        }
      )
    ).toEqual([
      `The public IP setting of service "web"'s network (input "service") is ENABLED, but the ` +
        'launch type is EC2 (input "launch-type"): ECS assigns a public IP only to Fargate tasks; ' +
        'on EC2 and EXTERNAL it accepts DISABLED only. Give "assign-public-ip: DISABLED", or run ' +
        'the task on Fargate.'
    ])
    expect(
      fargateOnlyProblems({ launchType: 'EC2', networkConfiguration: VPC('DISABLED') }, ORIGINS)
    ).toEqual([])
  })
})

describe('compatibilityProblem', () => {
  const fargate: RunTaskCommandInput = { taskDefinition: 't', launchType: 'FARGATE' }

  it('a registered EC2-only definition on FARGATE, by its compatibilities', () => {
    expect(compatibilityProblem(fargate, { compatibilities: ['EC2'] }, ORIGINS)).toBe(
      'Task definition migrate:3 is compatible with EC2 only (its compatibilities), but the ' +
        'launch type is FARGATE (input "launch-type"): ECS runs a task definition only on a ' +
        'launch type it is compatible with. Run it with a launch type it is compatible with, or ' +
        'register a revision with "requiresCompatibilities": ["FARGATE"] (awsvpc network mode, ' +
        'task-level cpu and memory).'
    )
    expect(
      compatibilityProblem(fargate, { compatibilities: ['EC2', 'FARGATE'] }, ORIGINS)
    ).toBeUndefined()
  })

  it('a Fargate capacity provider implies FARGATE, said as such', () => {
    const request: RunTaskCommandInput = {
      taskDefinition: 't',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
    }
    expect(
      compatibilityProblem(
        request,
        { compatibilities: ['EC2'] },
        {
          launch: 'input "capacity-provider-strategy"',
          definition: 'task definition migrate:3'
        }
      )
    ).toContain(
      'but the launch type is FARGATE (input "capacity-provider-strategy": a Fargate capacity provider)'
    )
  })

  it('a file: FARGATE needs it in requiresCompatibilities; EC2 is never judged from a file', () => {
    const file = { launch: 'input "launch-type"', definition: 'the task definition from td.json' }
    expect(compatibilityProblem(fargate, {}, file)).toMatch(
      /^The task definition from td\.json is not compatible with it \(it has no requiresCompatibilities\), but the launch type is FARGATE/
    )
    expect(compatibilityProblem(fargate, { requiresCompatibilities: ['EC2'] }, file)).toMatch(
      /^The task definition from td\.json is compatible with EC2 only \(its requiresCompatibilities\)/
    )
    expect(
      compatibilityProblem(fargate, { requiresCompatibilities: ['FARGATE'] }, file)
    ).toBeUndefined()
    const ec2: RunTaskCommandInput = { taskDefinition: 't', launchType: 'EC2' }
    expect(
      compatibilityProblem(ec2, { requiresCompatibilities: ['FARGATE'] }, file)
    ).toBeUndefined()
  })

  it('a Fargate-only registered definition on EC2', () => {
    const ec2: RunTaskCommandInput = { taskDefinition: 't', launchType: 'EC2' }
    expect(compatibilityProblem(ec2, { compatibilities: ['FARGATE'] }, ORIGINS)).toMatch(
      /^Task definition migrate:3 is compatible with FARGATE only \(its compatibilities\), but the launch type is EC2/
    )
  })
})

describe('overridesLengthProblem', () => {
  const withEnvironment = (lines: number, valueLength: number): TaskOverride => ({
    containerOverrides: [
      {
        name: 'app',
        environment: Array.from({ length: lines }, (_, i) => ({
          name: `SETTING_${String(i).padStart(2, '0')}`,
          value: 'v'.repeat(valueLength)
        }))
      }
    ]
  })

  it('counts the JSON as sent: 8,192 characters pass, 8,193 do not', () => {
    const base = JSON.stringify(withEnvironment(1, 0)).length
    const exactly = withEnvironment(1, MAX_OVERRIDES_CHARACTERS - base)
    expect(JSON.stringify(exactly)).toHaveLength(8192)
    expect(overridesLengthProblem(exactly)).toBeUndefined()
    const over = withEnvironment(1, MAX_OVERRIDES_CHARACTERS - base + 1)
    expect(overridesLengthProblem(over, ['environment'])).toBe(
      'Input "environment": the task overrides RunTask would send are 8,193 characters of JSON, ' +
        'and ECS accepts at most 8,192. Move long or many values into the task definition (its ' +
        'environment, or environmentFiles in S3), or shorten them.'
    )
    expect(overridesLengthProblem(undefined)).toBeUndefined()
  })

  it('90 environment lines of 96-character values reach 11,665 characters', () => {
    const problem = overridesLengthProblem(withEnvironment(90, 96), ['overrides', 'environment'])
    expect(problem).toMatch(
      /^Inputs "overrides" and "environment": the task overrides RunTask would send are 11,665 characters/
    )
  })
})

describe('requestProblems', () => {
  it('lists every refusal at once', () => {
    const request: RunTaskCommandInput = {
      taskDefinition: 't',
      launchType: 'EC2',
      platformVersion: 'LATEST',
      overrides: { containerOverrides: [{ name: 'app', command: ['x'.repeat(9000)] }] }
    }
    const problems = requestProblems(
      request,
      { compatibilities: ['FARGATE'] },
      {
        ...ORIGINS,
        overrides: ['command']
      }
    )
    expect(problems.map((p) => p.slice(0, 40))).toEqual([
      'Input "platform-version" is "LATEST", bu',
      'Task definition migrate:3 is compatible ',
      'Input "command": the task overrides RunT'
    ])
  })
})
