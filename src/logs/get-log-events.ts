import type {
  CloudWatchLogsClient,
  FilterLogEventsCommandInput,
  FilterLogEventsCommandOutput,
  GetLogEventsCommandInput,
  GetLogEventsCommandOutput
} from '@aws-sdk/client-cloudwatch-logs'
import { httpHandler, LOGS_HTTP_TIMEOUTS, USER_AGENT } from '../aws/clients.js'

/** The two CloudWatch Logs reads the streamer makes, each in a given region. */
export interface LogReads {
  getLogEvents(region: string, input: GetLogEventsCommandInput): Promise<GetLogEventsCommandOutput>
  filterLogEvents(
    region: string,
    input: FilterLogEventsCommandInput
  ): Promise<FilterLogEventsCommandOutput>
}

/**
 * GetLogEvents and FilterLogEvents through one client per region (`awslogs-region` may differ
 * from the task's), each made on first use. The CloudWatch Logs SDK is imported lazily: the step
 * needs ECS first, and not loading the second client before RunTask saves a large part of the
 * cold start. No SDK retries: the log streamer retries with its own backoff, and SDK retries
 * would be calls its rate limiter cannot see.
 */
export function logReads(): LogReads {
  let sdk: Promise<typeof import('@aws-sdk/client-cloudwatch-logs')> | undefined
  const clients = new Map<string, CloudWatchLogsClient>()
  const clientFor = async (region: string) => {
    sdk ??= import('@aws-sdk/client-cloudwatch-logs')
    const loaded = await sdk
    let client = clients.get(region)
    if (!client) {
      client = new loaded.CloudWatchLogsClient({
        region,
        customUserAgent: USER_AGENT,
        maxAttempts: 1,
        requestHandler: httpHandler(LOGS_HTTP_TIMEOUTS)
      })
      clients.set(region, client)
    }
    return { client, loaded }
  }
  return {
    async getLogEvents(region, input) {
      const { client, loaded } = await clientFor(region)
      const { GetLogEventsCommand } = loaded
      return client.send(new GetLogEventsCommand(input))
    },
    async filterLogEvents(region, input) {
      const { client, loaded } = await clientFor(region)
      const { FilterLogEventsCommand } = loaded
      return client.send(new FilterLogEventsCommand(input))
    }
  }
}
