/**
 * What a failed GetLogEvents call means for the stream:
 * - missing: the stream (or its group) does not exist yet: keep waiting, it is not an error;
 * - throttled / transient: retry the same token later, nothing is lost;
 * - denied: the role may not read the group: warn once and stop following it;
 * - fatal: anything else the request itself got wrong: warn and stop following it.
 */
export type LogErrorKind = 'missing' | 'throttled' | 'transient' | 'denied' | 'fatal'

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException',
  'SlowDown'
])

const TRANSIENT = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalServerError',
  'InternalServerException',
  'InternalFailure',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'NetworkingError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH'
])

const DENIED = new Set(['AccessDeniedException', 'AccessDenied'])

interface SdkErrorShape {
  name?: unknown
  code?: unknown
  $fault?: unknown
  $retryable?: unknown
  $metadata?: { httpStatusCode?: unknown }
}

export function classifyLogError(error: unknown): LogErrorKind {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? error : {}
  const name = typeof shape.name === 'string' ? shape.name : ''
  const code = typeof shape.code === 'string' ? shape.code : ''
  const status = shape.$metadata?.httpStatusCode
  if (name === 'ResourceNotFoundException') return 'missing'
  if (DENIED.has(name)) return 'denied'
  const retryable = shape.$retryable as { throttling?: unknown } | undefined
  if (THROTTLING.has(name) || status === 429 || retryable?.throttling === true) return 'throttled'
  if (TRANSIENT.has(name) || TRANSIENT.has(code)) return 'transient'
  if (typeof status === 'number' && status >= 500) return 'transient'
  if (shape.$fault === 'server' || shape.$retryable) return 'transient'
  // No HTTP status at all: the request never got an answer (connection reset, DNS, timeout).
  if (typeof status !== 'number' && shape.$fault !== 'client') return 'transient'
  return 'fatal'
}

/** 'Name: message' for a warning, without a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name
  return String(error)
}
