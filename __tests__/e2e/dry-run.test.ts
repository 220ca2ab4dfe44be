/**
 * dry-run end to end: dist/index.js against the emulator. A dry run makes only read-only calls
 * (Describe*), shows what would run and the permissions it needs, and fails like a real run
 * on anything the action checks before RunTask.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { useEmulator, runAction } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'
import { visibleLines, type ActionResult } from '../support/runner.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition'
const ops = (): string[] => emu.calls.map((c) => c.op)

/** The outputs of a run that started nothing. */
const NOTHING_STARTED = {
  'task-arn': '',
  'task-arns': '[]',
  'task-id': '',
  'exit-code': '',
  'stopped-reason': '',
  'log-url': '',
  attempts: '0',
  results: '[]',
  'task-outputs': '{}',
  skipped: 'false'
}

/** The `::error` lines of a run: what fails it, with its titles. */
const errors = (result: ActionResult): string[] =>
  result.lines.filter((l) => l.startsWith('::error'))

describe('dry-run', () => {
  it('a family: describes it, shows the request and permissions, starts nothing', async () => {
    emu.addCluster('production')
    emu.registerTaskDefinition({
      ...appDefinition('shop-migrate'),
      executionRoleArn: 'arn:aws:iam::123456789012:role/shop-execution'
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shop-migrate',
        cluster: 'production',
        command: 'bin/rails db:migrate',
        environment: 'DATABASE_PASSWORD=hunter2',
        subnets: 'subnet-0aa',
        'security-groups': 'sg-0bb',
        'launch-type': 'FARGATE',
        'dry-run': 'true'
      }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(ops()).toEqual(['DescribeClusters', 'DescribeTaskDefinition'])
    expect(result.outputs).toEqual({
      ...NOTHING_STARTED,
      'task-definition-arn': `${TD}/shop-migrate:1`
    })

    const shown = visibleLines(result)
    expect(shown).toContain(
      'Dry run: the inputs are valid. Nothing is registered, started or stopped.'
    )
    expect(shown).toContain(`  Task definition: ${TD}/shop-migrate:1`)
    expect(shown).toContain(
      '  Container:       app (the only essential container that is not a FireLens log router)'
    )
    expect(shown).toContain('  Command:         ["bin/rails","db:migrate"]')
    expect(shown).toContain('  Cluster:         production (us-east-1)')
    expect(shown).toContain(
      '  Network:         awsvpc, subnets subnet-0aa; security groups sg-0bb; public IP DISABLED'
    )
    expect(shown).toContain('  Launch:          launch type FARGATE')
    expect(result.lines).toContain('::group::RunTask request that would be sent')
    expect(result.lines).toContain('::group::Permissions this run needs (7)')
    expect(shown).toContain(
      'ecs:DescribeClusters on arn:aws:ecs:us-east-1:123456789012:cluster/production: check the ' +
        'cluster before anything is registered or started (without it, the check is skipped)'
    )
    expect(shown).toContain(
      'Not checked: A dry run calls only read-only APIs (Describe*), so it cannot check what ECS ' +
        'and IAM check when the task is registered or run: that the role has the permissions ' +
        'listed, that the subnets, security groups, roles and images exist and can be used, ' +
        'placement and capacity, and the platform version.'
    )
    expect(shown).toContain(
      `ecs:RunTask on arn:aws:ecs:us-east-1:123456789012:task-definition/shop-migrate:* when ` +
        'ecs:cluster = arn:aws:ecs:us-east-1:123456789012:cluster/production: start the task'
    )
    expect(shown).toContain(
      'iam:PassRole on arn:aws:iam::123456789012:role/shop-execution when ' +
        'iam:PassedToService = ecs-tasks.amazonaws.com: hand the task and execution roles to ECS'
    )
    expect(shown).toContain(
      'logs:GetLogEvents on arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:log-stream:*: ' +
        'stream the containers’ logs'
    )
    expect(result.stdout).not.toContain('hunter2')
    expect(result.stdout).toContain('"value": "***"')
    expect(result.lines).toContain(
      `::notice title=Dry run::Dry run: ${TD}/shop-migrate:1 would run in cluster production ` +
        '(us-east-1); nothing was started.'
    )
    expect(errors(result)).toEqual([])

    expect(result.summary).toContain('### 🔍 Dry run: nothing was started')
    expect(result.summary).toContain(`| Task definition | ${TD}/shop-migrate:1 |`)
    expect(result.summary).toContain('| Command | ["bin/rails","db:migrate"] |')
    expect(result.summary).toContain(
      '<details><summary>RunTask request that would be sent</summary>'
    )
    expect(result.summary).toContain(
      '| <code>ecs:RunTask</code> | <code>arn:aws:ecs:us-east-1:123456789012:task-definition/shop-migrate:*</code> |'
    )
    expect(result.summary).not.toContain('hunter2')
    expect(result.state).toEqual({})
  })

  it('a file: shows what would be registered and never registers it', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ecs-run-task-dry-'))
    const definition = {
      ...appDefinition('report'),
      executionRoleArn: 'report-exec',
      tags: [{ key: 'team', value: 'data' }]
    }
    writeFileSync(join(workspace, 'report.json'), JSON.stringify(definition))
    const result = await runAction({
      endpoint: emu.url,
      workspace,
      inputs: { 'task-definition': 'report.json', subnets: 'subnet-1', 'dry-run': 'true' }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(ops()).toEqual(['DescribeClusters'])
    expect(emu.taskDefinitions('report')).toEqual([])
    expect(result.outputs).toEqual({ ...NOTHING_STARTED, 'task-definition-arn': '' })

    const shown = visibleLines(result)
    expect(shown).toContain(
      '  Task definition: report:<next revision>, registered first from the task definition from report.json'
    )
    expect(result.lines).toContain('::group::Task definition that would be registered')
    expect(result.stdout).toContain('"taskDefinition": "report:<next revision>"')
    expect(result.stdout).toContain('"family": "report"')
    // Registering a file with tags and roles needs more than running a registered one.
    for (const needed of [
      'ecs:RegisterTaskDefinition on *',
      'ecs:TagResource on arn:aws:ecs:us-east-1:ACCOUNT_ID:task-definition/report:* when ecs:CreateAction = RegisterTaskDefinition',
      'iam:PassRole on arn:aws:iam::ACCOUNT_ID:role/report-exec'
    ]) {
      expect(
        shown.some((l) => l.startsWith(needed)),
        needed
      ).toBe(true)
    }
    expect(shown.some((l) => l.startsWith('ecs:DescribeTaskDefinition'))).toBe(false)
    expect(result.summary).toContain('<summary>Task definition that would be registered</summary>')
  })

  it('a service with image: shows the revision that would be registered, registers nothing', async () => {
    const base = {
      ...appDefinition('shop', [{ name: 'app' }, { name: 'sidecar', essential: false }]),
      executionRoleArn: 'arn:aws:iam::123456789012:role/shop-exec',
      taskRoleArn: 'arn:aws:iam::123456789012:role/shop-task',
      tags: [{ key: 'team', value: 'shop' }]
    }
    emu.registerTaskDefinition(base)
    emu.registerTaskDefinition(base)
    emu.addService({
      serviceName: 'shop-web',
      taskDefinition: 'shop:2',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      platformVersion: '1.4.0',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0aa'], securityGroups: ['sg-0cc'] }
      }
    })
    const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:0f3c9a1'
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        service: 'shop-web',
        image,
        command: 'bin/rails db:migrate',
        'dry-run': 'true'
      }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(ops()).toEqual(['DescribeClusters', 'DescribeServices', 'DescribeTaskDefinition'])
    expect(emu.callsOf('DescribeTaskDefinition')[0]?.input).toEqual({
      taskDefinition: `${TD}/shop:2`,
      include: ['TAGS']
    })
    expect(emu.taskDefinitions('shop')).toHaveLength(2)
    expect(result.outputs).toEqual({ ...NOTHING_STARTED, 'task-definition-arn': '' })

    const shown = visibleLines(result)
    expect(shown).toContain('  Task definition: shop:<next revision>, registered first from shop:2')
    expect(shown).toContain(`  Images:          app: ${image}`)
    expect(shown).toContain(
      '  Network:         awsvpc, subnets subnet-0aa; security groups sg-0cc; public IP DISABLED'
    )
    expect(shown).toContain(
      '  Launch:          capacity provider strategy FARGATE_SPOT:1:0, platform version 1.4.0'
    )
    expect(shown.some((l) => /^ {2}Service: +shop-web \(deployment ecs-svc\/\d+\)$/.test(l))).toBe(
      true
    )
    // The derived revision: only the image of app replaced, the tags carried over.
    const registration = JSON.parse(
      result.stdout
        .split('::group::Task definition that would be registered\n')[1]
        ?.split('\n::endgroup::')[0] ?? '{}'
    )
    expect(registration).toMatchObject({
      family: 'shop',
      executionRoleArn: 'arn:aws:iam::123456789012:role/shop-exec',
      tags: [{ key: 'team', value: 'shop' }]
    })
    expect(registration.containerDefinitions.map((c: { image: string }) => c.image)).toEqual([
      image,
      'registry.example/sidecar:1'
    ])
    expect(result.stdout).toContain('"taskDefinition": "shop:<next revision>"')
    for (const needed of [
      'ecs:DescribeServices on arn:aws:ecs:us-east-1:123456789012:service/default/shop-web',
      'ecs:DescribeTaskDefinition on *',
      'ecs:RegisterTaskDefinition on *',
      'ecs:TagResource on arn:aws:ecs:us-east-1:123456789012:task-definition/shop:* when ecs:CreateAction = RegisterTaskDefinition',
      'iam:PassRole on arn:aws:iam::123456789012:role/shop-task, arn:aws:iam::123456789012:role/shop-exec when',
      'ecs:RunTask on arn:aws:ecs:us-east-1:123456789012:task-definition/shop:*'
    ]) {
      expect(
        shown.some((l) => l.startsWith(needed)),
        needed
      ).toBe(true)
    }
    expect(result.summary).toContain('| Images | app: ')
  })

  it('an unknown service: fails as a real run would, with only DescribeServices', async () => {
    const inputs = { service: 'nope', image: 'repo/app:1' }
    const dry = await runAction({ endpoint: emu.url, inputs: { ...inputs, 'dry-run': 'true' } })
    expect(ops()).toEqual(['DescribeClusters', 'DescribeServices'])
    emu.calls.length = 0
    const real = await runAction({ endpoint: emu.url, inputs })
    expect(ops()).toEqual(['DescribeClusters', 'DescribeServices'])
    expect(dry.code).toBe(1)
    expect(errors(dry)).toEqual([
      '::error title=Task not started::Input "service": service "nope" was not found in cluster ' +
        '"default" (region us-east-1). Check the service name, the "cluster" input and the region.'
    ])
    expect(errors(dry)).toEqual(errors(real))
    expect(dry.summary).toBe(real.summary)
  })

  it('network-from-service without awsvpc: fails as a real run would, before RunTask', async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    emu.addService({ serviceName: 'legacy', taskDefinition: 'job' })
    const inputs = { 'task-definition': 'job', 'network-from-service': 'legacy' }
    const dry = await runAction({ endpoint: emu.url, inputs: { ...inputs, 'dry-run': 'true' } })
    const dryOps = ops()
    emu.calls.length = 0
    const real = await runAction({ endpoint: emu.url, inputs })

    expect(dry.code).toBe(1)
    expect(errors(dry)).toEqual([
      '::error title=Task not started::Input "network-from-service": service "legacy" has no awsvpc ' +
        'network configuration to copy; give "subnets" (and "security-groups") instead.'
    ])
    expect(errors(dry)).toEqual(errors(real))
    expect(real.code).toBe(1)
    expect(dryOps).toEqual(['DescribeClusters', 'DescribeServices', 'DescribeTaskDefinition'])
    expect(ops()).toEqual(['DescribeClusters', 'DescribeServices', 'DescribeTaskDefinition'])
    expect(dry.summary).toBe(real.summary)
  })

  it.each([
    [
      'an unknown container',
      { 'task-definition': 'job', container: 'nope' },
      ['DescribeClusters', 'DescribeTaskDefinition']
    ],
    [
      'an unknown task definition',
      { 'task-definition': 'missing' },
      ['DescribeClusters', 'DescribeTaskDefinition']
    ],
    ['a malformed input', { 'task-definition': 'job', count: '11' }, []],
    ['a misspelt input', { 'task-definition': 'job', 'security-group': 'sg-0bb' }, []],
    [
      "task-outputs without container's log",
      {
        'task-definition': 'job',
        subnets: 'subnet-0aa',
        'task-outputs': 'rows',
        'log-containers': 'other'
      },
      ['DescribeClusters', 'DescribeTaskDefinition']
    ],
    [
      "a typo'd cluster, with image (nothing registered)",
      {
        'task-definition': 'job',
        cluster: 'prodution',
        image: 'repo/app:2',
        subnets: 'subnet-0aa'
      },
      ['DescribeClusters']
    ],
    [
      'an awsvpc definition without a network, with image (nothing registered)',
      { 'task-definition': 'job', image: 'repo/app:2' },
      ['DescribeClusters', 'DescribeTaskDefinition']
    ]
  ])('%s: the same failure as a real run', async (_, inputs, calls) => {
    emu.registerTaskDefinition(appDefinition('job', [{ name: 'app' }, { name: 'other' }]))
    const dry = await runAction({ endpoint: emu.url, inputs: { ...inputs, 'dry-run': 'true' } })
    expect(ops()).toEqual(calls)
    emu.calls.length = 0
    const real = await runAction({ endpoint: emu.url, inputs })
    expect(ops()).toEqual(calls)
    expect(dry.code).toBe(1)
    expect(real.code).toBe(1)
    expect(errors(dry)).toHaveLength(1)
    expect(errors(dry)).toEqual(errors(real))
    expect(dry.summary).toBe(real.summary)
    expect(emu.taskDefinitions('job')).toHaveLength(1)
  })
})
