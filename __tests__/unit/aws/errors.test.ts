import { ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs'
import {
  ClientException,
  ECSServiceException,
  InvalidParameterException,
  ServerException
} from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import {
  classifyAwsError,
  explainAccessDenied,
  callFailedMessage,
  errorNameAndMessage,
  errorMessage,
  nonAwsAnswerStatus,
  transientReason
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

describe('explainAccessDenied', () => {
  it.each(['AccessDeniedException', 'AccessDenied'])('names the IAM action for %s', (name) => {
    expect(explainAccessDenied(named(name, 'no'), 'logs:GetLogEvents', 'group /ecs/app')).toBe(
      'Not allowed to call logs:GetLogEvents on group /ecs/app: no. Grant "logs:GetLogEvents" to the workflow\'s role.'
    )
  })

  it('ignores other errors', () => {
    expect(
      explainAccessDenied(named('ThrottlingException'), 'ecs:DescribeTasks', 'x')
    ).toBeUndefined()
  })
})

describe('classifyAwsError', () => {
  const tagged = (name: string, extra: object = {}) =>
    Object.assign(new Error('x'), { name, ...extra })
  it.each([
    [new ResourceNotFoundException({ message: 'no stream', $metadata: {} }), 'not-found'],
    [tagged('AccessDeniedException', { $fault: 'client' }), 'denied'],
    [tagged('ThrottlingException'), 'throttled'],
    [tagged('Whatever', { $metadata: { httpStatusCode: 429 } }), 'throttled'],
    [tagged('ServiceUnavailableException', { $fault: 'server' }), 'server'],
    [tagged('InternalServerError'), 'server'],
    [tagged('Error', { code: 'ECONNRESET' }), 'network'],
    // Both ECS and CloudWatch Logs calls read unreachable hosts as transient.
    [tagged('Error', { code: 'EHOSTUNREACH' }), 'network'],
    [tagged('Error', { code: 'ENETUNREACH' }), 'network'],
    [tagged('Weird', { $retryable: {} }), 'server'],
    [tagged('Weird', { $metadata: { httpStatusCode: 502 }, $fault: 'client' }), 'server'],
    [
      tagged('InvalidParameterException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }),
      'client'
    ],
    [tagged('UnrecognizedClientException', { $fault: 'client', $metadata: {} }), 'client']
  ])('%s → %s', (error, kind) => {
    expect(classifyAwsError(error).kind).toBe(kind)
  })
})

/** What the SDK throws when a proxy answers in AWS's place: its JSON parser's error, untouched. */
function proxyPage(status: number): SyntaxError {
  return Object.assign(
    new SyntaxError(
      `Unexpected token '<', "<html>\r\n<h"... is not valid JSON\n  Deserialization error: to see ` +
        `the raw response, inspect the hidden field {error}.$response on this object.`
    ),
    { $metadata: { httpStatusCode: status, attempts: 4, totalRetryDelay: 900 } }
  )
}

describe('an answer that is not an AWS answer (a proxy page)', () => {
  const SDK_TEXT = /Deserialization error|to see the raw response|is not valid JSON|SyntaxError/

  it('reads as one line naming the call, the HTTP status and that AWS did not answer', () => {
    const line = callFailedMessage(proxyPage(502), 'GetLogEvents')
    expect(line).toBe(
      'GetLogEvents failed: the endpoint answered HTTP 502 with a page that is not an AWS API ' +
        'response (a proxy or load balancer between the runner and AWS may have failed)'
    )
    expect(line).not.toContain('\n')
    for (const text of [line, errorMessage(proxyPage(502)), errorNameAndMessage(proxyPage(404))]) {
      expect(text).not.toMatch(SDK_TEXT)
    }
  })

  it.each([
    [502, 'server', 'server error (HTTP 502, not an AWS answer)'],
    [503, 'server', 'server error (HTTP 503, not an AWS answer)'],
    [429, 'throttled', 'throttled (HTTP 429, not an AWS answer)'],
    [403, 'client', undefined]
  ])('HTTP %i is %s', (status, kind, reason) => {
    expect(nonAwsAnswerStatus(proxyPage(status))).toBe(status)
    expect(classifyAwsError(proxyPage(status)).kind).toBe(kind)
    expect(transientReason(proxyPage(status))).toBe(reason)
  })

  it('leaves AWS answers and errors without an HTTP status alone', () => {
    expect(nonAwsAnswerStatus(named('ThrottlingException', 'Rate exceeded', meta(400)))).toBe(
      undefined
    )
    expect(nonAwsAnswerStatus(new SyntaxError('Unexpected end of JSON input'))).toBe(undefined)
    expect(callFailedMessage(named('ThrottlingException', 'Rate exceeded'), 'RunTask')).toBe(
      'RunTask failed: ThrottlingException: Rate exceeded'
    )
    expect(errorMessage('oops')).toBe('oops')
  })
})

describe('missing credentials', () => {
  it('are not a network error: retrying cannot bring them', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
      tryNextLink: false
    })
    expect(classifyAwsError(error).kind).toBe('client')
    expect(transientReason(error)).toBeUndefined()
  })
})
