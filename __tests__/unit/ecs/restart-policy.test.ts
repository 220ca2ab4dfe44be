import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import {
  enabledRestartPolicy,
  restartPolicyRisk,
  restartPolicyTurnedOff,
  withRestartPolicyOff
} from '../../../src/ecs/restart-policy.js'

const registration: RegisterTaskDefinitionCommandInput = {
  family: 'shop-migrate',
  containerDefinitions: [
    { name: 'app', image: 'shop:1', restartPolicy: { enabled: true, restartAttemptPeriod: 60 } },
    { name: 'envoy', image: 'envoy:1', restartPolicy: { enabled: true } },
    { name: 'agent', image: 'agent:7', restartPolicy: { enabled: false } }
  ]
}

describe('enabledRestartPolicy', () => {
  it('is the policy of the container only when it is enabled', () => {
    expect(enabledRestartPolicy(registration, 'app')).toEqual({
      enabled: true,
      restartAttemptPeriod: 60
    })
    expect(enabledRestartPolicy(registration, 'agent')).toBeUndefined()
    expect(enabledRestartPolicy(registration, 'missing')).toBeUndefined()
    expect(enabledRestartPolicy({}, 'app')).toBeUndefined()
  })
})

describe('withRestartPolicyOff', () => {
  it("turns off the named container's policy only: a sidecar restarting is what it is for", () => {
    const off = withRestartPolicyOff(registration, 'app')
    expect(off?.containerDefinitions?.map((c) => [c.name, c.restartPolicy])).toEqual([
      ['app', { enabled: false }],
      ['envoy', { enabled: true }],
      ['agent', { enabled: false }]
    ])
    expect(off?.family).toBe('shop-migrate')
    // Pure: the registration it was given is unchanged.
    expect(registration.containerDefinitions?.[0]?.restartPolicy?.enabled).toBe(true)
  })

  it('is undefined when the container has no policy enabled', () => {
    expect(withRestartPolicyOff(registration, 'agent')).toBeUndefined()
  })
})

describe('the lines', () => {
  it('say the policy, its period and that the action turned it off', () => {
    expect(restartPolicyTurnedOff({ enabled: true, restartAttemptPeriod: 60 }, 'app')).toBe(
      'Container "app" has a restart policy (restarts on any exit code, 0 included, after 60 s): ' +
        'turned off in the revision the action registers, so that ECS does not run the command ' +
        'again when it exits.'
    )
  })

  it("warn of the risk with ECS's default period and the ignored exit codes, then the fixes", () => {
    const risk = restartPolicyRisk({ enabled: true, ignoredExitCodes: [0, 2] }, 'app', 'shop:7')
    expect(risk).toContain(
      'Container "app" of shop:7 has a restart policy (restarts on exit codes other than 0, 2, ' +
        'after 300 s): if it exits after running 300 s, ECS starts it again in the same task'
    )
    expect(risk).toContain('Register a revision with "restartPolicy": {"enabled": false}')
    expect(risk).toContain('give "image"')
    expect(risk).toContain('"ignoredExitCodes"')
  })
})
