// Shards at scale (docs/sharding.md), the bundle run as the runner runs it:
// - shards-logs: 100 shards × 2 containers × 200 lines, all at once: every line once, the most
//   CloudWatch Logs calls (every operation) in any second, DescribeTasks per poll, peak RSS, the
//   step's end after the last STOPPED.
// - shards-1000: 1,000 shards, max-parallel 100: all run, peak RSS, the summary's size.
// - shard-start-rate: RunTask limited to a burst of 20 and 10 a second in the emulator: how long
//   from the first RunTask until every one of 100 shards started.

import { appDefinition } from '../../__tests__/support/task-definitions.js'
import type { Emulator } from '../../emulator/server.js'
import { runBundle } from '../action.js'
import { LineLedger, markedLine, maxInWindow, round } from '../measure.js'
import { atMost, type ScenarioResult } from '../report.js'
import { taskInstants, withEmulator, type Context } from './context.js'

const MAX_LOG_CALLS_PER_SECOND = 10
const SUMMARY_MAX_BYTES = 1024 * 1024

/** The family's two containers each log `lines` lines over `runMs`, then exit 0. */
function script(emu: Emulator, family: string, lines: number, runMs: number): void {
  emu.registerTaskDefinition(
    appDefinition(family, [{ name: 'app' }, { name: 'worker', essential: false }])
  )
  const logs = (ms: number) =>
    Array.from({ length: lines }, (_, i) => ({
      atMs: Math.floor((i * ms) / lines),
      message: markedLine(i)
    }))
  emu.script(family, {
    provisioningMs: 300,
    pendingMs: 500,
    stoppingMs: 2000,
    containers: {
      app: { exitCode: 0, runMs, logs: logs(runMs) },
      worker: { exitCode: 0, runMs: runMs - 300, logs: logs(runMs - 300) }
    }
  })
}

function tasksOf(emu: Emulator, arns: readonly string[]) {
  return arns.map((arn) => taskInstants(emu, arn))
}

export async function shardsLogs(ctx: Context): Promise<ScenarioResult> {
  const shards = ctx.smoke ? 12 : ctx.quick ? 30 : 100
  const lines = ctx.smoke ? 10 : ctx.quick ? 50 : 200
  return withEmulator(async (emu) => {
    script(emu, 'shards-logs', lines, ctx.smoke ? 3_000 : ctx.quick ? 8_000 : 20_000)
    const ledger = new LineLedger(lines, shards * 2)
    const run = await runBundle(ctx.bundle, {
      endpoint: emu.url,
      inputs: { 'task-definition': 'shards-logs', container: 'app', shards: String(shards) },
      onLine: ledger.line,
      rssEveryMs: 100,
      timeoutMs: 10 * 60_000
    })
    const arns = JSON.parse(run.result.outputs['task-arns'] ?? '[]') as string[]
    const lastStopped = Math.max(...tasksOf(emu, arns).map((t) => t.stoppedAt ?? NaN))
    const logCalls = emu.calls.filter((c) => c.service === 'logs')
    const busiest = maxInWindow(
      logCalls.map((c) => c.at),
      1000
    )
    const describes = emu.calls.filter((c) => c.op === 'DescribeTasks')
    const most = Math.max(...describes.map((c) => (c.input.tasks ?? []).length))
    const describeRate = maxInWindow(
      describes.map((c) => c.at),
      1000
    )
    const endAfter = run.exitedAt - lastStopped
    const peak = run.rss?.peakMb ?? NaN
    ctx.log(
      `  ${shards} shards × 2 × ${lines} lines: ${logCalls.length} CloudWatch Logs calls, busiest ` +
        `second ${busiest}; ${describes.length} DescribeTasks; end ${endAfter} ms after the last STOPPED`
    )
    return {
      scenario: `${shards} shards`,
      figures: [
        {
          figure: 'CloudWatch Logs calls in any 1 s',
          value: busiest,
          unit: '',
          ...atMost(busiest, MAX_LOG_CALLS_PER_SECOND, '')
        },
        { figure: 'CloudWatch Logs calls in all', value: logCalls.length, unit: '' },
        {
          figure: 'DescribeTasks: calls, most in any 1 s, most tasks in one',
          value: `${describes.length}, ${describeRate}, ${most}`,
          unit: ''
        },
        {
          figure: 'last STOPPED → exit',
          value: round(endAfter),
          unit: 'ms',
          ...atMost(endAfter, 6000, 'ms')
        },
        { figure: 'peak RSS', value: round(peak, 1), unit: 'MB', ...atMost(peak, 200, 'MB') }
      ],
      completeness: ledger.results().map((c) => ({ ...c, run: `${shards} shards` })),
      details: { busiest, calls: logCalls.length, describes: describes.length, endAfter, peak }
    }
  })
}

export async function shards1000(ctx: Context): Promise<ScenarioResult> {
  const shards = ctx.smoke ? 30 : ctx.quick ? 200 : 1000
  const parallel = ctx.smoke ? 10 : ctx.quick ? 50 : 100
  return withEmulator(async (emu) => {
    script(emu, 'shards-1000', 5, 3000)
    const started = Date.now()
    const run = await runBundle(ctx.bundle, {
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shards-1000',
        container: 'app',
        shards: String(shards),
        'max-parallel': String(parallel)
      },
      rssEveryMs: 200,
      timeoutMs: 30 * 60_000
    })
    const results = JSON.parse(run.result.outputs['results'] ?? '[]') as Array<{
      'exit-code': number | null
    }>
    const ran = results.filter((r) => r['exit-code'] === 0).length
    const summaryBytes = Buffer.byteLength(run.result.summary)
    const peak = run.rss?.peakMb ?? NaN
    const tookS = (run.exitedAt - started) / 1000
    ctx.log(
      `  ${shards} shards, ${parallel} at once: ${ran} exited 0 in ${round(tookS)} s; ` +
        `summary ${round(summaryBytes / 1024)} KiB; peak RSS ${round(peak, 1)} MB`
    )
    return {
      scenario: `${shards} shards, max-parallel ${parallel}`,
      figures: [
        {
          figure: 'shards that ran and exited 0',
          value: ran,
          unit: '',
          target: String(shards),
          pass: ran === shards
        },
        { figure: 'step took', value: round(tookS), unit: 's' },
        { figure: 'peak RSS', value: round(peak, 1), unit: 'MB', ...atMost(peak, 250, 'MB') },
        {
          figure: 'job summary',
          value: round(summaryBytes / 1024),
          unit: 'KiB',
          ...atMost(summaryBytes / 1024, SUMMARY_MAX_BYTES / 1024, 'KiB')
        }
      ],
      completeness: [],
      details: { ran, tookS, peak, summaryBytes }
    }
  })
}

export async function shardStartRate(ctx: Context): Promise<ScenarioResult> {
  const shards = ctx.smoke ? 30 : 100
  return withEmulator(async (emu) => {
    script(emu, 'start-rate', 2, 2000)
    const limiter = emu.limitRunTask({ burst: 20, perSecond: 10 })
    await runBundle(ctx.bundle, {
      endpoint: emu.url,
      inputs: { 'task-definition': 'start-rate', container: 'app', shards: String(shards) },
      timeoutMs: 10 * 60_000
    })
    const runTasks = emu.calls.filter((c) => c.op === 'RunTask')
    const first = runTasks[0]?.at ?? NaN
    const ok = runTasks.filter((c) => c.status === 200)
    const lastStart = Math.max(...ok.map((c) => c.at))
    const spanS = (lastStart - first) / 1000
    ctx.log(
      `  ${shards} shards, RunTask 20 at once then 10/s: all started ${round(spanS, 2)} s after ` +
        `the first RunTask (${runTasks.length} calls, ${limiter?.throttled ?? 0} throttled)`
    )
    return {
      scenario: 'shard start rate (RunTask 20 + 10/s)',
      figures: [
        {
          figure: `first RunTask → ${shards} shards started`,
          value: round(spanS, 2),
          unit: 's',
          ...atMost(spanS, 9, 's')
        },
        {
          figure: 'shards started',
          value: ok.length,
          unit: '',
          target: String(shards),
          pass: ok.length === shards
        },
        {
          figure: 'RunTask calls, throttled',
          value: `${runTasks.length}, ${limiter?.throttled ?? 0}`,
          unit: ''
        }
      ],
      completeness: [],
      details: { spanS, calls: runTasks.length, throttled: limiter?.throttled ?? 0 }
    }
  })
}
