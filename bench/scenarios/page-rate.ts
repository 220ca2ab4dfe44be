// 5. Emulator page rate: the million-line stream read directly with the SDK's
// CloudWatchLogsClient (GetLogEvents from the head, following tokens), in this process. The
// first read also materialises the lazily generated lines, as the action's read does; the
// re-read is paging only. Proves the emulator is not what limits the action's throughput.

import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Emulator } from '../../emulator/server.js'
import { round } from '../measure.js'
import type { ScenarioResult } from '../report.js'
import { scriptBigStream } from './big-stream.js'
import { BENCH_SUBNET, taskInstants, withEmulator, type Context } from './context.js'

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
// This process's own SDK clients only (the action's environment is built by the harness).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

export async function pageRate(ctx: Context): Promise<ScenarioResult> {
  const count = ctx.smoke ? 20_000 : ctx.quick ? 200_000 : 1_000_000
  return withEmulator(async (emu) => {
    const stream = await startBigStream(emu, count)
    const logs = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: emu.url, credentials })
    try {
      const first = await readAll(logs, stream)
      const again = await readAll(logs, stream)
      if (first.events !== count || again.events !== count) {
        throw new Error(`read ${first.events} and ${again.events} events, expected ${count}`)
      }
      ctx.shared.pageRateEventsPerSecond = first.eventsPerSecond
      ctx.log(
        `  first read ${round(first.eventsPerSecond)} events/s, re-read ${round(again.eventsPerSecond)}`
      )
      return {
        scenario: 'emulator page rate',
        figures: [
          {
            figure: `first read of ${count.toLocaleString('en-US')} lines (SDK, in-process)`,
            value: round(first.eventsPerSecond),
            unit: 'events/s'
          },
          { figure: 'pages/s, first read', value: round(first.pagesPerSecond, 1) },
          {
            figure: 're-read (already materialised)',
            value: round(again.eventsPerSecond),
            unit: 'events/s'
          }
        ],
        completeness: [],
        details: { first, again }
      }
    } finally {
      logs.destroy()
    }
  })
}

/** Starts a task with one million-line container; resolves its stream once it is readable. */
export async function startBigStream(
  emu: Emulator,
  count: number
): Promise<{ group: string; stream: string }> {
  scriptBigStream(emu, 'page-rate', count)
  const ecs = new ECSClient({ region: 'us-east-1', endpoint: emu.url, credentials })
  try {
    // An awsvpc task definition: like ECS, the emulator refuses a RunTask without a network.
    const out = await ecs.send(
      new RunTaskCommand({
        taskDefinition: 'page-rate',
        networkConfiguration: { awsvpcConfiguration: { subnets: [BENCH_SUBNET] } }
      })
    )
    const arn = out.tasks?.[0]?.taskArn ?? ''
    const { createdAt } = taskInstants(emu, arn)
    await sleep(Math.max(0, createdAt + 400 - Date.now()))
    return { group: '/ecs/app', stream: `ecs/app/${arn.split('/').pop()}` }
  } finally {
    ecs.destroy()
  }
}

async function readAll(logs: CloudWatchLogsClient, s: { group: string; stream: string }) {
  const started = performance.now()
  let token: string | undefined
  let events = 0
  let pages = 0
  for (;;) {
    const page = await logs.send(
      new GetLogEventsCommand({
        logGroupName: s.group,
        logStreamName: s.stream,
        startFromHead: true,
        ...(token ? { nextToken: token } : {})
      })
    )
    pages++
    events += page.events?.length ?? 0
    if (!page.nextForwardToken || page.nextForwardToken === token) break
    token = page.nextForwardToken
  }
  const seconds = (performance.now() - started) / 1000
  return {
    events,
    pages,
    seconds: round(seconds, 3),
    eventsPerSecond: events / seconds,
    pagesPerSecond: pages / seconds
  }
}
