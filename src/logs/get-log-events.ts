import type {
  CloudWatchLogsClient,
  GetLogEventsCommandInput,
  GetLogEventsCommandOutput
} from '@aws-sdk/client-cloudwatch-logs'
import { httpHandler, LOGS_HTTP_TIMEOUTS, USER_AGENT } from '../aws/clients.js'

/**
 * GetLogEvents through one client per region (`awslogs-region` may differ from the task's),
 * each made on first use. The CloudWatch Logs SDK is imported lazily: the step needs ECS first,
 * and not loading the second client before RunTask saves a large part of the cold start.
 * No SDK retries: the log streamer retries with its own backoff, and SDK retries would
 * be calls its rate limiter cannot see.
 */
export function logEventsReader(): (
  region: string,
  input: GetLogEventsCommandInput
) => Promise<GetLogEventsCommandOutput> {
  let sdk: Promise<typeof import('@aws-sdk/client-cloudwatch-logs')> | undefined
  const clients = new Map<string, CloudWatchLogsClient>()
  return async (region, input) => {
    sdk ??= import('@aws-sdk/client-cloudwatch-logs')
    const { CloudWatchLogsClient, GetLogEventsCommand } = await sdk
    let client = clients.get(region)
    if (!client) {
      client = new CloudWatchLogsClient({
        region,
        customUserAgent: USER_AGENT,
        maxAttempts: 1,
        requestHandler: httpHandler(LOGS_HTTP_TIMEOUTS)
      })
      clients.set(region, client)
    }
    return client.send(new GetLogEventsCommand(input))
  }
}
