import { ECSClient } from '@aws-sdk/client-ecs'
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler'
import { ProxyRouter } from './proxy-agent.js'
import { checkProxySettings, proxyIsSet, proxySettings } from './proxy-env.js'

/**
 * Clients come from the standard provider chain: credentials and endpoints are never set
 * here, so `aws-actions/configure-aws-credentials` and the SDK's `AWS_ENDPOINT_URL*`
 * variables keep working. The SDK's standard retry mode retries throttling, 5xx and
 * network errors of one call (reusing RunTask's client token); the action's own loops add
 * retries only where one call's budget is not enough.
 */
export const SDK_MAX_ATTEMPTS = 4

/** Sent with every AWS call, so CloudTrail and support can tell the action's calls apart. */
export const USER_AGENT = 'ecs-run-task/0.1.0'

/**
 * The SDK's HTTP handler waits forever by default: a connection that stalls would hold a
 * loop past wait-timeout or a cancel. A timed-out call is a network error, retried like one
 * (RunTask with the same client token, so a slow answer costs time, never a second task).
 * ECS answers in well under a second; requestTimeout counts until the answer's headers.
 */
export const HTTP_TIMEOUTS = {
  connectionTimeout: 5_000,
  requestTimeout: 10_000,
  // Without it the handler only logs a warning when requestTimeout passes.
  throwOnRequestTimeout: true
} as const

/**
 * GetLogEvents: a hung call must not eat the time a stream is given to drain (the streamer
 * retries on its own, with the same token). The body of a large page is not bound by
 * requestTimeout, only its start; socketTimeout ends a body that stops flowing.
 */
export const LOGS_HTTP_TIMEOUTS = {
  connectionTimeout: 3_000,
  requestTimeout: 5_000,
  socketTimeout: 10_000,
  throwOnRequestTimeout: true
} as const

/**
 * The SDK's HTTP handler with `timeouts`; when the runner sets a proxy variable, its agents go
 * through the proxy (the SDK itself ignores the variables). Endpoint resolution is untouched:
 * AWS_ENDPOINT_URL* still decides the host, the proxy only how it is reached.
 * Throws a ProxyConfigError for a proxy variable that is not an http(s) URL.
 */
export function httpHandler(
  timeouts: NodeHttpHandlerOptions,
  env: NodeJS.ProcessEnv = process.env
): NodeHttpHandler | NodeHttpHandlerOptions {
  const settings = proxySettings(env)
  if (!proxyIsSet(settings)) return timeouts
  checkProxySettings(settings)
  const agent = new ProxyRouter(settings)
  return new NodeHttpHandler({ ...timeouts, httpAgent: agent, httpsAgent: agent })
}

export function createEcsClient(region: string): ECSClient {
  return new ECSClient({
    region,
    customUserAgent: USER_AGENT,
    retryMode: 'standard',
    maxAttempts: SDK_MAX_ATTEMPTS,
    requestHandler: httpHandler(HTTP_TIMEOUTS)
  })
}
