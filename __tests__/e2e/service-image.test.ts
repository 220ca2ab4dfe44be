/**
 * The migration run the way the service runs: `service` mirrors the primary deployment,
 * `image` registers a revision with only the images replaced, preparation survives throttling,
 * and environment values stay readable without ever being printed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { visibleLines } from '../support/runner.js'
import { useEmulator, runAction } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'

const ARN = 'arn:aws:ecs:us-east-1:123456789012'
const NEW_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:0f3c9a1'
const TAGS = [
  { key: 'team', value: 'shop' },
  { key: 'cost-center', value: '42' }
]
const SERVICE_NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0aa', 'subnet-0bb'],
    securityGroups: ['sg-0cc'],
    assignPublicIp: 'DISABLED'
  }
}

let emu: Emulator
useEmulator((started) => {
  emu = started
})

/** shop:1 (old image), shop:2 (what the service runs), both tagged; and the service. */
function seedShop(service: Record<string, unknown> = {}): void {
  const definition = {
    ...appDefinition('shop', [{ name: 'app' }, { name: 'sidecar', essential: false }]),
    executionRoleArn: 'arn:aws:iam::123456789012:role/shop-exec',
    taskRoleArn: 'arn:aws:iam::123456789012:role/shop-task',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' }
  }
  emu.registerTaskDefinition({ ...definition, tags: TAGS })
  emu.registerTaskDefinition({ ...definition, tags: TAGS })
  emu.script('shop', {
    containers: {
      app: { exitCode: 0, runMs: 300, logs: numbered('migrate', 2) },
      sidecar: { exitCode: 0, runMs: 300 }
    }
  })
  emu.addService({
    serviceName: 'shop-web',
    taskDefinition: 'shop:2',
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    platformVersion: '1.3.0',
    networkConfiguration: SERVICE_NETWORK,
    deployments: [
      { status: 'PRIMARY', taskDefinition: 'shop:2' },
      { status: 'ACTIVE', taskDefinition: 'shop:1', launchType: 'EC2' }
    ],
    ...service
  })
}

/** For cases about the request: the logs' drain would only slow them down. */
const QUIET = { 'stream-logs': 'false' }

const runTaskInput = (): Record<string, unknown> => emu.callsOf('RunTask')[0]?.input ?? {}
const registered = (): unknown[] => emu.callsOf('RegisterTaskDefinition').map((c) => c.input)

/** A registered revision without the fields ECS adds, for comparing what was carried over. */
function carried(revision: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...revision }
  // requiresAttributes is what ECS derives from the (new) image and the other fields.
  for (const field of [
    'taskDefinitionArn',
    'revision',
    'registeredAt',
    'registeredBy',
    'requiresAttributes'
  ]) {
    delete rest[field]
  }
  return rest
}

describe('service: the task runs the way the service runs', () => {
  it('mirrors the primary deployment: task definition, capacity provider strategy, platform, network', async () => {
    seedShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'shop-web', command: 'bin/rails db:migrate' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(emu.callsOf('DescribeServices').map((c) => c.input)).toEqual([
      { cluster: 'default', services: ['shop-web'] }
    ])
    expect(runTaskInput()).toMatchObject({
      taskDefinition: `${ARN}:task-definition/shop:2`,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
      platformVersion: '1.3.0',
      networkConfiguration: SERVICE_NETWORK
    })
    expect(runTaskInput()).not.toHaveProperty('launchType')
    expect(emu.tasks()[0]).toMatchObject({
      capacityProviderName: 'FARGATE_SPOT',
      launchType: 'FARGATE',
      platformVersion: '1.3.0'
    })
    expect(result.outputs['task-definition-arn']).toBe(`${ARN}:task-definition/shop:2`)
    expect(registered()).toEqual([])
    expect(result.stdout).toMatch(
      /Service shop-web runs with \(deployment ecs-svc\/\d+\): task definition .*shop:2, capacity provider strategy FARGATE_SPOT:1:0, platform version 1\.3\.0, network \(subnets subnet-0aa, subnet-0bb; security groups sg-0cc; public IP DISABLED\)\./
    )
    expect(visibleLines(result).some((l) => l.endsWith('/app | migrate line 2'))).toBe(true)
  })

  it('mirrors a service with a launch type', async () => {
    seedShop({
      capacityProviderStrategy: undefined,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      deployments: undefined
    })
    const result = await runAction({ endpoint: emu.url, inputs: { service: 'shop-web', ...QUIET } })
    expect(result.code, result.stdout).toBe(0)
    expect(runTaskInput()).toMatchObject({
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: SERVICE_NETWORK
    })
    expect(runTaskInput()).not.toHaveProperty('capacityProviderStrategy')
  })

  it('explicit inputs win over the service', async () => {
    seedShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        service: 'shop-web',
        'task-definition': 'shop:1',
        'capacity-provider-strategy': 'FARGATE:1',
        'platform-version': '1.4.0',
        subnets: 'subnet-0dd',
        'security-groups': 'sg-0ee',
        'assign-public-ip': 'ENABLED',
        ...QUIET
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(runTaskInput()).toMatchObject({
      taskDefinition: `${ARN}:task-definition/shop:1`,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      platformVersion: '1.4.0',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0dd'],
          securityGroups: ['sg-0ee'],
          assignPublicIp: 'ENABLED'
        }
      }
    })
    expect(emu.tasks()[0]).toMatchObject({ capacityProviderName: 'FARGATE' })
    expect(result.outputs['task-definition-arn']).toBe(`${ARN}:task-definition/shop:1`)
  })

  it('an unknown service fails naming the service, the cluster and the region, before RunTask', async () => {
    seedShop()
    emu.addCluster('production')
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'shop-wbe', cluster: 'production', image: NEW_IMAGE }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'Input "service": service "shop-wbe" was not found in cluster "production" (region us-east-1). ' +
        'Check the service name, the "cluster" input and the region.'
    )
    expect(emu.callsOf('DescribeTaskDefinition')).toHaveLength(0)
    expect(emu.callsOf('RegisterTaskDefinition')).toHaveLength(0)
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })

  it('a deleted (INACTIVE) service fails the same way', async () => {
    seedShop({ status: 'INACTIVE' })
    const result = await runAction({ endpoint: emu.url, inputs: { service: 'shop-web' } })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'service "shop-web" was deleted (status INACTIVE) in cluster "default" (region us-east-1)'
    )
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })
})

describe('image: a new revision with only the images replaced', () => {
  /** Registered once; revision 3 is revision `basis` but for the image of app, tags included. */
  function expectDerivedFrom(basis: number, result: { outputs: Record<string, string> }): void {
    expect(registered()).toHaveLength(1)
    const revisions = emu.taskDefinitions('shop')
    expect(revisions).toHaveLength(3)
    const [before, after] = [revisions[basis - 1], revisions[2]]
    const expected = carried(before)
    expected['containerDefinitions'] = before.containerDefinitions.map((c: { name: string }) =>
      c.name === 'app' ? { ...c, image: NEW_IMAGE } : c
    )
    expect(carried(after)).toEqual(expected)
    expect(emu.taskDefinitionTags('shop:3')).toEqual(TAGS)
    expect(result.outputs['task-definition-arn']).toBe(`${ARN}:task-definition/shop:3`)
    expect(runTaskInput()['taskDefinition']).toBe(`${ARN}:task-definition/shop:3`)
  }

  it('on a family', async () => {
    seedShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop:1', image: NEW_IMAGE, ...QUIET, subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(emu.callsOf('DescribeTaskDefinition').map((c) => c.input)).toEqual([
      { taskDefinition: 'shop:1', include: ['TAGS'] }
    ])
    expectDerivedFrom(1, result)
    expect(result.stdout).toContain(
      `Registered task definition ${ARN}:task-definition/shop:3 (shop:1 with image of app: ${NEW_IMAGE})`
    )
  })

  it("on a service: the primary deployment's definition, run as the service runs", async () => {
    seedShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'shop-web', image: NEW_IMAGE, command: 'bin/rails db:migrate', ...QUIET }
    })
    expect(result.code, result.stdout).toBe(0)
    expectDerivedFrom(2, result)
    expect(runTaskInput()).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
      networkConfiguration: SERVICE_NETWORK
    })
  })

  it("on a file: registered once, with the image replaced and the file's tags", async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ecs-run-task-ws-'))
    const file = { ...appDefinition('migrate'), tags: TAGS }
    writeFileSync(join(workspace, 'migrate.json'), JSON.stringify(file))
    const result = await runAction({
      endpoint: emu.url,
      workspace,
      inputs: {
        'task-definition': 'migrate.json',
        image: `app=${NEW_IMAGE}`,
        ...QUIET,
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(registered()).toHaveLength(1)
    const [revision] = emu.taskDefinitions('migrate')
    expect(revision.containerDefinitions[0].image).toBe(NEW_IMAGE)
    expect(revision.cpu).toBe('256')
    expect(emu.taskDefinitionTags('migrate:1')).toEqual(TAGS)
    expect(result.outputs['task-definition-arn']).toBe(`${ARN}:task-definition/migrate:1`)
  })

  it('for a container the definition does not have: an input error, nothing registered', async () => {
    seedShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'shop-web', image: `worker=${NEW_IMAGE}` }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'Input "image" must be a container of shop:2: "app" or "sidecar", got "worker".'
    )
    expect(registered()).toEqual([])
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })
})

describe('the launch-type trap', () => {
  it('a cluster without a default strategy: the message says what to set', async () => {
    emu.addCluster('bare', { defaultCapacityProviderStrategy: [] })
    emu.registerTaskDefinition(appDefinition('job'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', cluster: 'bare', subnets: 'subnet-0aa' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'ECS found no container instances in cluster "bare": No Container Instances were found in your cluster.'
    )
    expect(result.stdout).toContain(
      'Set "launch-type: FARGATE" (for a Fargate task definition), "capacity-provider-strategy", or "service"'
    )
    expect(emu.callsOf('RunTask')).toHaveLength(1)
  })

  it("the same cluster with service: the service's launch type avoids it", async () => {
    emu.addCluster('bare', { defaultCapacityProviderStrategy: [] })
    emu.registerTaskDefinition(appDefinition('job'))
    emu.addService({
      cluster: 'bare',
      serviceName: 'web',
      taskDefinition: 'job',
      launchType: 'FARGATE',
      networkConfiguration: SERVICE_NETWORK
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'web', cluster: 'bare', ...QUIET }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(runTaskInput()['launchType']).toBe('FARGATE')
  })
})

describe('environment values', () => {
  it('a value equal to the cluster name stays readable in links and log lines (no add-mask)', async () => {
    emu.addCluster('production')
    emu.registerTaskDefinition(appDefinition('shop-migrate'))
    emu.script('shop-migrate', {
      containers: {
        app: {
          exitCode: 0,
          runMs: 300,
          logs: [{ atMs: 50, message: 'Migrating the production database (RAILS_ENV=production)' }]
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shop-migrate',
        cluster: 'production',
        environment: 'RAILS_ENV=production\nVERBOSE=1',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).not.toContain('::add-mask::')
    const lines = visibleLines(result)
    expect(lines).toContain('Migrating the production database (RAILS_ENV=production)')
    expect(lines.some((l) => l.includes('/clusters/production/tasks/'))).toBe(true)
    expect(result.outputs['task-arn']).toContain(':task/production/')
    expect(result.summary).toContain('production')
    // Sent to ECS, shown as *** in the logged request.
    expect(runTaskInput()).toMatchObject({
      overrides: {
        containerOverrides: [
          {
            name: 'app',
            environment: [
              { name: 'RAILS_ENV', value: 'production' },
              { name: 'VERBOSE', value: '1' }
            ]
          }
        ]
      }
    })
    expect(result.stdout).toContain('"name": "RAILS_ENV",\n')
    expect(result.stdout).toMatch(/"name": "RAILS_ENV",\s+"value": "\*\*\*"/)
  })

  it('a secret passed in environment is never printed by the action (the runner masks it)', async () => {
    // The runner replaces a `secrets` value with *** in the log it shows: the action must not
    // print the raw value anywhere itself, nor register masks that would hide other text.
    const secret = 'postgres://shop:s3cr3t-Pa55@db.internal:5432/shop'
    emu.registerTaskDefinition(appDefinition('shop-migrate'))
    emu.script('shop-migrate', {
      containers: { app: { exitCode: 3, runMs: 300, logs: numbered('migrate', 2) } }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shop-migrate',
        environment: `DATABASE_URL=${secret}`,
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code).toBe(1)
    for (const text of [result.stdout, result.stderr, result.summary]) {
      expect(text).not.toContain('s3cr3t-Pa55')
    }
    expect(Object.values(result.outputs).join('\n')).not.toContain('s3cr3t-Pa55')
    expect(result.stdout).not.toContain('::add-mask::')
    expect(JSON.stringify(runTaskInput())).toContain('s3cr3t-Pa55')
  })
})

describe('preparation is retried like RunTask', () => {
  it("DescribeTaskDefinition throttled past the SDK's own attempts still starts one task", async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    // The SDK makes 4 attempts per call: the fifth throttle is the action's own retry's.
    emu.inject({ op: 'DescribeTaskDefinition', fault: 'throttle', times: 5 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', ...QUIET, subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(emu.callsOf('DescribeTaskDefinition').filter((c) => c.fault)).toHaveLength(5)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
    expect(emu.tasks()).toHaveLength(1)
    expect(result.stdout).toMatch(
      /DescribeTaskDefinition: throttled \(ThrottlingException\); retry 1 in \d+\.\d s/
    )
  })

  it('DescribeServices throttled and RegisterTaskDefinition failing with 5xx: one revision, one task', async () => {
    seedShop()
    emu.inject({ op: 'DescribeServices', fault: 'throttle', times: 5 })
    emu.inject({ op: 'RegisterTaskDefinition', fault: 'server-error', times: 5 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'shop-web', image: NEW_IMAGE }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).toMatch(/DescribeServices: throttled \(ThrottlingException\); retry 1 in/)
    expect(result.stdout).toMatch(/RegisterTaskDefinition: server error \(\w+\); retry 1 in/)
    expect(emu.taskDefinitions('shop')).toHaveLength(3)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
    expect(emu.tasks()).toHaveLength(1)
  })

  it('gives up when start-timeout runs out, saying to raise it, and starts nothing', async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    emu.inject({ op: 'DescribeTaskDefinition', fault: 'throttle', times: Infinity })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'start-timeout': '0.05', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'DescribeTaskDefinition kept failing with a throttled (ThrottlingException) until "start-timeout" ran out'
    )
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })
})
