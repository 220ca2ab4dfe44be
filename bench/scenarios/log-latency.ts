// 3. Log latency: a task logging one numbered line every 250 ms for 30 s. A line's latency is
// its arrival on the action's stdout (in this process) minus the instant the emulator made it
// readable: the container's RUNNING instant (createdAt + provisioningMs + pendingMs, reported
// as startedAt) + i × 250 ms (generated lines have no ingestion delay).

import { appDefinition } from '../../__tests__/support/task-definitions.js'
import { runBundle } from '../action.js'
import { LineLedger, markedLine, round, summarize } from '../measure.js'
import { atMost, type ScenarioResult } from '../report.js'
import { taskInstants, withEmulator, type Context } from './context.js'

const EVERY_MS = 250
const TARGET_P50_MS = 600
const TARGET_P95_MS = 1100

export async function logLatency(ctx: Context): Promise<ScenarioResult> {
  const runMs = ctx.smoke ? 3_000 : ctx.quick ? 10_000 : 30_000
  const count = runMs / EVERY_MS
  return withEmulator(async (emu) => {
    emu.registerTaskDefinition(appDefinition('latency'))
    emu.script('latency', {
      containers: {
        app: {
          exitCode: 0,
          runMs,
          logLines: { count, everyMs: EVERY_MS, text: (i) => markedLine(i) }
        }
      }
    })
    const ledger = new LineLedger(count, 1, true)
    const run = await runBundle(ctx.bundle, {
      endpoint: emu.url,
      inputs: { 'task-definition': 'latency' },
      onLine: ledger.line,
      timeoutMs: runMs + 120_000
    })
    const t = taskInstants(emu, run.result.outputs['task-arn'] ?? '')
    if (t.startedAt === undefined) throw new Error('the task never reached RUNNING')
    const arrivals = [...ledger.checks.values()][0]?.arrivals
    const latencies: number[] = []
    for (let i = 0; i < count; i++) {
      const at = arrivals?.[i]
      if (at !== undefined && !Number.isNaN(at)) latencies.push(at - (t.startedAt + i * EVERY_MS))
    }
    const s = summarize(latencies)
    const calls = emu
      .callsOf('GetLogEvents')
      .filter((c) => c.at >= t.startedAt! && c.at < t.startedAt! + runMs)
    ctx.log(`  ${latencies.length}/${count} lines, p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms`)
    return {
      scenario: 'log latency',
      figures: [
        {
          figure: `p50 (${latencies.length} lines over ${runMs / 1000} s)`,
          value: round(s.p50),
          unit: 'ms',
          ...atMost(s.p50, TARGET_P50_MS, 'ms')
        },
        { figure: 'p95', value: round(s.p95), unit: 'ms', ...atMost(s.p95, TARGET_P95_MS, 'ms') },
        { figure: 'max', value: round(s.max), unit: 'ms' },
        {
          figure: 'GetLogEvents while logging',
          value: round((calls.length / runMs) * 60_000, 1),
          unit: '/min'
        }
      ],
      completeness: ledger.results().map((c) => ({ ...c, run: 'latency' })),
      details: { latency: s, latenciesMs: latencies, runningAt: t.startedAt }
    }
  })
}
