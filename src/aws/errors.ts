/** One reading of AWS SDK and network errors, shared by every call the action makes. */

import { clause, joinSentences } from '../kit/sentences.js'
import {
  explainDnsFailure,
  explainProxyConnectionFailure,
  explainUntrustedTls,
  dnsFailure,
  isProxyRefused,
  proxyConnectionFailure,
  untrustedTls
} from './proxy-errors.js'

/**
 * - throttled, server, network: transient, worth asking again later;
 * - denied: the role lacks a permission; not-found: the named resource does not exist;
 * - client: the request itself is wrong; unknown: not an error object at all;
 * - proxy: the runner's proxy refused the connection (asking again cannot help).
 */
export type AwsErrorKind =
  'throttled' | 'server' | 'network' | 'denied' | 'not-found' | 'client' | 'proxy' | 'unknown'

export interface AwsErrorLike {
  name?: string
  message?: string
  code?: string
  $fault?: 'client' | 'server'
  $metadata?: { httpStatusCode?: number }
  $retryable?: { throttling?: boolean }
  resourceIds?: string[]
}

export function asAwsError(error: unknown): AwsErrorLike {
  return typeof error === 'object' && error !== null ? (error as AwsErrorLike) : {}
}

/**
 * The HTTP status of an answer that was not an AWS API answer (e.g. a proxy's HTML error page),
 * else undefined. The SDK then throws the JSON parser's SyntaxError, with the status in
 * `$metadata` and advice about its hidden `$response` field in the message.
 */
export function nonAwsAnswerStatus(error: unknown): number | undefined {
  const e = asAwsError(error)
  const status = e.$metadata?.httpStatusCode
  if (status === undefined) return undefined
  const deserialization = /Deserialization error|to see the raw response|is not valid JSON/
  return e.name === 'SyntaxError' || deserialization.test(e.message ?? '') ? status : undefined
}

function nonAwsAnswer(status: number): string {
  if (status === 407) {
    return (
      'a proxy between the runner and AWS asked for credentials (HTTP 407); check the user and ' +
      'password in HTTP_PROXY or HTTPS_PROXY (http://user:password@host:port)'
    )
  }
  return (
    `the endpoint answered HTTP ${status} with a page that is not an AWS API response ` +
    `(a proxy or load balancer between the runner and AWS may have failed)`
  )
}

/** An error's message, with a non-AWS answer said in one line instead of the SDK's parser text. */
export function errorMessage(error: unknown): string {
  const status = nonAwsAnswerStatus(error)
  if (status !== undefined) return nonAwsAnswer(status)
  const said = environmentProblem(error)
  if (said !== undefined) return said
  return error instanceof Error ? error.message : String(error)
}

/** A DNS, proxy or CA problem of the runner's network, said with what to check; else undefined. */
function environmentProblem(error: unknown): string | undefined {
  return (
    explainDnsFailure(error) ?? explainProxyConnectionFailure(error) ?? explainUntrustedTls(error)
  )
}

/** 'Name: message', without a stack: for warnings about calls that are given up. */
export function errorNameAndMessage(error: unknown): string {
  const status = nonAwsAnswerStatus(error)
  if (status !== undefined) return nonAwsAnswer(status)
  const said = environmentProblem(error)
  if (said !== undefined) return said
  if (isProxyRefused(error)) return error.message
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name
  return String(error)
}

/** One line naming the call that failed and why, e.g. 'DescribeTasks failed: ThrottlingException: Rate exceeded'. */
export function callFailedMessage(error: unknown, call: string): string {
  return `${call} failed: ${errorNameAndMessage(error)}`
}

const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|LimitExceeded|SlowDown/
const SERVER = /ServerException|ServiceUnavailable|InternalServer|InternalFailure|InternalError/
const NETWORK_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError'
])
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH'
])
const DENIED = new Set(['AccessDeniedException', 'AccessDenied'])
const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'ClusterNotFoundException',
  'ServiceNotFoundException'
])

export interface ClassifiedError {
  kind: AwsErrorKind
  /** What to quote in a log line: the exception name, the HTTP status or the socket code. */
  what: string
  /**
   * Transient, yet asked again only a few times before a task starts: a proxy that cannot reach
   * AWS (5xx to CONNECT), a proxy that does not accept the connection, or a host that DNS does
   * not know usually fails the same way for the whole start-timeout, so the step says why within
   * seconds instead.
   */
  fewRetries?: true
}

export function classifyAwsError(error: unknown): ClassifiedError {
  if (typeof error !== 'object' || error === null) return { kind: 'unknown', what: String(error) }
  if (isProxyRefused(error)) {
    const what = `HTTP ${error.answer.status} from the proxy`
    return error.answer.status >= 500
      ? { kind: 'network', what, fewRetries: true }
      : { kind: 'proxy', what }
  }
  const dns = dnsFailure(error)
  if (dns !== undefined) return { kind: 'network', what: dns.code, fewRetries: true }
  // A certificate Node does not trust stays untrusted however often it is asked.
  const tls = untrustedTls(error)
  if (tls !== undefined) return { kind: 'client', what: tls }
  const e = asAwsError(error)
  const name = e.name ?? 'Error'
  const status = e.$metadata?.httpStatusCode
  const foreign = nonAwsAnswerStatus(error)
  if (foreign !== undefined) {
    // Whatever answered in AWS's place: its status is all there is to go by.
    const what = `HTTP ${foreign}, not an AWS answer`
    if (foreign === 429) return { kind: 'throttled', what }
    if (foreign === 407) return { kind: 'proxy', what }
    return { kind: foreign >= 500 ? 'server' : 'client', what }
  }
  if (DENIED.has(name)) return { kind: 'denied', what: name }
  // No credentials is no network error: asking again cannot help (explainCredentialsProblem).
  if (name === 'CredentialsProviderError' || NO_CREDENTIALS.test(e.message ?? '')) {
    return { kind: 'client', what: name }
  }
  if (NOT_FOUND.has(name)) return { kind: 'not-found', what: name }
  if (THROTTLING.test(name) || status === 429 || e.$retryable?.throttling === true) {
    return { kind: 'throttled', what: name }
  }
  if (SERVER.test(name)) return { kind: 'server', what: name }
  if (status !== undefined && status >= 500) return { kind: 'server', what: `HTTP ${status}` }
  const code = e.code !== undefined && NETWORK_CODES.has(e.code) ? e.code : undefined
  if (code !== undefined || NETWORK_CODES.has(name) || NETWORK_NAMES.has(name)) {
    // The proxy itself does not answer: a wrong host or port reads the same every time.
    const what = code ?? name
    return proxyConnectionFailure(error)
      ? { kind: 'network', what, fewRetries: true }
      : { kind: 'network', what }
  }
  if (e.$fault === 'server' || e.$retryable) return { kind: 'server', what: name }
  // No answer at all (a reset, a hang-up): a modelled exception or a status means AWS answered.
  const answered = status !== undefined || e.$fault !== undefined || name.endsWith('Exception')
  if (!answered) return { kind: 'network', what: name === 'Error' ? (e.message ?? name) : name }
  return { kind: 'client', what: name }
}

const TRANSIENT_LABEL: Partial<Record<AwsErrorKind, string>> = {
  throttled: 'throttled',
  server: 'server error',
  network: 'network error'
}

/** Throttling, server-side and network failures: why it is worth asking again, else undefined. */
export function transientReason(error: unknown): string | undefined {
  const { kind, what } = classifyAwsError(error)
  const label = TRANSIENT_LABEL[kind]
  return label === undefined ? undefined : `${label} (${what})`
}

/** An AccessDenied on any call names the IAM action the role lacks. */
export function explainAccessDenied(
  error: unknown,
  action: string,
  resource: string
): string | undefined {
  if (classifyAwsError(error).kind !== 'denied') return undefined
  const aws = clause(asAwsError(error).message ?? '')
  return joinSentences(
    `Not allowed to call ${action} on ${resource}${aws ? `: ${aws}` : ''}`,
    `Grant "${action}" to the workflow's role`
  )
}

const NO_CREDENTIALS = /Could not load credentials from any providers/
const REFUSED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'ExpiredToken'
])

/** Where the step runs, for the advice on credentials. */
export interface CredentialsSetting {
  /** On a GitHub runner (GITHUB_ACTIONS=true), else a local run (`npm run local-action`). */
  onRunner: boolean
  /** AWS_PROFILE names a profile that neither shared file holds. */
  missingProfile?: string
}

/** The setting of this process: GITHUB_ACTIONS is what the runner sets for every step. */
export function credentialsSetting(env: NodeJS.ProcessEnv = process.env): CredentialsSetting {
  return { onRunner: env.GITHUB_ACTIONS === 'true' }
}

/**
 * Missing or refused AWS credentials, anywhere in the error's cause chain (a message may wrap
 * the SDK's error): what happened and how a workflow (or a local run) gets credentials; else
 * undefined.
 */
export function explainCredentialsProblem(
  error: unknown,
  region: string,
  setting: CredentialsSetting = credentialsSetting()
): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { name = '', message = '' } = asAwsError(e)
    if (name === 'CredentialsProviderError' || NO_CREDENTIALS.test(message)) {
      const found = `No AWS credentials were found for region ${region}: ${clause(message || name)}`
      if (setting.missingProfile !== undefined) {
        return joinSentences(
          `${found}. AWS_PROFILE names profile "${setting.missingProfile}", which neither ` +
            '~/.aws/config nor ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) holds',
          'Check the name (`aws configure list-profiles`), or unset AWS_PROFILE'
        )
      }
      if (!setting.onRunner) {
        return joinSentences(
          found,
          'Not on a GitHub runner: give this shell credentials (e.g. `aws sso login` and ' +
            'AWS_PROFILE), or set them in the .env of `npm run local-action` (AWS_PROFILE, or ' +
            'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; any values for the emulator, see ' +
            '.env.example)'
        )
      }
      return joinSentences(
        found,
        'Add a step with aws-actions/configure-aws-credentials (role-to-assume and aws-region) ' +
          'before this one, and give the job `permissions: id-token: write` so it can assume ' +
          'the role through OIDC'
      )
    }
    if (REFUSED_CREDENTIALS.has(name)) {
      return joinSentences(
        `AWS refused the credentials in region ${region} (${name}): ${clause(message)}`,
        setting.onRunner
          ? 'Check the role aws-actions/configure-aws-credentials assumes, its region and that ' +
              'the session has not expired'
          : 'Check the credentials of this shell or .env (AWS_PROFILE, AWS_ACCESS_KEY_ID), their ' +
              'region and that the session has not expired (`aws sso login` again)'
      )
    }
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}
