// Many streams: the log budget with more streams than the step reads one by one. `count: 10`
// tasks × 2 containers × 200 lines each (20 streams, read together with FilterLogEvents), the
// tasks stopping a few seconds apart. Figures: every line once, the most CloudWatch Logs calls
// (every operation) in any sliding second, DescribeTasks per poll, peak RSS, and how long after
// the last STOPPED the step ends.

import { appDefinition } from '../../__tests__/support/task-definitions.js'
import { runBundle } from '../action.js'
import { LineLedger, markedLine, maxInWindow, round } from '../measure.js'
import { atMost, type ScenarioResult } from '../report.js'
import { taskInstants, withEmulator, type Context } from './context.js'

const TASKS = 10
const LINES = 200
const MAX_CALLS_PER_SECOND = 10
const END_AFTER_STOPPED_MS = 6000
const RSS_MB = 200

export async function manyStreams(ctx: Context): Promise<ScenarioResult> {
  const runMs = ctx.smoke ? 3_000 : ctx.quick ? 8_000 : 20_000
  return withEmulator(async (emu) => {
    const family = 'many-streams'
    emu.registerTaskDefinition(
      appDefinition(family, [{ name: 'app' }, { name: 'worker', essential: false }])
    )
    // Spread over the container's life (a container logs nothing once it exited).
    const logs = (ms: number) =>
      Array.from({ length: LINES }, (_, i) => ({
        atMs: Math.floor((i * ms) / LINES),
        message: markedLine(i)
      }))
    emu.script(family, {
      stoppingMs: 2000,
      containers: {
        app: { exitCode: 0, runMs, logs: logs(runMs) },
        worker: { exitCode: 0, runMs: runMs - 500, logs: logs(runMs - 500) }
      }
    })
    const ledger = new LineLedger(LINES, TASKS * 2)
    const run = await runBundle(ctx.bundle, {
      endpoint: emu.url,
      inputs: { 'task-definition': family, count: String(TASKS) },
      onLine: ledger.line,
      rssEveryMs: 100,
      timeoutMs: 5 * 60_000
    })
    const arns = JSON.parse(run.result.outputs['task-arns'] ?? '[]') as string[]
    const lastStopped = Math.max(...arns.map((arn) => taskInstants(emu, arn).stoppedAt ?? NaN))
    const logCalls = emu.calls.filter((c) => c.service === 'logs')
    const busiest = maxInWindow(
      logCalls.map((c) => c.at),
      1000
    )
    if (process.env.BENCH_DUMP) {
      const t0 = logCalls[0]?.at ?? 0
      console.log(logCalls.map((c) => `${c.at - t0}:${c.op[0]}`).join(' '))
    }
    const filters = logCalls.filter((c) => c.op === 'FilterLogEvents').length
    const describes = emu.calls.filter((c) => c.op === 'DescribeTasks')
    const perCall = Math.max(...describes.map((c) => (c.input.tasks ?? []).length))
    const endAfter = run.exitedAt - lastStopped
    const peak = run.rss?.peakMb ?? NaN
    ctx.log(
      `  ${TASKS} tasks × 2 streams × ${LINES} lines: ${logCalls.length} CloudWatch Logs calls ` +
        `(${filters} FilterLogEvents), busiest second ${busiest}, end ${endAfter} ms after the last STOPPED`
    )
    return {
      scenario: 'many streams',
      figures: [
        {
          figure: `CloudWatch Logs calls in any 1 s, ${TASKS * 2} streams`,
          value: busiest,
          unit: '',
          ...atMost(busiest, MAX_CALLS_PER_SECOND, '')
        },
        { figure: 'CloudWatch Logs calls in all', value: logCalls.length, unit: '' },
        { figure: 'of which FilterLogEvents', value: filters, unit: '' },
        {
          figure: 'DescribeTasks: calls, most tasks in one',
          value: `${describes.length}, ${perCall}`,
          unit: ''
        },
        {
          figure: 'last STOPPED → exit',
          value: round(endAfter),
          unit: 'ms',
          ...atMost(endAfter, END_AFTER_STOPPED_MS, 'ms')
        },
        { figure: 'peak RSS', value: round(peak, 1), unit: 'MB', ...atMost(peak, RSS_MB, 'MB') }
      ],
      completeness: ledger.results().map((c) => ({ ...c, run: 'many streams' })),
      details: { busiest, calls: logCalls.length, filters, endAfter, peak }
    }
  })
}
