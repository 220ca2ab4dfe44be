import type { Container, ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import {
  imageRepository,
  primaryContainer,
  primaryOfTask
} from '../../../src/ecs/primary-container.js'
import { InputError } from '../../../src/inputs/problems.js'

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'

/** What services run in production: an agent listed first, the app, a mesh proxy, a log router. */
const PRODUCTION: ContainerDefinition[] = [
  { name: 'datadog-agent', image: 'public.ecr.aws/datadog/agent:7', essential: true },
  { name: 'app', image: `${REGISTRY}/shop:v41`, essential: true },
  { name: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29', essential: true },
  {
    name: 'log-router',
    image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
    essential: true,
    firelensConfiguration: { type: 'fluentbit' }
  }
]
const td = (containers: ContainerDefinition[]): TaskDefinition => ({
  family: 'shop',
  revision: 7,
  containerDefinitions: containers
})

describe('imageRepository', () => {
  it.each([
    [`${REGISTRY}/shop:v42`, `${REGISTRY}/shop`],
    [`${REGISTRY}/shop@sha256:${'a'.repeat(64)}`, `${REGISTRY}/shop`],
    [`${REGISTRY}/team/shop:v1@sha256:${'b'.repeat(64)}`, `${REGISTRY}/team/shop`],
    ['localhost:5000/shop:1', 'localhost:5000/shop'],
    ['registry.example:5000/shop', 'registry.example:5000/shop'],
    ['postgres:16', 'docker.io/library/postgres'],
    ['docker.io/library/postgres', 'docker.io/library/postgres'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis']
  ])('%s is in %s', (image, repository) => {
    expect(imageRepository(image)).toBe(repository)
  })
})

describe('primaryContainer', () => {
  it('is the container named by "container", whatever the rest', () => {
    expect(primaryContainer(td(PRODUCTION), { container: 'envoy', command: ['x'] })).toEqual({
      name: 'envoy',
      why: 'named by the "container" input'
    })
  })

  it('with a single image: the container whose image is in the same repository', () => {
    const choice = primaryContainer(td(PRODUCTION), {
      images: [{ image: `${REGISTRY}/shop:v42` }],
      command: ['bin/rails', 'db:migrate']
    })
    expect(choice).toEqual({
      name: 'app',
      why: `its image is in the repository of the "image" input (${REGISTRY}/shop)`
    })
  })

  it('else the only essential container that is not a FireLens log router', () => {
    const containers = [PRODUCTION[3]!, { ...PRODUCTION[0]!, essential: false }, PRODUCTION[1]!]
    expect(primaryContainer(td(containers), { command: ['x'] })).toEqual({
      name: 'app',
      why: 'the only essential container that is not a FireLens log router'
    })
  })

  it.each([
    ['command', { command: ['bin/rails', 'db:migrate'] }, '"command" applies'],
    ['environment', { environment: [{ name: 'A', value: 'b' }] }, '"environment" applies'],
    ['task-outputs', { taskOutputs: ['version'] }, '"task-outputs" applies'],
    ['an image of no container', { images: [{ image: 'other/thing:1' }] }, '"image" applies']
  ])(
    'several candidates and %s needs one: an input error naming them and "container"',
    (_, inputs, needs) => {
      const fail = () => primaryContainer(td(PRODUCTION), inputs, 'shop:7')
      expect(fail).toThrow(InputError)
      expect(fail).toThrow(
        `Input "container" is needed: ${needs} to one container, and shop:7 has 3 essential ` +
          'containers that are not a FireLens log router: "datadog-agent", "app", "envoy". Give ' +
          '"container" with the name of the one that runs the job.'
      )
    }
  )

  it('names every input that needs one, and the containers sharing the image repository', () => {
    const twins = [...PRODUCTION, { name: 'worker', image: `${REGISTRY}/shop:v41` }]
    expect(() =>
      primaryContainer(td(twins), {
        images: [{ image: `${REGISTRY}/shop:v42` }],
        command: ['x']
      })
    ).toThrow(
      `Input "container" is needed: "command", "image" apply to one container, and the task ` +
        `definition has 2 containers whose image is in the repository of the "image" input ` +
        `(${REGISTRY}/shop): "app", "worker".`
    )
  })

  it('several candidates and nothing that needs one: the first of them, said so', () => {
    expect(primaryContainer(td(PRODUCTION), {})).toEqual({
      name: 'datadog-agent',
      why:
        'the first of the essential containers that are not a FireLens log router ' +
        '(datadog-agent, app, envoy) until the task stops: then the first of them that exited ' +
        'on its own; give "container" to choose',
      candidates: ['datadog-agent', 'app', 'envoy']
    })
  })

  it('images named per container do not choose it', () => {
    expect(
      primaryContainer(td(PRODUCTION), { images: [{ container: 'app', image: 'x:1' }] }).name
    ).toBe('datadog-agent')
  })

  it('only log routers and non-essential containers: the first essential one', () => {
    const containers = [{ name: 'sidecar', essential: false }, PRODUCTION[3]!]
    expect(primaryContainer(td(containers), { command: ['x'] }).name).toBe('log-router')
  })

  it('no essential container at all: the first container', () => {
    const containers = [
      { name: 'a', essential: false },
      { name: 'b', essential: false }
    ]
    expect(primaryContainer(td(containers), { command: ['x'] }).name).toBe('a')
  })

  it('fails for a definition without containers', () => {
    expect(() => primaryContainer(td([]), {}, 'shop:7')).toThrow('shop:7 has no containers.')
  })
})

describe('primaryOfTask: several candidates, decided when the task stops', () => {
  const choice = { name: 'datadog-agent', candidates: ['datadog-agent', 'app', 'envoy'] }
  const stopped = (...containers: Container[]) => ({ lastStatus: 'STOPPED', containers })
  const oom = 'OutOfMemoryError: Container killed due to memory usage'

  it.each<[string, Container[], string]>([
    [
      'the app exits 0, ECS stops the agent and Envoy: the app',
      [
        { name: 'datadog-agent', exitCode: 143 },
        { name: 'app', exitCode: 0 },
        { name: 'envoy', exitCode: 143 }
      ],
      'app'
    ],
    [
      'the app exits 1: the app',
      [
        { name: 'datadog-agent', exitCode: 143 },
        { name: 'app', exitCode: 1 },
        { name: 'envoy', exitCode: 137 }
      ],
      'app'
    ],
    [
      'the agent crashes on its own first: the agent',
      [
        { name: 'datadog-agent', exitCode: 1 },
        { name: 'app', exitCode: 143 },
        { name: 'envoy', exitCode: 143 }
      ],
      'datadog-agent'
    ],
    [
      'the agent killed for memory (137 with a reason) is its own end',
      [
        { name: 'datadog-agent', exitCode: 137, reason: oom },
        { name: 'app', exitCode: 143 }
      ],
      'datadog-agent'
    ],
    [
      'a 143 with a reason from ECS is not "stopped with the task"',
      [
        { name: 'datadog-agent', exitCode: 143, reason: 'Essential container exited' },
        { name: 'app', exitCode: 0 }
      ],
      'datadog-agent'
    ],
    [
      'none exited on its own (all stopped, or never ran): the first stays',
      [{ name: 'datadog-agent', exitCode: 143 }, { name: 'app' }, { name: 'envoy', exitCode: 137 }],
      'datadog-agent'
    ]
  ])('%s', (_, containers, expected) => {
    expect(primaryOfTask(stopped(...containers), choice)).toBe(expected)
  })

  it('a primary chosen at the start (one candidate, or named) is kept whatever the exits', () => {
    const task = stopped({ name: 'datadog-agent', exitCode: 143 }, { name: 'app', exitCode: 0 })
    expect(primaryOfTask(task, { name: 'datadog-agent' })).toBe('datadog-agent')
    expect(primaryOfTask(undefined, choice)).toBe('datadog-agent')
  })
})
