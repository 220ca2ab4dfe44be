import { HTTP_TIMEOUTS, httpHandler, SDK_MAX_ATTEMPTS, USER_AGENT } from './clients.js'

/**
 * EventBridge Scheduler and EventBridge, for `schedule` only: loaded on demand, so a run without
 * it never loads their SDKs. The same user agent, retries, timeouts and proxy as ECS.
 */
export async function createSchedulerClient(
  region: string
): Promise<import('@aws-sdk/client-scheduler').SchedulerClient> {
  const { SchedulerClient } = await import('@aws-sdk/client-scheduler')
  return new SchedulerClient({
    region,
    customUserAgent: USER_AGENT,
    retryMode: 'standard',
    maxAttempts: SDK_MAX_ATTEMPTS,
    requestHandler: httpHandler(HTTP_TIMEOUTS)
  })
}

export async function createEventBridgeClient(
  region: string
): Promise<import('@aws-sdk/client-eventbridge').EventBridgeClient> {
  const { EventBridgeClient } = await import('@aws-sdk/client-eventbridge')
  return new EventBridgeClient({
    region,
    customUserAgent: USER_AGENT,
    retryMode: 'standard',
    maxAttempts: SDK_MAX_ATTEMPTS,
    requestHandler: httpHandler(HTTP_TIMEOUTS)
  })
}
