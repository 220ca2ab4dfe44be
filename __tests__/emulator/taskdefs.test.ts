// RegisterTaskDefinition recorded faithfully, DescribeTaskDefinition's read-only fields and tags,
// and the refusal of read-only fields that proves a caller strips them.

import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import type { ECSClient, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { describe, expect, it, vi } from 'vitest'
import { READ_ONLY_TASK_DEFINITION_FIELDS } from '../../emulator/server.js'
import { rejection, taskDef, useSharedEmulator, type Emulator } from './helpers.js'

let emu: Emulator
let ecs: ECSClient
const T0 = Date.UTC(2025, 5, 1, 8, 0, 0)
const ARN = 'arn:aws:ecs:us-east-1:123456789012'

useSharedEmulator((shared) => ({ emu, ecs } = shared), T0)

/** A definition with many optional fields, as a rendered task-definition file would have. */
function fullDefinition(): RegisterTaskDefinitionCommandInput {
  const base = taskDef('migrate')
  return {
    ...base,
    taskRoleArn: 'arn:aws:iam::123456789012:role/migrate',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecution',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    ephemeralStorage: { sizeInGiB: 30 },
    containerDefinitions: [
      {
        ...base.containerDefinitions![0]!,
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.4.2',
        command: ['bin/rails', 'db:migrate'],
        environment: [{ name: 'RAILS_ENV', value: 'production' }],
        secrets: [
          {
            name: 'DATABASE_URL',
            valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'
          }
        ],
        stopTimeout: 120
      }
    ]
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- error bodies are read freely
async function raw(op: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(emu.url, {
    method: 'POST',
    headers: {
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${op}`,
      'content-type': 'application/x-amz-json-1.1'
    },
    body: JSON.stringify(body)
  })
  return { status: res.status, body: await res.json() }
}

describe('RegisterTaskDefinition and DescribeTaskDefinition', () => {
  it('keeps every revision with all given fields; taskDefinitions(family) reads them', async () => {
    const input = fullDefinition()
    await ecs.send(new RegisterTaskDefinitionCommand(input))
    vi.setSystemTime(T0 + 60_000)
    await ecs.send(new RegisterTaskDefinitionCommand({ ...input, cpu: '1024', memory: '2048' }))
    const revisions = emu.taskDefinitions('migrate')
    expect(revisions.map((r) => [r.revision, r.cpu, r.registeredAt])).toEqual([
      [1, '256', T0 / 1000],
      [2, '1024', (T0 + 60_000) / 1000]
    ])
    // Everything given is kept, as given (essential defaults to true).
    const { containerDefinitions, ...rest } = input
    expect(revisions[0]).toMatchObject(rest)
    expect(revisions[0].containerDefinitions).toEqual([
      { ...containerDefinitions![0], essential: true }
    ])
    // A copy: changing it does not change the emulator's record.
    revisions[0].cpu = 'changed'
    expect(emu.taskDefinitions('migrate')[0].cpu).toBe('256')
    expect(emu.taskDefinitions('unknown')).toEqual([])
  })

  it('DescribeTaskDefinition returns the read-only fields real ECS adds', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(fullDefinition()))
    const { taskDefinition, tags } = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'migrate' })
    )
    expect(taskDefinition).toMatchObject({
      taskDefinitionArn: `${ARN}:task-definition/migrate:1`,
      family: 'migrate',
      revision: 1,
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      registeredAt: new Date(T0),
      registeredBy: 'arn:aws:iam::123456789012:user/emulator'
    })
    expect(taskDefinition?.deregisteredAt).toBeUndefined()
    expect(taskDefinition?.requiresAttributes?.map((a) => a.name)).toEqual([
      'com.amazonaws.ecs.capability.logging-driver.awslogs',
      'ecs.capability.execution-role-awslogs',
      'com.amazonaws.ecs.capability.docker-remote-api.1.19',
      'com.amazonaws.ecs.capability.ecr-auth',
      'ecs.capability.execution-role-ecr-pull',
      'ecs.capability.secrets.asm.environment-variables',
      'com.amazonaws.ecs.capability.task-iam-role',
      'ecs.capability.task-eni',
      'com.amazonaws.ecs.capability.docker-remote-api.1.18'
    ])
    // No include: no tags member at all.
    expect(tags).toBeUndefined()
  })

  it('tags given on register come back with include: ["TAGS"] only', async () => {
    const tags = [
      { key: 'team', value: 'payments' },
      { key: 'github-run', value: '42' }
    ]
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({ ...taskDef('tagged'), tags })
    )
    expect(registered.tags).toEqual(tags)
    await ecs.send(new RegisterTaskDefinitionCommand(taskDef('tagged')))

    const withTags = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'tagged:1', include: ['TAGS'] })
    )
    expect(withTags.tags).toEqual(tags)
    const without = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'tagged:1' })
    )
    expect(without.tags).toBeUndefined()
    // Revision 2 was registered without tags.
    const latest = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'tagged', include: ['TAGS'] })
    )
    expect(latest.tags).toEqual([])
    expect(emu.taskDefinitionTags('tagged:1')).toEqual(tags)
    expect(emu.taskDefinitionTags(`${ARN}:task-definition/tagged:2`)).toEqual([])
    expect(emu.taskDefinitionTags('nope')).toBeUndefined()
    // The definition itself does not carry the tags.
    expect(emu.taskDefinitions('tagged')[0]).not.toHaveProperty('tags')
  })

  it('refuses a request carrying read-only fields, naming them (ClientException)', async () => {
    const described = emu.registerTaskDefinition(taskDef('copy'))
    // A described definition fed back as is, the mistake a caller must avoid.
    const { status, body } = await raw('RegisterTaskDefinition', described)
    expect(status).toBe(400)
    expect(body.__type).toBe('ClientException')
    for (const field of ['taskDefinitionArn', 'revision', 'status', 'compatibilities']) {
      expect(body.message).toContain(`"${field}"`)
    }
    expect(body.message).toMatch(/^Unknown parameters in input: /)
    // One field is enough.
    const one = await raw('RegisterTaskDefinition', { ...taskDef('copy'), registeredBy: 'me' })
    expect(one.body.message).toMatch(/^Unknown parameter in input: "registeredBy"\./)
    for (const field of READ_ONLY_TASK_DEFINITION_FIELDS) {
      const r = await raw('RegisterTaskDefinition', { ...taskDef('copy'), [field]: 'x' })
      expect([r.status, r.body.message]).toEqual([400, expect.stringContaining(`"${field}"`)])
    }
    // Nothing was registered by the refused calls.
    expect(emu.taskDefinitions('copy')).toHaveLength(1)
  })

  it('the SDK v3 itself drops members its model does not know, so only raw callers hit the refusal', async () => {
    const described = emu.registerTaskDefinition(taskDef('viasdk'))
    const out = await ecs.send(
      new RegisterTaskDefinitionCommand(described as RegisterTaskDefinitionCommandInput)
    )
    expect(out.taskDefinition?.revision).toBe(2)
    const sent = emu.callsOf('RegisterTaskDefinition')[0]!.input
    for (const field of READ_ONLY_TASK_DEFINITION_FIELDS) expect(sent).not.toHaveProperty(field)
  })

  it('the seeding helper drops read-only fields instead of refusing them', () => {
    const first = emu.registerTaskDefinition(taskDef('seeded'))
    const second = emu.registerTaskDefinition({ ...first, revision: 99, status: 'INACTIVE' })
    expect([second.revision, second.status]).toEqual([2, 'ACTIVE'])
  })

  it('unknown definitions: ClientException', async () => {
    const err = await rejection(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'ghost:3', include: ['TAGS'] }))
    )
    expect([err.name, err.message]).toEqual([
      'ClientException',
      'Unable to describe task definition.'
    ])
  })
})
