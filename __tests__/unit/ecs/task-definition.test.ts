import {
  AccessDeniedException,
  ClientException,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ECSServiceException,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../../support/clocks.js'
import type { CallBudget } from '../../../src/aws/retry-transient.js'
import {
  taskDefinitionLabel,
  describeTaskDefinitionRef,
  registerTaskDefinition
} from '../../../src/ecs/task-definition.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'us-east-1' })

const REGISTERED: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:8',
  family: 'app',
  revision: 8,
  containerDefinitions: [{ name: 'app', image: 'app:1' }]
}
const FILE_DEFINITION: RegisterTaskDefinitionCommandInput = {
  family: 'app',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'app:1', essential: true }]
}
const meta = { $metadata: { httpStatusCode: 400 } }
const throttled = (): ECSServiceException =>
  new ECSServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    message: 'Rate exceeded',
    ...meta
  })

function budget(clock = new FakeClock(), deadline = 60_000): CallBudget {
  return { clock, deadline, log: vi.fn(), random: () => 0.5 }
}
const described = { region: 'us-east-1', withTags: false }
const WHAT = 'the task definition from ecs/task.json'

beforeEach(() => {
  ecsMock.reset()
})

describe('describeTaskDefinitionRef', () => {
  it.each(['app', 'app:7', 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:7'])(
    'describes the reference %s, without asking for tags',
    async (reference) => {
      ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: REGISTERED })
      await expect(describeTaskDefinitionRef(ecs, reference, described, budget())).resolves.toEqual(
        { taskDefinition: REGISTERED }
      )
      expect(
        ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input)
      ).toEqual([{ taskDefinition: reference }])
    }
  )

  it('asks for the tags when they are to be carried over', async () => {
    const tags = [{ key: 'team', value: 'shop' }]
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: REGISTERED, tags })
    await expect(
      describeTaskDefinitionRef(ecs, 'app', { ...described, withTags: true }, budget())
    ).resolves.toEqual({ taskDefinition: REGISTERED, tags })
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0]?.args[0].input).toEqual({
      taskDefinition: 'app',
      include: ['TAGS']
    })
  })

  it('names the input and the region when the definition is not found', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Unable to describe task definition.', ...meta }))
    await expect(
      describeTaskDefinitionRef(ecs, 'nope:3', { ...described, region: 'eu-west-1' }, budget())
    ).rejects.toThrow(
      'Task definition "nope:3" was not found in eu-west-1: Unable to describe task definition. ' +
        'Check the "task-definition" input (family, family:revision or ARN) and the region.'
    )
    const fromService = { ...described, from: 'the primary deployment of service "web"' }
    await expect(
      describeTaskDefinitionRef(ecs, 'arn:td/web:2', fromService, budget())
    ).rejects.toThrow('Check the primary deployment of service "web" and the region.')
  })

  it('names ecs:DescribeTaskDefinition when access is denied', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new AccessDeniedException({ message: 'no', ...meta }))
    await expect(describeTaskDefinitionRef(ecs, 'app', described, budget())).rejects.toThrow(
      'Not allowed to call ecs:DescribeTaskDefinition on app: no.'
    )
  })

  it("retries throttling past the SDK's own attempts, with RunTask's log lines", async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ taskDefinition: REGISTERED })
    const b = budget()
    await expect(describeTaskDefinitionRef(ecs, 'app', described, b)).resolves.toEqual({
      taskDefinition: REGISTERED
    })
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(5)
    expect(vi.mocked(b.log).mock.calls[0]?.[0]).toBe(
      'DescribeTaskDefinition: throttled (ThrottlingException); retry 1 in 0.5 s'
    )
  })

  it('gives up when the deadline has passed, saying to raise start-timeout', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(throttled())
    await expect(
      describeTaskDefinitionRef(ecs, 'app', described, budget(new FakeClock(), 0))
    ).rejects.toThrow(
      'DescribeTaskDefinition kept failing with a throttled (ThrottlingException) until "start-timeout" ran out: Rate exceeded. Raise "start-timeout" or try again later.'
    )
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(1)
  })
})

describe('registerTaskDefinition', () => {
  it('registers what it is given and returns the new revision', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: REGISTERED })
    await expect(
      registerTaskDefinition(ecs, FILE_DEFINITION, WHAT, 'us-east-1', budget())
    ).resolves.toEqual(REGISTERED)
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand).map((c) => c.args[0].input)).toEqual(
      [FILE_DEFINITION]
    )
  })

  it('retries a server error within the budget', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejectsOnce(
        new ECSServiceException({
          name: 'ServerException',
          $fault: 'server',
          message: 'x',
          $metadata: { httpStatusCode: 500 }
        })
      )
      .resolves({ taskDefinition: REGISTERED })
    await expect(
      registerTaskDefinition(ecs, FILE_DEFINITION, WHAT, 'us-east-1', budget())
    ).resolves.toEqual(REGISTERED)
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(2)
  })

  it('names ecs:RegisterTaskDefinition, PassRole and, with tags, TagResource when denied', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new AccessDeniedException({ message: 'no', ...meta }))
    await expect(
      registerTaskDefinition(ecs, FILE_DEFINITION, WHAT, 'us-east-1', budget())
    ).rejects.toThrow(
      'Not allowed to call ecs:RegisterTaskDefinition on family app: no. Grant "ecs:RegisterTaskDefinition" ' +
        "to the workflow's role. Registering also needs iam:PassRole on its task and execution roles."
    )
    const tagged = { ...FILE_DEFINITION, tags: [{ key: 'team', value: 'shop' }] }
    await expect(registerTaskDefinition(ecs, tagged, WHAT, 'us-east-1', budget())).rejects.toThrow(
      'and ecs:TagResource (condition ecs:CreateAction = RegisterTaskDefinition) for its tags.'
    )
  })

  it('names what was registered and the region when ECS refuses it', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Invalid setting for container', ...meta }))
    await expect(
      registerTaskDefinition(ecs, FILE_DEFINITION, WHAT, 'us-east-1', budget())
    ).rejects.toThrow(
      'Could not register the task definition from ecs/task.json in us-east-1: Invalid setting for container'
    )
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1)
  })
})

describe('taskDefinitionLabel', () => {
  const td: TaskDefinition = { family: 'app', revision: 7, containerDefinitions: [] }

  it('names a definition by family:revision, else by ARN', () => {
    expect(taskDefinitionLabel(td)).toBe('app:7')
    expect(taskDefinitionLabel({ taskDefinitionArn: 'arn:x' })).toBe('arn:x')
  })
})
