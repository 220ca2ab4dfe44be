/**
 * Inputs through the bundled action: every bad value fails before any AWS call, and
 * every good one shows up in the request ECS receives.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { useEmulator, runAction } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('job'))
})

describe('bad inputs fail before any AWS call', () => {
  it.each([
    [{ 'task-definition': '' }, /"task-definition"/],
    [{ count: '11' }, /"count".*"11"/],
    [{ count: 'two' }, /"count".*"two"/],
    [{ 'wait-timeout': '-1' }, /"wait-timeout".*"-1"/],
    [{ wait: 'yes' }, /"wait".*"yes"/],
    [{ command: '["unterminated"' }, /"command"/],
    [{ command: "echo 'unterminated" }, /"command"/],
    [{ 'launch-type': 'fargate' }, /"launch-type".*"fargate"/],
    [
      { 'launch-type': 'FARGATE', 'capacity-provider-strategy': 'FARGATE_SPOT:1' },
      /"launch-type".*"capacity-provider-strategy"|"capacity-provider-strategy".*"launch-type"/
    ],
    [{ 'assign-public-ip': 'ENABLED' }, /"assign-public-ip"/],
    [{ 'client-token': 'x'.repeat(65) }, /"client-token"/],
    [{ 'client-token': 'has space' }, /"client-token"/],
    [{ 'started-by': 'bad:chars' }, /"started-by"/],
    [{ environment: 'NOEQUALS' }, /"environment"/],
    [{ overrides: '{"cpu": 256, "bogus": 1}' }, /"overrides".*bogus/],
    [{ 'placement-strategy': '[{"type": "sideways"}]' }, /placement-strategy\[0\]\.type/],
    [{ 'aws-region': 'mars' }, /"aws-region"/]
  ])('%j', async (inputs, expected) => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', ...inputs }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(expected)
    // The heading names the use (its task definition, when given), so two uses in one job differ.
    const use = (inputs as Record<string, string>)['task-definition'] === '' ? '' : ': job'
    expect(result.summary.startsWith(`### ❌ Invalid input${use}\n\n- Input`)).toBe(true)
    expect(emu.calls).toHaveLength(0)
  })

  it('never echoes an environment value in the error', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'job',
        environment: 'GOOD=s3cr3t-value\n1BAD=other-s3cr3t',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/::error title=Invalid input::.*"environment"/)
    // Only the runner's masking commands may carry a value; the error never does.
    const shown = result.lines.filter((l) => !l.startsWith('::add-mask::'))
    expect(shown.join('\n')).not.toContain('s3cr3t')
    expect(emu.calls).toHaveLength(0)
  })

  it('rejects an unknown container before RunTask', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', container: 'web', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '::error title=Invalid input::Input "container" must be a container of job:1: "app", got "web".'
    )
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })
})

describe('the request ECS receives', () => {
  async function requestFor(inputs: Record<string, string>, workspace?: string) {
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'job',
        wait: 'false',
        // The job's definition is awsvpc: a network, unless the test gives one or a service's.
        ...(inputs['subnets'] || inputs['network-from-service'] ? {} : { subnets: 'subnet-0e2e' }),
        ...inputs
      },
      ...(workspace ? { workspace } : {})
    })
    expect(result.code, result.stdout).toBe(0)
    const calls = emu.callsOf('RunTask')
    expect(calls).toHaveLength(1)
    return { request: calls[0]!.input, result }
  }

  it('networking, launch type and platform', async () => {
    const { request } = await requestFor({
      subnets: 'subnet-0a1, subnet-0b2',
      'security-groups': 'sg-0c3',
      'assign-public-ip': 'ENABLED',
      'launch-type': 'FARGATE',
      'platform-version': '1.4.0'
    })
    expect(request.networkConfiguration).toEqual({
      awsvpcConfiguration: {
        subnets: ['subnet-0a1', 'subnet-0b2'],
        securityGroups: ['sg-0c3'],
        assignPublicIp: 'ENABLED'
      }
    })
    expect(request.launchType).toBe('FARGATE')
    expect(request.platformVersion).toBe('1.4.0')
  })

  it('capacity provider strategy, placement, group, tags, exec', async () => {
    const { request } = await requestFor({
      'capacity-provider-strategy': 'FARGATE_SPOT:1\nFARGATE:0:1',
      'placement-constraints':
        '[{"type":"memberOf","expression":"attribute:ecs.os-type == linux"}]',
      'placement-strategy': '[{"type":"spread","field":"attribute:ecs.availability-zone"}]',
      group: 'migrations',
      tags: 'team=payments\ncost-center=42',
      'propagate-tags': 'TASK_DEFINITION',
      'enable-ecs-managed-tags': 'true',
      'enable-execute-command': 'true',
      'started-by': 'deploy/prod',
      count: '2'
    })
    expect(request.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
      { capacityProvider: 'FARGATE', weight: 0, base: 1 }
    ])
    expect(request.placementConstraints).toEqual([
      { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }
    ])
    expect(request.placementStrategy).toEqual([
      { type: 'spread', field: 'attribute:ecs.availability-zone' }
    ])
    expect(request.group).toBe('migrations')
    expect(request.tags).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'cost-center', value: '42' }
    ])
    expect(request.propagateTags).toBe('TASK_DEFINITION')
    expect(request.enableECSManagedTags).toBe(true)
    expect(request.enableExecuteCommand).toBe(true)
    expect(request.startedBy).toBe('deploy/prod')
    expect(request.count).toBe(2)
  })

  it('EBS volume configurations', async () => {
    const volumes = [
      {
        name: 'scratch',
        managedEBSVolume: {
          roleArn: 'arn:aws:iam::123456789012:role/ebs',
          sizeInGiB: 100,
          volumeType: 'gp3'
        }
      }
    ]
    const { request } = await requestFor({ 'volume-configurations': JSON.stringify(volumes) })
    expect(request.volumeConfigurations).toEqual(volumes)
  })

  it('overrides merged with command and environment', async () => {
    emu.registerTaskDefinition(
      appDefinition('duo', [{ name: 'app' }, { name: 'proxy', essential: false }])
    )
    const { request } = await requestFor({
      'task-definition': 'duo',
      overrides: JSON.stringify({
        cpu: '1024',
        memory: '2048',
        taskRoleArn: 'arn:aws:iam::123456789012:role/migrate',
        containerOverrides: [
          { name: 'proxy', command: ['envoy'] },
          {
            name: 'app',
            environment: [
              { name: 'A', value: '1' },
              { name: 'B', value: 'old' }
            ]
          }
        ]
      }),
      command: '["bin/rails","db:migrate"]',
      environment: 'B=new\nC=3'
    })
    expect(request.overrides).toEqual({
      cpu: '1024',
      memory: '2048',
      taskRoleArn: 'arn:aws:iam::123456789012:role/migrate',
      containerOverrides: [
        { name: 'proxy', command: ['envoy'] },
        {
          name: 'app',
          command: ['bin/rails', 'db:migrate'],
          environment: [
            { name: 'A', value: '1' },
            { name: 'B', value: 'new' },
            { name: 'C', value: '3' }
          ]
        }
      ]
    })
  })

  it('network copied from a service, explicit security groups win', async () => {
    emu.addService({
      serviceName: 'web',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0aa'],
          securityGroups: ['sg-0bb'],
          assignPublicIp: 'ENABLED'
        }
      }
    })
    const { request } = await requestFor({
      'network-from-service': 'web',
      'security-groups': 'sg-0cc'
    })
    expect(request.networkConfiguration).toEqual({
      awsvpcConfiguration: {
        subnets: ['subnet-0aa'],
        securityGroups: ['sg-0cc'],
        assignPublicIp: 'ENABLED'
      }
    })
  })

  it('a missing service fails before RunTask', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'network-from-service': 'nope' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /"network-from-service": service "nope" was not found in cluster "default"/
    )
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })

  it('a task definition file is registered and its new revision run', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ecs-run-task-ws-'))
    const rendered = {
      taskDefinition: {
        ...appDefinition('from-file'),
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/from-file:9',
        revision: 9,
        status: 'ACTIVE',
        requiresAttributes: [],
        compatibilities: ['EC2', 'FARGATE'],
        registeredAt: '2026-01-01T00:00:00Z',
        registeredBy: 'arn:aws:iam::123456789012:user/ci'
      }
    }
    writeFileSync(join(workspace, 'task-def.json'), JSON.stringify(rendered))
    const { request, result } = await requestFor({ 'task-definition': 'task-def.json' }, workspace)
    const registered = emu.callsOf('RegisterTaskDefinition')
    expect(registered).toHaveLength(1)
    expect(registered[0]!.input.family).toBe('from-file')
    expect(registered[0]!.input).not.toHaveProperty('revision')
    expect(registered[0]!.input).not.toHaveProperty('taskDefinitionArn')
    expect(request.taskDefinition).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/from-file:1'
    )
    expect(result.outputs['task-definition-arn']).toBe(request.taskDefinition)
  })

  it('a task definition file that is not JSON fails with the parser position', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ecs-run-task-ws-'))
    writeFileSync(join(workspace, 'broken.json'), '{"family": "x",\n  "containerDefinitions": [}')
    const result = await runAction({
      endpoint: emu.url,
      workspace,
      inputs: { 'task-definition': 'broken.json', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/"task-definition".*broken\.json.*position|line/i)
    expect(emu.calls).toHaveLength(0)
  })
})
