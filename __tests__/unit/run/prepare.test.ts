import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../../support/clocks.js'
import { stubRunEnv, withInputs } from '../../support/step-env.js'
import { getInputs } from '../../../src/inputs/get-inputs.js'
import { InputError } from '../../../src/inputs/problems.js'
import { applyPlan, planTask, type PrepareDeps } from '../../../src/run/prepare.js'
import { registrationLine } from '../../../src/report/plan-lines.js'
import { everyClusterActive } from '../../support/clusters.js'

vi.mock('@actions/core', async (importOriginal) =>
  (await import('../../support/core-mock.js')).spiedCore(importOriginal)
)

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'us-east-1' })

const ARN = (family: string, revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`
const WEB: TaskDefinition = {
  taskDefinitionArn: ARN('web', 2),
  family: 'web',
  revision: 2,
  status: 'ACTIVE',
  requiresCompatibilities: ['FARGATE'],
  compatibilities: ['EC2', 'FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/web-exec',
  containerDefinitions: [
    { name: 'app', image: 'registry.example/web:old', essential: true },
    { name: 'sidecar', image: 'registry.example/sidecar:1', essential: false }
  ]
}
const TAGS = [{ key: 'team', value: 'web' }]
const STRATEGY = [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }]
const SERVICE_NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-svc'],
    securityGroups: ['sg-svc'],
    assignPublicIp: 'DISABLED' as const
  }
}
const SERVICE: Service = {
  serviceName: 'web',
  status: 'ACTIVE',
  taskDefinition: ARN('web', 1),
  deployments: [
    {
      id: 'ecs-svc/2',
      status: 'PRIMARY',
      taskDefinition: ARN('web', 2),
      capacityProviderStrategy: STRATEGY,
      platformVersion: '1.4.0',
      networkConfiguration: SERVICE_NETWORK
    },
    { id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: ARN('web', 1), launchType: 'EC2' }
  ]
}
const NEW_IMAGE = 'registry.example/web:0f3c9a1'

let deps: PrepareDeps
let logged: string[]

beforeEach(() => {
  ecsMock.reset()
  everyClusterActive(ecsMock)
  vi.unstubAllEnvs()
  stubRunEnv()
  logged = []
  deps = { clock: new FakeClock(), deadline: 600_000, log: (m) => logged.push(m) }
  ecsMock.on(DescribeServicesCommand).resolves({ services: [SERVICE], failures: [] })
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: WEB, tags: TAGS })
  ecsMock
    .on(RegisterTaskDefinitionCommand)
    .callsFake((input: RegisterTaskDefinitionCommandInput) => ({
      taskDefinition: { ...input, taskDefinitionArn: ARN(input.family ?? '', 3), revision: 3 }
    }))
})

const inputs = (values: Record<string, string>) => {
  withInputs({ 'task-definition': '', 'client-token': 'token', ...values })
  return getInputs()
}
const calls = (command: Parameters<typeof ecsMock.commandCalls>[0]) =>
  ecsMock.commandCalls(command).map((c) => c.args[0].input as Record<string, unknown>)

describe('planTask (read-only)', () => {
  it('service: runs what its primary deployment runs, placed and networked as it is', async () => {
    const plan = await planTask(inputs({ service: 'web' }), ecs, deps)
    expect(calls(DescribeServicesCommand)).toEqual([{ cluster: 'prod', services: ['web'] }])
    expect(calls(DescribeTaskDefinitionCommand)).toEqual([{ taskDefinition: ARN('web', 2) }])
    expect(plan.registration).toBeUndefined()
    expect(plan.container).toBe('app')
    const request = plan.request(ARN('web', 2))
    expect(request).toMatchObject({
      taskDefinition: ARN('web', 2),
      capacityProviderStrategy: STRATEGY,
      platformVersion: '1.4.0',
      networkConfiguration: SERVICE_NETWORK
    })
    expect(request.launchType).toBeUndefined()
    expect(logged).toEqual([
      'Service web runs with (deployment ecs-svc/2): task definition ' +
        `${ARN('web', 2)}, capacity provider strategy FARGATE_SPOT:1:0, platform version ` +
        '1.4.0, network (subnets subnet-svc; security groups sg-svc; public IP DISABLED).'
    ])
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0)
  })

  it('explicit inputs win over the service, and the log says so', async () => {
    const plan = await planTask(
      inputs({
        service: 'web',
        'task-definition': 'web:1',
        'launch-type': 'FARGATE',
        'platform-version': '1.3.0',
        subnets: 'subnet-0a1b2c3d',
        'security-groups': 'sg-0a1b2c3d'
      }),
      ecs,
      deps
    )
    expect(calls(DescribeTaskDefinitionCommand)).toEqual([{ taskDefinition: 'web:1' }])
    const request = plan.request(ARN('web', 1))
    expect(request).toMatchObject({
      launchType: 'FARGATE',
      platformVersion: '1.3.0',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d'],
          securityGroups: ['sg-0a1b2c3d'],
          assignPublicIp: 'DISABLED'
        }
      }
    })
    expect(request.capacityProviderStrategy).toBeUndefined()
    expect(logged[0]).toContain('(input given instead)')
  })

  it("security-groups and assign-public-ip given with service override the service's", async () => {
    const plan = await planTask(
      inputs({ service: 'web', 'security-groups': 'sg-0a1b2c3d', 'assign-public-ip': 'ENABLED' }),
      ecs,
      deps
    )
    expect(plan.network).toEqual({
      awsvpcConfiguration: {
        subnets: ['subnet-svc'],
        securityGroups: ['sg-0a1b2c3d'],
        assignPublicIp: 'ENABLED'
      }
    })
  })

  it('describes a service named by service and network-from-service once', async () => {
    await planTask(inputs({ service: 'web', 'network-from-service': 'web' }), ecs, deps)
    expect(calls(DescribeServicesCommand)).toEqual([{ cluster: 'prod', services: ['web'] }])
  })

  it('network-from-service gives the network, service the rest', async () => {
    const other = {
      awsvpcConfiguration: { subnets: ['subnet-db'], assignPublicIp: 'DISABLED' as const }
    }
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [SERVICE, { serviceName: 'db-net', status: 'ACTIVE', networkConfiguration: other }],
      failures: []
    })
    const plan = await planTask(
      inputs({ service: 'web', 'network-from-service': 'db-net' }),
      ecs,
      deps
    )
    expect(calls(DescribeServicesCommand)).toEqual([
      { cluster: 'prod', services: ['web', 'db-net'] }
    ])
    expect(plan.network).toEqual(other)
    expect(plan.launch).toEqual({ capacityProviderStrategy: STRATEGY, platformVersion: '1.4.0' })
  })

  it('image on a family: describes with tags and plans a registration with the image replaced', async () => {
    const plan = await planTask(
      inputs({ 'task-definition': 'web', image: NEW_IMAGE, subnets: 'subnet-0aa' }),
      ecs,
      deps
    )
    expect(calls(DescribeTaskDefinitionCommand)).toEqual([
      { taskDefinition: 'web', include: ['TAGS'] }
    ])
    expect(plan.registration).toEqual({
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/web-exec',
      containerDefinitions: [
        { name: 'app', image: NEW_IMAGE, essential: true },
        { name: 'sidecar', image: 'registry.example/sidecar:1', essential: false }
      ],
      tags: TAGS
    })
    expect(registrationLine(plan, { images: [{ image: NEW_IMAGE }] })).toBe(
      `web:2 with image of app: ${NEW_IMAGE}`
    )
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
  })

  it('image for a container the definition does not have: an input error, nothing registered', async () => {
    const failure = await planTask(
      inputs({ service: 'web', image: `nope=${NEW_IMAGE}` }),
      ecs,
      deps
    ).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(InputError)
    expect((failure as Error).message).toBe(
      'Input "image" must be a container of web:2: "app" or "sidecar", got "nope".'
    )
  })

  it('a service that reports no task definition needs task-definition', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [{ serviceName: 'web', status: 'ACTIVE' }], failures: [] })
    await expect(planTask(inputs({ service: 'web' }), ecs, deps)).rejects.toThrow(
      'Input "service": service "web" reports no task definition in its primary deployment. ' +
        'Give "task-definition".'
    )
  })
})

describe('applyPlan', () => {
  it('without a registration: the described definition and its request', async () => {
    const plan = await planTask(inputs({ service: 'web' }), ecs, deps)
    const applied = await applyPlan(plan, ecs, { region: 'us-east-1' }, deps)
    expect(applied.registered).toBe(false)
    expect(applied.taskDefinition).toBe(WEB)
    expect(applied.request.taskDefinition).toBe(ARN('web', 2))
  })

  it('image on a service: registers once and the request runs the new revision', async () => {
    const plan = await planTask(inputs({ service: 'web', image: NEW_IMAGE }), ecs, deps)
    const applied = await applyPlan(plan, ecs, { region: 'us-east-1' }, deps)
    expect(calls(RegisterTaskDefinitionCommand)).toEqual([plan.registration])
    expect(applied.registered).toBe(true)
    expect(applied.taskDefinition.taskDefinitionArn).toBe(ARN('web', 3))
    expect(applied.request).toMatchObject({
      taskDefinition: ARN('web', 3),
      capacityProviderStrategy: STRATEGY
    })
  })

  it('image on a file: registers the file once, with the image replaced and its tags', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'prepare-'))
    writeFileSync(
      join(workspace, 'migrate.json'),
      JSON.stringify({
        family: 'migrate',
        containerDefinitions: [{ name: 'app', image: 'registry.example/web:old' }],
        tags: TAGS
      })
    )
    vi.stubEnv('GITHUB_WORKSPACE', workspace)
    const plan = await planTask(
      inputs({ 'task-definition': 'migrate.json', image: NEW_IMAGE }),
      ecs,
      deps
    )
    const applied = await applyPlan(plan, ecs, { region: 'us-east-1' }, deps)
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0)
    expect(calls(RegisterTaskDefinitionCommand)).toEqual([
      {
        family: 'migrate',
        containerDefinitions: [{ name: 'app', image: NEW_IMAGE }],
        tags: TAGS
      }
    ])
    expect(applied.request.taskDefinition).toBe(ARN('migrate', 3))
    expect(registrationLine(plan, { images: [{ image: NEW_IMAGE }] })).toBe(
      `the task definition from migrate.json with image of app: ${NEW_IMAGE}`
    )
  })
})

describe('checks before any change', () => {
  beforeEach(() => vi.clearAllMocks())
  const RESTARTING: TaskDefinition = {
    ...WEB,
    containerDefinitions: [
      {
        name: 'app',
        image: 'registry.example/web:old',
        essential: true,
        restartPolicy: { enabled: true, restartAttemptPeriod: 60 }
      },
      {
        name: 'sidecar',
        image: 'registry.example/sidecar:1',
        essential: false,
        restartPolicy: { enabled: true }
      }
    ]
  }

  it('asks DescribeClusters for the cluster first', async () => {
    await planTask(inputs({ service: 'web' }), ecs, deps)
    expect(calls(DescribeClustersCommand)).toEqual([{ clusters: ['prod'] }])
    const order = ecsMock.calls().map((c) => c.args[0].constructor.name)
    expect(order[0]).toBe('DescribeClustersCommand')
  })

  it.each([
    [
      'unknown',
      {
        clusters: [],
        failures: [{ arn: 'arn:aws:ecs:us-east-1:1:cluster/prod', reason: 'MISSING' }]
      },
      'Cluster "prod" was not found in region us-east-1. Check the "cluster" input and the region ("aws-region", AWS_REGION).'
    ],
    [
      'deleted',
      { clusters: [{ clusterName: 'prod', status: 'INACTIVE' }], failures: [] },
      'Cluster "prod" was deleted (status INACTIVE) in region us-east-1. Check the "cluster" input and the region ("aws-region", AWS_REGION), or create the cluster again.'
    ]
  ])(
    'an %s cluster fails naming it and the region, before anything else',
    async (_, answer, message) => {
      ecsMock.on(DescribeClustersCommand).resolves(answer)
      await expect(
        planTask(inputs({ service: 'web', image: NEW_IMAGE }), ecs, deps)
      ).rejects.toThrow(message)
      expect(ecsMock.calls()).toHaveLength(1)
    }
  )

  it('a denied DescribeClusters skips the check with a debug line', async () => {
    const debug = vi.mocked(core.debug)
    ecsMock
      .on(DescribeClustersCommand)
      .rejects(
        Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' })
      )
    const plan = await planTask(inputs({ service: 'web' }), ecs, deps)
    expect(plan.taskDefinition).toBe(WEB)
    expect(debug.mock.calls.flat().join('\n')).toMatch(
      /Cluster "prod" not checked .* ecs:DescribeClusters \(AccessDeniedException: User is not authorized\)/
    )
  })

  it('a throttled DescribeClusters is asked again within start-timeout', async () => {
    ecsMock
      .on(DescribeClustersCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ clusters: [{ clusterName: 'prod', status: 'ACTIVE' }] })
    await planTask(inputs({ service: 'web' }), ecs, deps)
    expect(calls(DescribeClustersCommand)).toHaveLength(2)
    expect(logged[0]).toMatch(/^DescribeClusters: throttled \(ThrottlingException\); retry 1 in/)
  })

  it('an awsvpc definition without subnets, service or network-from-service: an input error', async () => {
    const failure = await planTask(
      inputs({ 'task-definition': 'web', image: NEW_IMAGE }),
      ecs,
      deps
    ).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(InputError)
    expect((failure as Error).message).toBe(
      'Task definition web:2 uses network mode awsvpc, which needs a network, and none of ' +
        '"subnets", "service" or "network-from-service" is given: give "subnets" (and ' +
        '"security-groups"), or "service" or "network-from-service" to copy the network of an ECS service.'
    )
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
  })

  it('a service without an awsvpc network, for an awsvpc definition: an input error naming it', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: 'web', status: 'ACTIVE', taskDefinition: ARN('web', 2) }],
      failures: []
    })
    await expect(planTask(inputs({ service: 'web' }), ecs, deps)).rejects.toThrow(
      'Input "service": service "web" has no awsvpc network configuration to copy, and task ' +
        'definition web:2 uses network mode awsvpc, which needs one: give "subnets" (and "security-groups").'
    )
  })

  it('a bridge-mode definition needs no network', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { ...WEB, networkMode: 'bridge' } })
    const plan = await planTask(inputs({ 'task-definition': 'web' }), ecs, deps)
    expect(plan.network).toBeUndefined()
  })

  it("registering: the primary container's restart policy is turned off, said in the log", async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: RESTARTING, tags: TAGS })
    const warning = vi.mocked(core.warning)
    const plan = await planTask(inputs({ service: 'web', image: NEW_IMAGE }), ecs, deps)
    const [app, sidecar] = plan.registration?.containerDefinitions ?? []
    expect(app?.restartPolicy).toEqual({ enabled: false })
    // Only the primary container's: a sidecar restarting is what its policy is for.
    expect(sidecar?.restartPolicy).toEqual({ enabled: true })
    expect(logged).toContain(
      'Container "app" has a restart policy (restarts on any exit code, 0 included, after 60 s): ' +
        'turned off in the revision the action registers, so that ECS does not run the command again when it exits.'
    )
    expect(warning).not.toHaveBeenCalled()
  })

  it('running the definition as it is: a warning naming the risk and the fixes', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        ...RESTARTING,
        containerDefinitions: [
          { name: 'app', image: 'x', restartPolicy: { enabled: true, ignoredExitCodes: [0] } }
        ]
      }
    })
    const warning = vi.mocked(core.warning)
    const plan = await planTask(inputs({ service: 'web' }), ecs, deps)
    expect(plan.registration).toBeUndefined()
    expect(warning.mock.calls).toEqual([
      [
        'Container "app" of web:2 has a restart policy (restarts on exit codes other than 0, ' +
          'after 300 s): if it exits after running 300 s, ECS starts it again in the same task, ' +
          'so the command runs again and the step waits until the task stops or "wait-timeout" ' +
          'passes. Register a revision with "restartPolicy": {"enabled": false} for "app" ' +
          '(RunTask cannot override it), or give "image" so that the action registers one with ' +
          'it off, or list every exit code the command ends with (0 included) in "ignoredExitCodes".',
        { title: 'Restart policy' }
      ]
    ])
  })

  it('a disabled restart policy says nothing', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        ...WEB,
        containerDefinitions: [{ name: 'app', image: 'x', restartPolicy: { enabled: false } }]
      }
    })
    const warning = vi.mocked(core.warning)
    await planTask(inputs({ service: 'web' }), ecs, deps)
    expect(warning).not.toHaveBeenCalled()
  })
})
