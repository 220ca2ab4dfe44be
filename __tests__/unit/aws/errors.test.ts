import {
  ClientException,
  ECSServiceException,
  InvalidParameterException,
  ServerException
} from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import {
  describeAccessDenied,
  describeRunTaskError,
  runTaskRetryReason,
  transientReason,
  type RunTaskContext
} from '../../../src/aws/errors.js'

const named = (name: string, message = 'x', extra: object = {}): Error =>
  Object.assign(new Error(message), { name }, extra)

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } })

describe('transientReason', () => {
  const cases: Array<{ name: string; error: unknown; reason: string | undefined }> = [
    {
      name: 'ThrottlingException',
      error: named('ThrottlingException'),
      reason: 'throttled (ThrottlingException)'
    },
    {
      name: 'TooManyRequestsException',
      error: named('TooManyRequestsException'),
      reason: 'throttled (TooManyRequestsException)'
    },
    {
      name: 'RequestLimitExceeded',
      error: named('RequestLimitExceeded'),
      reason: 'throttled (RequestLimitExceeded)'
    },
    {
      name: 'ServerException',
      error: new ServerException({ message: 'boom', ...meta(500) }),
      reason: 'server error (ServerException)'
    },
    {
      name: 'ServiceUnavailable',
      error: named('ServiceUnavailable'),
      reason: 'server error (ServiceUnavailable)'
    },
    {
      name: 'InternalFailure',
      error: named('InternalFailure'),
      reason: 'server error (InternalFailure)'
    },
    {
      name: 'an unmodelled 502',
      error: new ECSServiceException({
        name: 'Unknown',
        $fault: 'server',
        message: 'bad gateway',
        ...meta(502)
      }),
      reason: 'server error (HTTP 502)'
    },
    { name: 'TimeoutError', error: named('TimeoutError'), reason: 'network error (TimeoutError)' },
    {
      name: 'ECONNRESET',
      error: named('Error', 'read ECONNRESET', { code: 'ECONNRESET' }),
      reason: 'network error (ECONNRESET)'
    },
    {
      name: 'EAI_AGAIN',
      error: named('Error', 'getaddrinfo', { code: 'EAI_AGAIN' }),
      reason: 'network error (EAI_AGAIN)'
    },
    {
      name: 'socket hang up',
      error: named('Error', 'socket hang up'),
      reason: 'network error (socket hang up)'
    },
    // final errors
    {
      name: 'AccessDeniedException',
      error: named('AccessDeniedException', 'denied'),
      reason: undefined
    },
    {
      name: 'ClientException',
      error: new ClientException({ message: 'bad', ...meta(400) }),
      reason: undefined
    },
    {
      name: 'an InvalidParameterException that mentions the network',
      error: new InvalidParameterException({
        message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
        ...meta(400)
      }),
      reason: undefined
    },
    {
      name: 'a 400 without a name',
      error: Object.assign(new Error('x'), meta(400)),
      reason: undefined
    },
    { name: 'a string', error: 'oops', reason: undefined },
    { name: 'undefined', error: undefined, reason: undefined }
  ]

  it.each(cases)('$name → $reason', ({ error, reason }) => {
    expect(transientReason(error)).toBe(reason)
  })
})

describe('runTaskRetryReason', () => {
  const cases: Array<{ name: string; error: unknown; reason: string | undefined }> = [
    {
      name: 'the PROVISIONING quota',
      error: new ClientException({
        message: 'Tasks provisioning capacity limit exceeded.',
        ...meta(400)
      }),
      reason: 'no capacity yet (Tasks provisioning capacity limit exceeded.)'
    },
    {
      name: 'another ClientException',
      error: new ClientException({ message: 'TaskDefinition is inactive', ...meta(400) }),
      reason: undefined
    },
    {
      name: 'throttling',
      error: named('ThrottlingException'),
      reason: 'throttled (ThrottlingException)'
    },
    {
      name: 'a server error',
      error: new ServerException({ message: 'boom', ...meta(500) }),
      reason: 'server error (ServerException)'
    },
    {
      name: 'InvalidParameterException about capacity providers',
      error: new InvalidParameterException({
        message: 'capacity provider not found',
        ...meta(400)
      }),
      reason: undefined
    },
    { name: 'AccessDenied', error: named('AccessDeniedException'), reason: undefined }
  ]

  it.each(cases)('$name → $reason', ({ error, reason }) => {
    expect(runTaskRetryReason(error)).toBe(reason)
  })
})

describe('describeRunTaskError', () => {
  const ctx: RunTaskContext = {
    cluster: 'prod',
    region: 'eu-west-1',
    taskDefinition: 'app:7',
    clientToken: 'tok'
  }

  it('names LATEST when no platform version was given', () => {
    expect(describeRunTaskError(named('PlatformUnknownException', 'unknown'), ctx)).toBe(
      'Platform version "LATEST" is not known to ECS: unknown. ' +
        'Set "platform-version" to LATEST or an existing version such as 1.4.0.'
    )
  })

  it('says the capacity ran out with start-timeout', () => {
    const error = new ClientException({
      message: 'Tasks provisioning capacity limit exceeded.',
      ...meta(400)
    })
    expect(describeRunTaskError(error, ctx)).toBe(
      'RunTask kept failing because the cluster had no capacity until "start-timeout" ran out: ' +
        'Tasks provisioning capacity limit exceeded.. Raise "start-timeout" or add capacity to cluster "prod".'
    )
  })

  it('falls back to the AWS message', () => {
    expect(describeRunTaskError(named('WeirdException', 'weird'), ctx)).toBe(
      'RunTask failed: weird'
    )
    expect(describeRunTaskError('plain', ctx)).toBe('RunTask failed: plain')
  })
})

describe('describeAccessDenied', () => {
  it.each(['AccessDeniedException', 'AccessDenied'])('names the IAM action for %s', (name) => {
    expect(describeAccessDenied(named(name, 'no'), 'logs:GetLogEvents', 'group /ecs/app')).toBe(
      'Not allowed to call logs:GetLogEvents on group /ecs/app: no. Grant "logs:GetLogEvents" to the workflow\'s role.'
    )
  })

  it('ignores other errors', () => {
    expect(
      describeAccessDenied(named('ThrottlingException'), 'ecs:DescribeTasks', 'x')
    ).toBeUndefined()
  })
})
