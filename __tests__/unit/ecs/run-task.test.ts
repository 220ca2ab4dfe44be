import {
  AccessDeniedException,
  BlockedException,
  ClientException,
  ClusterNotFoundException,
  ConflictException,
  ECSClient,
  ECSServiceException,
  InvalidParameterException,
  PlatformTaskDefinitionIncompatibilityException,
  PlatformUnknownException,
  RunTaskCommand,
  ServerException,
  UnsupportedFeatureException,
  type RunTaskCommandInput
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../../support/clocks.js'
import {
  explainRunTaskError,
  runTaskRetryReason,
  startTasks,
  type RunTaskContext,
  type StartOptions
} from '../../../src/ecs/run-task.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'eu-west-1' })

const TASK_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0'
const REQUEST: RunTaskCommandInput = {
  cluster: 'prod',
  taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/app:7',
  count: 1,
  clientToken: 'gha-42-1-0123456789abcdef0123456789abcdef',
  startedBy: 'gha/acme_app/42/1'
}
const START_TIMEOUT_MS = 10 * 60_000

function options(clock: FakeClock, extra: Partial<StartOptions> = {}): StartOptions {
  return {
    clock,
    startTimeoutMs: START_TIMEOUT_MS,
    log: vi.fn(),
    context: {
      cluster: 'prod',
      region: 'eu-west-1',
      taskDefinition: 'app:7',
      clientToken: REQUEST.clientToken ?? '',
      platformVersion: '1.3.0'
    },
    ...extra
  }
}

const meta = { $metadata: { httpStatusCode: 400 } }
const throttling = (): ECSServiceException =>
  new ECSServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    message: 'Rate exceeded',
    ...meta
  })
const server = (): ServerException =>
  new ServerException({ message: 'Service unavailable', $metadata: { httpStatusCode: 500 } })
const capacity = (): ClientException =>
  new ClientException({ message: 'Tasks provisioning capacity limit exceeded.', ...meta })

/** The error startTasks fails with; a success fails the test. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error })
  )
  if (!('error' in outcome))
    throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`)
  expect(outcome.error).toBeInstanceOf(Error)
  return outcome.error as Error
}

beforeEach(() => {
  ecsMock.reset()
})

describe('startTasks', () => {
  it('sends the request as given and returns the tasks', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }], failures: [] })
    const clock = new FakeClock()
    await expect(startTasks(ecs, REQUEST, options(clock))).resolves.toEqual([{ taskArn: TASK_ARN }])
    expect(ecsMock.commandCalls(RunTaskCommand).map((c) => c.args[0].input)).toEqual([REQUEST])
  })

  it('refuses a request without a client token before calling ECS', async () => {
    const withoutToken = { ...REQUEST }
    delete withoutToken.clientToken
    await expect(startTasks(ecs, withoutToken, options(new FakeClock()))).rejects.toThrow(
      'RunTask needs a client token'
    )
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0)
  })

  it.each([
    { name: 'capacity (ClientException)', error: capacity },
    { name: 'ThrottlingException', error: throttling },
    { name: 'ServerException', error: server }
  ])('retries $name with the same client token, then succeeds', async ({ error }) => {
    ecsMock
      .on(RunTaskCommand)
      .rejectsOnce(error())
      .rejectsOnce(error())
      .resolves({ tasks: [{ taskArn: TASK_ARN }] })
    const clock = new FakeClock()
    const log = vi.fn()
    await expect(startTasks(ecs, REQUEST, options(clock, { log }))).resolves.toEqual([
      { taskArn: TASK_ARN }
    ])
    const calls = ecsMock.commandCalls(RunTaskCommand)
    expect(calls).toHaveLength(3)
    for (const call of calls) expect(call.args[0].input).toEqual(REQUEST)
    expect(new Set(calls.map((c) => c.args[0].input.clientToken))).toEqual(
      new Set([REQUEST.clientToken])
    )
    expect(log).toHaveBeenCalledTimes(2)
    expect(log.mock.calls[0]?.[0]).toMatch(/^RunTask: .+; retry 1 in /)
  })

  it.each([
    { name: 'ThrottlingException', error: throttling, says: 'throttled (ThrottlingException)' },
    { name: 'ServerException', error: server, says: 'server error (ServerException)' },
    { name: 'capacity', error: capacity, says: 'no capacity' }
  ])('keeps retrying $name until start-timeout, then says to raise it', async ({ error, says }) => {
    ecsMock.on(RunTaskCommand).rejects(error())
    const clock = new FakeClock()
    const started = clock.now()
    const failure = await failureOf(startTasks(ecs, REQUEST, options(clock)))
    expect(failure.message).toContain('"start-timeout"')
    expect(failure.message).toMatch(/Raise "start-timeout"/)
    expect(failure.message).toContain(says)
    expect(clock.now() - started).toBeLessThanOrEqual(START_TIMEOUT_MS)
    // Full jitter averages half of 20 s once capped: far more than a handful of attempts.
    expect(ecsMock.commandCalls(RunTaskCommand).length).toBeGreaterThan(10)
  })

  it('names every placement failure when no task was started', async () => {
    ecsMock.on(RunTaskCommand).resolves({
      tasks: [],
      failures: [
        { arn: 'arn:aws:ecs:eu-west-1:1:container-instance/prod/i1', reason: 'RESOURCE:MEMORY' },
        {
          arn: 'arn:aws:ecs:eu-west-1:1:container-instance/prod/i2',
          reason: 'AGENT',
          detail: 'agent disconnected'
        }
      ]
    })
    await expect(startTasks(ecs, REQUEST, options(new FakeClock()))).rejects.toThrow(
      'ECS could not place the task: ' +
        'arn:aws:ecs:eu-west-1:1:container-instance/prod/i1: RESOURCE:MEMORY; ' +
        'arn:aws:ecs:eu-west-1:1:container-instance/prod/i2: AGENT (agent disconnected). ' +
        'Add capacity to cluster'
    )
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(1)
  })

  it('fails when ECS answers neither tasks nor failures', async () => {
    ecsMock.on(RunTaskCommand).resolves({})
    await expect(startTasks(ecs, REQUEST, options(new FakeClock()))).rejects.toThrow(
      'ECS returned neither tasks nor failures'
    )
  })

  it('returns the placed tasks and logs the failures of a partial placement', async () => {
    ecsMock.on(RunTaskCommand).resolves({
      tasks: [{ taskArn: TASK_ARN }],
      failures: [{ arn: 'arn:i2', reason: 'RESOURCE:CPU' }]
    })
    const log = vi.fn()
    await expect(
      startTasks(ecs, { ...REQUEST, count: 2 }, options(new FakeClock(), { log }))
    ).resolves.toEqual([{ taskArn: TASK_ARN }])
    expect(log).toHaveBeenCalledWith('ECS placed 1 of 2 tasks; failures: arn:i2 RESOURCE:CPU')
  })

  const errorCases: Array<{ name: string; error: () => Error; contains: string[] }> = [
    {
      name: 'ConflictException',
      error: () =>
        new ConflictException({
          message: 'The request conflicts with a previous one',
          resourceIds: [TASK_ARN, 'arn:aws:ecs:eu-west-1:1:task/prod/other'],
          ...meta
        }),
      contains: [
        REQUEST.clientToken ?? '',
        `${TASK_ARN}, arn:aws:ecs:eu-west-1:1:task/prod/other`,
        '"client-token"',
        'not used before',
        'prod'
      ]
    },
    {
      name: 'AccessDeniedException',
      error: () => new AccessDeniedException({ message: 'User is not authorized', ...meta }),
      contains: ['"ecs:RunTask"', '"iam:PassRole"', 'app:7', 'User is not authorized']
    },
    {
      name: 'ClusterNotFoundException',
      error: () => new ClusterNotFoundException({ message: 'Cluster not found.', ...meta }),
      contains: ['Cluster "prod"', 'region eu-west-1', '"cluster"']
    },
    {
      name: 'PlatformUnknownException',
      error: () =>
        new PlatformUnknownException({
          message: 'The specified platform does not exist.',
          ...meta
        }),
      contains: ['"1.3.0"', '"platform-version"', 'The specified platform does not exist.']
    },
    {
      name: 'PlatformTaskDefinitionIncompatibilityException',
      error: () =>
        new PlatformTaskDefinitionIncompatibilityException({
          message:
            'The specified platform does not satisfy the task definition required capabilities.',
          ...meta
        }),
      contains: ['Task definition app:7', 'platform version 1.3.0', '"platform-version"']
    },
    {
      name: 'BlockedException',
      error: () => new BlockedException({ message: 'Your account is blocked.', ...meta }),
      contains: ['blocked', 'Your account is blocked.', 'AWS Support']
    },
    {
      name: 'UnsupportedFeatureException',
      error: () =>
        new UnsupportedFeatureException({ message: 'ECS Exec is not supported.', ...meta }),
      contains: ['region eu-west-1', 'app:7', 'ECS Exec is not supported.']
    },
    {
      name: 'InvalidParameterException',
      error: () =>
        new InvalidParameterException({
          message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
          ...meta
        }),
      contains: ['ECS rejected the RunTask request', "networkMode 'awsvpc'"]
    },
    {
      name: 'ClientException (not about capacity)',
      error: () => new ClientException({ message: 'Task definition is INACTIVE.', ...meta }),
      contains: ['ECS rejected the RunTask request: Task definition is INACTIVE.']
    }
  ]

  it.each(errorCases)(
    'fails at once on $name with a message saying what to do',
    async ({ error, contains }) => {
      const thrown = error()
      ecsMock.on(RunTaskCommand).rejects(thrown)
      const clock = new FakeClock()
      const failure = await failureOf(startTasks(ecs, REQUEST, options(clock)))
      for (const text of contains) expect(failure.message).toContain(text)
      expect(failure.cause).toBe(thrown)
      expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(1)
      expect(clock.sleeps).toEqual([])
    }
  )

  it('stops retrying when the workflow is cancelled and says so', async () => {
    const controller = new AbortController()
    ecsMock.on(RunTaskCommand).callsFake(() => {
      controller.abort()
      throw throttling()
    })
    const failure = await failureOf(
      startTasks(ecs, REQUEST, options(new FakeClock(), { signal: controller.signal }))
    )
    expect(failure.message).toBe(
      'The workflow was cancelled before RunTask succeeded (last error: Rate exceeded). ' +
        'Run the workflow again to run the task.'
    )
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(1)
  })
})

const named = (name: string, message = 'x'): Error => Object.assign(new Error(message), { name })
const status = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } })

describe('runTaskRetryReason', () => {
  const cases: Array<{ name: string; error: unknown; reason: string | undefined }> = [
    {
      name: 'the PROVISIONING quota',
      error: new ClientException({
        message: 'Tasks provisioning capacity limit exceeded.',
        ...status(400)
      }),
      reason: 'no capacity yet (Tasks provisioning capacity limit exceeded)'
    },
    {
      name: 'another ClientException',
      error: new ClientException({ message: 'TaskDefinition is inactive', ...status(400) }),
      reason: undefined
    },
    {
      name: 'throttling',
      error: named('ThrottlingException'),
      reason: 'throttled (ThrottlingException)'
    },
    {
      name: 'a server error',
      error: new ServerException({ message: 'boom', ...status(500) }),
      reason: 'server error (ServerException)'
    },
    {
      name: 'InvalidParameterException about capacity providers',
      error: new InvalidParameterException({
        message: 'capacity provider not found',
        ...status(400)
      }),
      reason: undefined
    },
    { name: 'AccessDenied', error: named('AccessDeniedException'), reason: undefined }
  ]

  it.each(cases)('$name → $reason', ({ error, reason }) => {
    expect(runTaskRetryReason(error)).toBe(reason)
  })
})

describe('explainRunTaskError', () => {
  const ctx: RunTaskContext = {
    cluster: 'prod',
    region: 'eu-west-1',
    taskDefinition: 'app:7',
    clientToken: 'tok'
  }

  it('names LATEST when no platform version was given', () => {
    expect(explainRunTaskError(named('PlatformUnknownException', 'unknown'), ctx)).toBe(
      'Platform version "LATEST" is not known to ECS: unknown. ' +
        'Set "platform-version" to LATEST or an existing version such as 1.4.0.'
    )
  })

  it('says the capacity ran out with start-timeout', () => {
    const error = new ClientException({
      message: 'Tasks provisioning capacity limit exceeded.',
      ...status(400)
    })
    expect(explainRunTaskError(error, ctx)).toBe(
      'RunTask kept failing because the cluster had no capacity until "start-timeout" ran out: ' +
        'Tasks provisioning capacity limit exceeded. Raise "start-timeout" or add capacity to cluster "prod".'
    )
  })

  it('says in one line that a proxy page came back instead of an AWS answer', () => {
    const page = Object.assign(
      new SyntaxError(
        `Unexpected token '<', "<html>" is not valid JSON\n  Deserialization error: to see the ` +
          `raw response, inspect the hidden field {error}.$response on this object.`
      ),
      { $metadata: { httpStatusCode: 502 } }
    )
    expect(runTaskRetryReason(page)).toBe('server error (HTTP 502, not an AWS answer)')
    expect(explainRunTaskError(page, ctx)).toBe(
      'RunTask kept failing with a server error (HTTP 502, not an AWS answer) until ' +
        '"start-timeout" ran out: the endpoint answered HTTP 502 with a page that is not an AWS ' +
        'API response (a proxy or load balancer between the runner and AWS may have failed). ' +
        'Raise "start-timeout" or try again later.'
    )
  })

  it('falls back to the AWS message, then says what to check', () => {
    const check = "Check the inputs, the region and the workflow's AWS role."
    expect(explainRunTaskError(named('WeirdException', 'weird'), ctx)).toBe(
      `RunTask failed: weird. ${check}`
    )
    expect(explainRunTaskError('plain', ctx)).toBe(`RunTask failed: plain. ${check}`)
  })

  // AWS ends some messages with a stop and some without: each is quoted with exactly one.
  it.each([
    ['Cluster not found.', 'ClusterNotFoundException'],
    ['Cluster not found!', 'ClusterNotFoundException'],
    ['Cluster not found', 'ClusterNotFoundException'],
    ['User is not authorized.', 'AccessDeniedException'],
    ['The request is invalid.', 'InvalidParameterException'],
    ['Blocked.', 'BlockedException'],
    ['Unknown platform.', 'PlatformUnknownException'],
    ['Incompatible.', 'PlatformTaskDefinitionIncompatibilityException'],
    ['Not supported.', 'UnsupportedFeatureException'],
    ['Token reused.', 'ConflictException'],
    ['Rejected.', 'ClientException'],
    ['Rate exceeded.', 'ThrottlingException'],
    ['Odd.', 'WeirdException']
  ])('%s (%s): no doubled punctuation, ends in a sentence', (message, name) => {
    const text = explainRunTaskError(named(name, message), ctx)
    expect(text).not.toMatch(/[.!?;:,]\s*[.;:,]/)
    expect(text).toMatch(/[a-z0-9")]\.$/)
    expect(text).toContain(message.replace(/[.!]$/, ''))
  })
})

describe('explainRunTaskError: the EC2 fallback of a request without launch settings', () => {
  const ctx: RunTaskContext = {
    cluster: 'bare',
    region: 'eu-west-1',
    taskDefinition: 'app:7',
    clientToken: 't'
  }
  const noInstances = (): InvalidParameterException =>
    new InvalidParameterException({
      message: 'No Container Instances were found in your cluster.',
      ...status(400)
    })

  it('says to set launch-type FARGATE, a capacity provider strategy or service', () => {
    expect(explainRunTaskError(noInstances(), { ...ctx, launchChosen: false })).toBe(
      'ECS found no container instances in cluster "bare": No Container Instances were found in ' +
        'your cluster. Nothing named a launch type or capacity provider strategy and the cluster ' +
        'has no default capacity provider strategy, so ECS fell back to the EC2 launch type. Set ' +
        '"launch-type: FARGATE" (for a Fargate task definition), "capacity-provider-strategy", or ' +
        '"service" to run the task the way that service runs.'
    )
  })

  it('says the cluster needs instances when the request chose EC2 itself', () => {
    const message = explainRunTaskError(noInstances(), {
      ...ctx,
      launchType: 'EC2',
      launchChosen: true
    })
    expect(message).toBe(
      'Cluster "bare" has no container instances for the EC2 launch type: No Container ' +
        'Instances were found in your cluster. Register EC2 container instances in the cluster, ' +
        'or set "launch-type: FARGATE" for a Fargate task definition.'
    )
  })
})
