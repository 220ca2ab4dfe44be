/**
 * Requests ECS refuses fail before anything is registered or started, in the dry run too, and a
 * RunTask that starts fewer tasks than asked says what ECS answered: dist/index.js against the
 * emulator (which refuses the same requests, as ECS does), as the runner starts it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import type { ActionResult } from '../support/runner.js'
import { productionDefinition, SHOP_REPOSITORY } from '../support/task-definitions.js'
import { runAction, useEmulator } from './fixtures.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})

const ops = (): string[] => emu.calls.map((c) => c.op)
const errors = (result: ActionResult): string[] =>
  result.lines.filter((l) => l.startsWith('::error'))
const IMAGE = `${SHOP_REPOSITORY}:0f3c9a1`
const NETWORK = { subnets: 'subnet-0aa', 'security-groups': 'sg-0bb' }

/** The legacy worker fleet's job: bridge networking on container instances, EC2 only. */
const BRIDGE_JOB = {
  family: 'nightly-report',
  networkMode: 'bridge',
  requiresCompatibilities: ['EC2'],
  containerDefinitions: [
    {
      name: 'report',
      image: `${SHOP_REPOSITORY}:v41`,
      memory: 1024,
      essential: true,
      command: ['bin/rails', 'reports:nightly']
    }
  ]
}

/** Nothing was registered, started or stopped. */
function expectNoChange(): void {
  expect(ops().filter((op) => !op.startsWith('Describe'))).toEqual([])
  expect(emu.tasks()).toEqual([])
}

describe('what RunTask would refuse, said before anything is registered or started', () => {
  it('propagate-tags: SERVICE: an input error before any AWS call', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shop',
        image: IMAGE,
        command: 'bin/rails db:migrate',
        'propagate-tags': 'SERVICE',
        ...NETWORK
      }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Invalid input::Input "propagate-tags" must be TASK_DEFINITION or NONE, got ' +
        '"SERVICE": RunTask refuses SERVICE (a service propagates its tags only to the tasks it ' +
        'starts itself).'
    ])
    expect(ops()).toEqual([])
    expect(emu.taskDefinitions('shop')).toHaveLength(1)
    expect(result.summary).toContain('Invalid input')
  })

  it('platform-version and assign-public-ip: ENABLED with launch-type EC2: both said, no AWS call', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shop',
        'launch-type': 'EC2',
        'platform-version': '1.4.0',
        'assign-public-ip': 'ENABLED',
        ...NETWORK
      }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Invalid input::Input "platform-version" is "1.4.0", but the launch type is ' +
        'EC2 (input "launch-type"): ECS accepts a platform version only for Fargate (launch type ' +
        'FARGATE, or a FARGATE or FARGATE_SPOT capacity provider). Remove "platform-version", or ' +
        'run the task on Fargate.%0AInput "assign-public-ip" is ENABLED, but the launch type is ' +
        'EC2 (input "launch-type"): ECS assigns a public IP only to Fargate tasks; on EC2 and ' +
        'EXTERNAL it accepts DISABLED only. Give "assign-public-ip: DISABLED", or run the task on ' +
        'Fargate.'
    ])
    expect(ops()).toEqual([])
  })

  it("a service's public IP with launch-type EXTERNAL: named as the service's, before RunTask", async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    emu.addService({
      serviceName: 'shop-web',
      taskDefinition: 'shop:1',
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0aa'],
          securityGroups: ['sg-0bb'],
          assignPublicIp: 'ENABLED'
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'shop-web', 'launch-type': 'EXTERNAL', image: IMAGE }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      `::error title=Invalid input::The public IP setting of service "shop-web"'s network ` +
        '(input "service") is ENABLED, but the launch type is EXTERNAL (input "launch-type"): ECS ' +
        'assigns a public IP only to Fargate tasks; on EC2 and EXTERNAL it accepts DISABLED ' +
        'only. Give "assign-public-ip: DISABLED", or run the task on Fargate.'
    ])
    expectNoChange()
    expect(emu.taskDefinitions('shop')).toHaveLength(1)
  })

  it("platform-version with a service's EC2 launch type: named as copied from the service", async () => {
    emu.registerTaskDefinition(BRIDGE_JOB)
    emu.addCluster('default', { containerInstances: 2 })
    emu.addService({
      serviceName: 'report-worker',
      taskDefinition: 'nightly-report:1',
      launchType: 'EC2'
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'report-worker', 'platform-version': 'LATEST', 'dry-run': 'true' }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Invalid input::Input "platform-version" is "LATEST", but the launch type is ' +
        'EC2 (copied from service "report-worker", input "service"): ECS accepts a platform ' +
        'version only for Fargate (launch type FARGATE, or a FARGATE or FARGATE_SPOT capacity ' +
        'provider). Remove "platform-version", or run the task on Fargate.'
    ])
    expectNoChange()
  })

  it('90 environment lines with image: over 8,192 characters of overrides, nothing registered', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    // A job configured entirely through the step: 90 settings of 96 characters each.
    const environment = Array.from(
      { length: 90 },
      (_, i) => `SETTING_${String(i).padStart(2, '0')}=${'v'.repeat(96)}`
    ).join('\n')
    const inputs = { 'task-definition': 'shop', image: IMAGE, environment, ...NETWORK }
    for (const dryRun of ['true', 'false']) {
      emu.calls.length = 0
      const result = await runAction({
        endpoint: emu.url,
        inputs: { ...inputs, 'dry-run': dryRun }
      })
      expect(result.code, dryRun).toBe(1)
      expect(errors(result)).toEqual([
        '::error title=Invalid input::Input "environment": the task overrides RunTask would send ' +
          'are 11,665 characters of JSON, and ECS accepts at most 8,192. Move long or many ' +
          'values into the task definition (its environment, or environmentFiles in S3), or ' +
          'shorten them.'
      ])
      expectNoChange()
      expect(emu.taskDefinitions('shop')).toHaveLength(1)
      // The values are never printed, not even in the refusal.
      expect(result.stdout).not.toContain('v'.repeat(96))
    }
  })

  it('an EC2-only (bridge) definition on FARGATE, given or implied by FARGATE_SPOT: nothing started', async () => {
    emu.registerTaskDefinition(BRIDGE_JOB)
    const given = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'nightly-report', 'launch-type': 'FARGATE', ...NETWORK }
    })
    expect(given.code).toBe(1)
    expect(errors(given)).toEqual([
      '::error title=Invalid input::Task definition nightly-report:1 is compatible with EC2 only ' +
        '(its compatibilities), but the launch type is FARGATE (input "launch-type"): ECS runs a ' +
        'task definition only on a launch type it is compatible with. Run it with a launch type ' +
        'it is compatible with, or register a revision with "requiresCompatibilities": ' +
        '["FARGATE"] (awsvpc network mode, task-level cpu and memory).'
    ])
    expectNoChange()

    emu.calls.length = 0
    const spot = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'nightly-report',
        'capacity-provider-strategy': 'FARGATE_SPOT:1',
        image: IMAGE,
        'dry-run': 'true',
        ...NETWORK
      }
    })
    expect(spot.code).toBe(1)
    expect(errors(spot)[0]).toContain(
      'but the launch type is FARGATE (input "capacity-provider-strategy": a Fargate capacity provider)'
    )
    expectNoChange()
    expect(emu.taskDefinitions('nightly-report')).toHaveLength(1)
  })

  it('the launch type copied from a service, for a definition that is not compatible with it', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    emu.registerTaskDefinition(BRIDGE_JOB)
    emu.addService({
      serviceName: 'shop-web',
      taskDefinition: 'shop:1',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0aa'], securityGroups: ['sg-0bb'] }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'shop-web', 'task-definition': 'nightly-report' }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Invalid input::Task definition nightly-report:1 is compatible with EC2 only ' +
        '(its compatibilities), but the launch type is FARGATE (copied from service ' +
        '"shop-web", input "service": a Fargate capacity provider): ECS runs a task definition ' +
        'only on a launch type it is compatible with. Run it with a launch type it is ' +
        'compatible with, or register a revision with "requiresCompatibilities": ["FARGATE"] ' +
        '(awsvpc network mode, task-level cpu and memory).'
    ])
    expectNoChange()
  })

  it('a file without requiresCompatibilities on FARGATE: not registered', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ecs-run-task-refused-'))
    const file = { ...productionDefinition('shop') }
    delete file.requiresCompatibilities
    writeFileSync(join(workspace, 'task-definition.json'), JSON.stringify(file, null, 2))
    const result = await runAction({
      endpoint: emu.url,
      workspace,
      inputs: { 'task-definition': 'task-definition.json', 'launch-type': 'FARGATE', ...NETWORK }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Invalid input::The task definition from task-definition.json is not ' +
        'compatible with it (it has no requiresCompatibilities), but the launch type is FARGATE ' +
        '(input "launch-type"): ECS runs a task definition only on a launch type it is ' +
        'compatible with. Run it with a launch type it is compatible with, or register a ' +
        'revision with "requiresCompatibilities": ["FARGATE"] (awsvpc network mode, task-level ' +
        'cpu and memory).'
    ])
    expectNoChange()
    expect(emu.taskDefinitions('shop')).toEqual([])
  })

  it('the same definition on a launch type it is compatible with runs', async () => {
    emu.registerTaskDefinition(BRIDGE_JOB)
    emu.addCluster('default', { containerInstances: 1 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'nightly-report', 'launch-type': 'EC2', ...NETWORK }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
  })
})

describe('a RunTask that starts fewer tasks than asked', () => {
  it('with no failures: says what ECS answered, follows the task it started, and fails', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    emu.script('shop', { startAtMost: 2 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shop',
        container: 'app',
        count: '3',
        'stream-logs': 'false',
        ...NETWORK
      }
    })
    expect(result.code).toBe(1)
    const headline =
      'ECS started 2 of the 3 tasks asked for: RunTask answered 2 tasks and no failures, so ECS ' +
      'gave no reason for the others.'
    expect(result.lines).toContain(`::warning title=Partial placement::${headline}`)
    expect(result.stdout).toContain('ECS placed 2 of 3 tasks and answered no failures')
    expect(result.stdout).not.toContain('placement failures above')
    expect(errors(result)).toEqual([
      `::error title=Task not started::${headline}%0ACheck the capacity of cluster "default" ` +
        '(its capacity providers or container instances) and its events in the ECS console, or ' +
        'lower "count".'
    ])
    expect(emu.tasks()).toHaveLength(2)
    expect(emu.tasks().every((t) => t.lastStatus === 'STOPPED')).toBe(true)
  })
})
