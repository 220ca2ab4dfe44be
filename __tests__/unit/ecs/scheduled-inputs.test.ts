import { describe, expect, it } from 'vitest'
import type { ScheduledRun } from '../../../src/ecs/schedule.js'
import { mergeTaskOverrides, withScheduledRun } from '../../../src/ecs/scheduled-inputs.js'
import { getInputs } from '../../../src/inputs/get-inputs.js'
import type { Inputs } from '../../../src/inputs/inputs.js'
import { stubInputs } from '../../support/step-env.js'

const RUN: ScheduledRun = {
  what: 'schedule "nightly" (group "default")',
  disabled: false,
  form: 'its ECS target',
  cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/jobs',
  taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/report:3',
  count: 3,
  network: {
    awsvpcConfiguration: {
      subnets: ['subnet-0a'],
      securityGroups: ['sg-0b'],
      assignPublicIp: 'ENABLED'
    }
  },
  enableExecuteCommand: true,
  tags: [{ key: 'team', value: 'data' }]
}

/** Inputs as the runner passes them: only `with:`, no action.yml default for these. */
function given(inputs: Record<string, string>): Inputs {
  stubInputs({ schedule: 'nightly', ...inputs })
  return getInputs({ ...process.env, AWS_REGION: 'us-east-1' })
}

describe('withScheduledRun', () => {
  it('takes every value the step does not give', () => {
    const { inputs, givenInstead } = withScheduledRun(given({}), RUN)
    expect(inputs).toMatchObject({
      cluster: RUN.cluster,
      taskDefinition: { kind: 'reference', reference: RUN.taskDefinition },
      count: 3,
      subnets: ['subnet-0a'],
      securityGroups: ['sg-0b'],
      assignPublicIp: 'ENABLED',
      enableExecuteCommand: true,
      enableEcsManagedTags: false,
      tags: [{ key: 'team', value: 'data' }]
    })
    expect(givenInstead).toEqual([])
  })

  it('an input given wins, even when it says what the code default says', () => {
    const { inputs, givenInstead } = withScheduledRun(
      given({ cluster: 'default', count: '1', 'enable-execute-command': 'false' }),
      RUN
    )
    expect(inputs).toMatchObject({ cluster: 'default', count: 1, enableExecuteCommand: false })
    expect(givenInstead).toEqual(['cluster', 'count', 'enable-execute-command'])
  })

  it('security-groups alone replace only the groups; network-from-service the whole network', () => {
    const groups = withScheduledRun(given({ 'security-groups': 'sg-0c' }), RUN).inputs
    expect(groups).toMatchObject({ subnets: ['subnet-0a'], securityGroups: ['sg-0c'] })
    const service = withScheduledRun(given({ 'network-from-service': 'web' }), RUN).inputs
    expect(service).toMatchObject({ subnets: [], securityGroups: [], networkFromService: 'web' })
    expect(service.assignPublicIp).toBeUndefined()
  })
})

describe('mergeTaskOverrides', () => {
  it("the step's wins field by field; environment merged by name; other containers kept", () => {
    expect(
      mergeTaskOverrides(
        {
          cpu: '512',
          containerOverrides: [
            { name: 'app', command: ['a'], environment: [{ name: 'X', value: '1' }] },
            { name: 'agent', environment: [{ name: 'DD', value: 'on' }] }
          ]
        },
        {
          memory: '2048',
          containerOverrides: [{ name: 'app', environment: [{ name: 'X', value: '2' }] }]
        }
      )
    ).toEqual({
      cpu: '512',
      memory: '2048',
      containerOverrides: [
        { name: 'app', command: ['a'], environment: [{ name: 'X', value: '2' }] },
        { name: 'agent', environment: [{ name: 'DD', value: 'on' }] }
      ]
    })
  })
})
