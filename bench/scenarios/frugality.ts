// 6. Frugality: calls per minute over a long task (10 min; --quick: 2 min; --smoke: 1 min) that logs in bursts
// (200 lines every 30 s, silent in between), with a second, non-essential container that logs
// nothing (an idle stream). Counted from the emulator's call log in one-minute windows from the
// RunTask arrival, over the task's life; plus the most GetLogEvents calls in any 1 s window.

import { appDefinition } from '../../__tests__/support/task-definitions.js'
import { runBundle } from '../action.js'
import { LineLedger, markedLine, perWindow, round } from '../measure.js'
import { atMost, type ScenarioResult } from '../report.js'
import { taskInstants, withEmulator, type Context } from './context.js'
import { maxPerSecond, splitLogCalls } from './log-calls.js'

const BURST_LINES = 200
const BURST_EVERY_MS = 30_000
/** A burst is written over one second. */
const BURST_SPACING_MS = 5

export async function frugality(ctx: Context): Promise<ScenarioResult> {
  const runMs = ctx.smoke ? 60_000 : (ctx.quick ? 2 : 10) * 60_000
  const bursts = runMs / BURST_EVERY_MS
  const total = bursts * BURST_LINES
  return withEmulator(async (emu) => {
    emu.registerTaskDefinition(
      appDefinition('frugal', [{ name: 'app' }, { name: 'idle', essential: false }])
    )
    emu.script('frugal', {
      containers: {
        app: {
          exitCode: 0,
          runMs,
          logs: Array.from({ length: total }, (_, i) => ({
            atMs:
              Math.floor(i / BURST_LINES) * BURST_EVERY_MS + (i % BURST_LINES) * BURST_SPACING_MS,
            message: markedLine(i)
          }))
        },
        idle: { exitCode: null }
      }
    })
    const ledger = new LineLedger(total, 1)
    ctx.log(`  a ${runMs / 1000} s task; this takes that long`)
    const run = await runBundle(ctx.bundle, {
      endpoint: emu.url,
      inputs: { 'task-definition': 'frugal' },
      onLine: ledger.line,
      timeoutMs: runMs + 180_000
    })
    const arn = run.result.outputs['task-arn'] ?? ''
    const id = arn.split('/').pop()
    const t = taskInstants(emu, arn)
    const start = emu.callsOf('RunTask')[0]!.at
    const end = t.stoppingAt ?? run.exitedAt
    const minute = (times: number[]) => perWindow(times, start, end, 60_000)
    const describe = minute(emu.callsOf('DescribeTasks').map((c) => c.at))
    const eventBytes = markedLine(total).length + 26
    const calls = splitLogCalls(emu.calls, eventBytes)
    const busy = minute(calls.byStream.get(`ecs/app/${id}`) ?? [])
    const idle = minute(calls.byStream.get(`ecs/idle/${id}`) ?? [])
    const step = splitLogCalls(
      emu.calls.filter((c) => c.at >= start && c.at <= run.exitedAt),
      eventBytes
    )
    const maxPolls = maxPerSecond(step.polls)
    const maxCatchUp = maxPerSecond(step.catchUp)
    const max = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN)
    const idleSteady = idle.slice(1)
    ctx.log(`  DescribeTasks/min ${describe.join(' ')}`)
    ctx.log(`  GetLogEvents/min busy ${busy.join(' ')}; idle ${idle.join(' ')}`)
    return {
      scenario: 'frugality',
      figures: [
        {
          figure: `DescribeTasks/min, max of ${describe.length} minutes`,
          value: max(describe),
          ...atMost(max(describe), 40, '/min')
        },
        {
          figure: 'GetLogEvents/min, busy stream (max)',
          value: max(busy),
          ...atMost(max(busy), 65, '/min')
        },
        {
          figure: 'GetLogEvents/min, idle stream (max)',
          value: max(idle),
          ...atMost(max(idle), 15, '/min')
        },
        { figure: 'GetLogEvents/min, idle stream after minute 1', value: max(idleSteady) },
        {
          figure: 'GetLogEvents max in 1 s, polls (step)',
          value: maxPolls,
          ...atMost(maxPolls, 5, '/s')
        },
        {
          figure: 'GetLogEvents max in 1 s, catch-up (step)',
          value: maxCatchUp,
          ...atMost(maxCatchUp, 20, '/s')
        }
      ],
      completeness: ledger.results().map((c) => ({ ...c, run: 'bursts' })),
      details: {
        runMs,
        perMinute: { describeTasks: describe, getLogEventsBusy: busy, getLogEventsIdle: idle },
        totals: {
          describeTasks: emu.callsOf('DescribeTasks').length,
          getLogEvents: emu.callsOf('GetLogEvents').length
        },
        stepSeconds: round((run.exitedAt - run.spawnedAt) / 1000, 1)
      }
    }
  })
}
