// Fast stop: one task on EC2, whose task is STOPPED 0.6 s after its container exits, with a last
// line CloudWatch shows 3.6 s after the exit (the awslogs driver's flush plus ingestion lag). The
// step must print that line and still end within 4.5 s of STOPPED.

import { appDefinition } from '../../__tests__/support/task-definitions.js'
import { runBundle } from '../action.js'
import { LineLedger, markedLine, round, summarize } from '../measure.js'
import { atMost, type ScenarioResult } from '../report.js'
import { taskInstants, withEmulator, type Context } from './context.js'

const TARGET_MS = 4500
const STOPPING_MS = 600
const LATE_INGEST_MS = 3600
const LINES = 5

export async function fastStop(ctx: Context): Promise<ScenarioResult> {
  const runs = ctx.smoke ? 1 : ctx.quick ? 3 : 8
  return withEmulator(async (emu) => {
    const family = 'fast-stop'
    emu.registerTaskDefinition(appDefinition(family))
    emu.script(family, {
      stoppingMs: STOPPING_MS,
      containers: {
        app: {
          exitCode: 0,
          runMs: 1000,
          logs: [
            ...Array.from({ length: LINES }, (_, i) => ({ atMs: i * 200, message: markedLine(i) })),
            { atMs: 1000, message: markedLine(LINES), ingestDelayMs: LATE_INGEST_MS }
          ]
        }
      }
    })
    const stoppedToExit: number[] = []
    const completeness: ScenarioResult['completeness'] = []
    let latePrinted = 0
    for (let i = 0; i < runs; i++) {
      const ledger = new LineLedger(LINES + 1, 1, true)
      const run = await runBundle(ctx.bundle, {
        endpoint: emu.url,
        inputs: { 'task-definition': family },
        onLine: ledger.line,
        timeoutMs: 60_000
      })
      const t = taskInstants(emu, run.result.outputs['task-arn'] ?? '')
      if (t.stoppedAt === undefined) throw new Error('the task is not STOPPED')
      stoppedToExit.push(run.exitedAt - t.stoppedAt)
      const arrivals = [...ledger.checks.values()][0]?.arrivals ?? []
      if (!Number.isNaN(arrivals[LINES] ?? NaN)) latePrinted += 1
      for (const c of ledger.results()) completeness.push({ ...c, run: `fast stop #${i + 1}` })
      ctx.log(`  fast stop #${i + 1}/${runs}: STOPPED → exit ${stoppedToExit.at(-1)} ms`)
    }
    const all = summarize(stoppedToExit)
    return {
      scenario: 'fast stop',
      figures: [
        {
          figure: `STOPPED → exit, max of ${runs} (0.6 s STOPPING)`,
          value: round(all.max),
          unit: 'ms',
          ...atMost(all.max, TARGET_MS, 'ms')
        },
        { figure: 'STOPPED → exit p50', value: round(all.p50), unit: 'ms' },
        {
          figure: 'line shown 3.6 s after the exit printed',
          value: `${latePrinted}/${runs}`,
          unit: '',
          target: `${runs}/${runs}`,
          pass: latePrinted === runs
        }
      ],
      completeness,
      details: { stoppedToExit: all, latePrinted }
    }
  })
}
