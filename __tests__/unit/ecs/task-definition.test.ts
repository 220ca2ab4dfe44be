import {
  AccessDeniedException,
  ClientException,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  describeTaskDefinition,
  mainContainer,
  resolveTaskDefinition
} from '../../../src/ecs/task-definition.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'us-east-1' })

const REGISTERED: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:8',
  family: 'app',
  revision: 8,
  containerDefinitions: [{ name: 'app', image: 'app:1' }]
}
const FILE_DEFINITION = {
  family: 'app',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'app:1', essential: true }]
}
const meta = { $metadata: { httpStatusCode: 400 } }

beforeEach(() => {
  ecsMock.reset()
})

describe('resolveTaskDefinition', () => {
  it.each(['app', 'app:7', 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:7'])(
    'describes the reference %s',
    async (reference) => {
      ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: REGISTERED })
      await expect(
        resolveTaskDefinition(ecs, { kind: 'reference', reference }, 'us-east-1')
      ).resolves.toEqual({
        taskDefinition: REGISTERED,
        registered: false
      })
      expect(
        ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input)
      ).toEqual([{ taskDefinition: reference }])
      expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
    }
  )

  it('registers the definition read from a file', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: REGISTERED })
    await expect(
      resolveTaskDefinition(
        ecs,
        { kind: 'file', path: 'ecs/task.json', definition: FILE_DEFINITION },
        'us-east-1'
      )
    ).resolves.toEqual({ taskDefinition: REGISTERED, registered: true })
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand).map((c) => c.args[0].input)).toEqual(
      [FILE_DEFINITION]
    )
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0)
  })

  it('names the input and the region when the definition is not found', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Unable to describe task definition.', ...meta }))
    await expect(
      resolveTaskDefinition(ecs, { kind: 'reference', reference: 'nope:3' }, 'eu-west-1')
    ).rejects.toThrow(
      'Task definition "nope:3" was not found in eu-west-1: Unable to describe task definition. ' +
        'Check the "task-definition" input (family, family:revision or ARN) and the region.'
    )
  })

  it('names ecs:DescribeTaskDefinition when access is denied', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new AccessDeniedException({ message: 'no', ...meta }))
    await expect(
      resolveTaskDefinition(ecs, { kind: 'reference', reference: 'app' }, 'us-east-1')
    ).rejects.toThrow('Not allowed to call ecs:DescribeTaskDefinition on app: no.')
  })

  it('names the file and ecs:RegisterTaskDefinition when registering fails', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new AccessDeniedException({ message: 'no', ...meta }))
    const file = { kind: 'file' as const, path: 'ecs/task.json', definition: FILE_DEFINITION }
    await expect(resolveTaskDefinition(ecs, file, 'us-east-1')).rejects.toThrow(
      'Not allowed to call ecs:RegisterTaskDefinition on family app: no.'
    )
    ecsMock.reset()
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Invalid setting for container', ...meta }))
    await expect(resolveTaskDefinition(ecs, file, 'us-east-1')).rejects.toThrow(
      'Could not register the task definition from ecs/task.json in us-east-1: Invalid setting for container'
    )
  })
})

describe('mainContainer', () => {
  const td: TaskDefinition = {
    family: 'app',
    revision: 7,
    containerDefinitions: [
      { name: 'log-router', essential: false },
      { name: 'app' },
      { name: 'worker', essential: true }
    ]
  }

  it.each([
    {
      name: 'the first essential container by default (essential unless false)',
      requested: undefined,
      main: 'app'
    },
    { name: 'the named container', requested: 'worker', main: 'worker' },
    { name: 'a named non-essential container', requested: 'log-router', main: 'log-router' }
  ])('picks $name', ({ requested, main }) => {
    expect(mainContainer(td, requested)).toBe(main)
  })

  it('falls back to the first container when none is essential', () => {
    expect(mainContainer({ containerDefinitions: [{ name: 'a', essential: false }] })).toBe('a')
  })

  it('fails for a definition without containers', () => {
    expect(() =>
      mainContainer({ taskDefinitionArn: 'arn:td/x:1', containerDefinitions: [] })
    ).toThrow('arn:td/x:1 has no containers.')
  })

  it('describes a definition by family:revision, else by ARN', () => {
    expect(describeTaskDefinition(td)).toBe('app:7')
    expect(describeTaskDefinition({ taskDefinitionArn: 'arn:x' })).toBe('arn:x')
  })
})
