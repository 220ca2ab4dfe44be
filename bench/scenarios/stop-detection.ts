// 2. Stop detection: the task becomes STOPPED in the emulator -> the action process exits.
// Fargate-like: the container runs 1 s (short) or 8 s (long), then the task stays
// DEACTIVATING/STOPPING for 6 s. Each task logs a few lines plus one late line, stamped at the
// container's exit and ingested 4 s later (CloudWatch lag after the awslogs flush), which the
// action must still print (checked by the completeness scenario).

import { appDefinition } from '../../__tests__/support/task-definitions.js'
import type { Emulator } from '../../emulator/server.js'
import { runBundle } from '../action.js'
import { LineLedger, markedLine, round, summarize } from '../measure.js'
import { atMost, type ScenarioResult } from '../report.js'
import { taskInstants, withEmulator, type Context } from './context.js'

const TARGET_MS = 1500
const STOPPING_MS = 6000
const LATE_INGEST_MS = 4000

const SHAPES = {
  short: { runMs: 1000, lines: 5, everyMs: 200 },
  long: { runMs: 8000, lines: 8, everyMs: 1000 }
} as const

type Shape = keyof typeof SHAPES

/** `late: false` is the control: the same task without the late line. */
function script(emu: Emulator, shape: Shape, late: boolean): string {
  const { runMs, lines, everyMs } = SHAPES[shape]
  const family = `stop-${shape}${late ? '' : '-control'}`
  emu.registerTaskDefinition(appDefinition(family))
  emu.script(family, {
    stoppingMs: STOPPING_MS,
    containers: {
      app: {
        exitCode: 0,
        runMs,
        logs: [
          ...Array.from({ length: lines }, (_, i) => ({
            atMs: i * everyMs,
            message: markedLine(i)
          })),
          // Dated at the exit, readable 4 s later: the last line the awslogs driver flushes.
          ...(late
            ? [{ atMs: runMs, message: markedLine(lines), ingestDelayMs: LATE_INGEST_MS }]
            : [])
        ]
      }
    }
  })
  return family
}

interface Run {
  shape: Shape
  late: boolean
  stoppedToExitMs: number
  /** First DescribeTasks that arrived after STOPPED, i.e. answered STOPPED. */
  stoppedToDescribeMs: number
  containerExitToExitMs: number
  lateLineReadableToPrintedMs: number | undefined
  latePrinted: boolean
}

export async function stopDetection(ctx: Context): Promise<ScenarioResult> {
  const perShape = ctx.smoke ? 1 : ctx.quick ? 2 : 5
  return withEmulator(async (emu) => {
    const order: Array<{ shape: Shape; late: boolean }> = []
    for (let i = 0; i < perShape; i++)
      order.push({ shape: 'short', late: true }, { shape: 'long', late: true })
    // Control runs without the late line, to tell the drain's share from the polling's.
    order.push({ shape: 'short', late: false })
    if (!ctx.quick) order.push({ shape: 'long', late: false })
    const runs: Run[] = []
    const completeness: ScenarioResult['completeness'] = []
    for (const [i, { shape, late }] of order.entries()) {
      const family = script(emu, shape, late)
      const expected = SHAPES[shape].lines + (late ? 1 : 0)
      const ledger = new LineLedger(expected, 1, true)
      const run = await runBundle(ctx.bundle, {
        endpoint: emu.url,
        inputs: { 'task-definition': family },
        onLine: ledger.line,
        timeoutMs: 120_000
      })
      const arn = run.result.outputs['task-arn'] ?? ''
      const t = taskInstants(emu, arn)
      if (t.stoppedAt === undefined || t.stoppingAt === undefined) {
        throw new Error(`task ${arn} is ${t.lastStatus}, not STOPPED, after the action exited`)
      }
      const describe = emu.calls.find(
        (c) => c.op === 'DescribeTasks' && c.at >= t.stoppedAt! && c.input.tasks?.includes(arn)
      )
      const check = [...ledger.checks.values()][0]
      const lateAt = late ? check?.arrivals?.[expected - 1] : undefined
      const latePrinted = lateAt !== undefined && !Number.isNaN(lateAt)
      const r: Run = {
        shape,
        late,
        stoppedToExitMs: run.exitedAt - t.stoppedAt,
        stoppedToDescribeMs: describe ? describe.at - t.stoppedAt : NaN,
        containerExitToExitMs: run.exitedAt - t.stoppingAt,
        lateLineReadableToPrintedMs: latePrinted
          ? lateAt - (t.stoppingAt + LATE_INGEST_MS)
          : undefined,
        latePrinted
      }
      runs.push(r)
      const name = `${shape}${late ? '' : ' control'} #${i + 1}`
      for (const c of ledger.results()) completeness.push({ ...c, run: name })
      ctx.log(
        `  ${name}/${order.length}: STOPPED → exit ${r.stoppedToExitMs} ms ` +
          `(DescribeTasks saw STOPPED after ${r.stoppedToDescribeMs} ms)`
      )
    }
    const measured = runs.filter((r) => r.late)
    const control = runs.filter((r) => !r.late)
    const all = summarize(measured.map((r) => r.stoppedToExitMs))
    const byShape = (shape: Shape) =>
      summarize(measured.filter((r) => r.shape === shape).map((r) => r.stoppedToExitMs))
    const seen = summarize(measured.map((r) => r.stoppedToDescribeMs))
    const exitToExit = summarize(measured.map((r) => r.containerExitToExitMs))
    const lateReadable = summarize(measured.map((r) => r.lateLineReadableToPrintedMs ?? NaN))
    const controlSummary = summarize(control.map((r) => r.stoppedToExitMs))
    const late = measured.filter((r) => r.latePrinted).length
    return {
      scenario: 'stop detection',
      figures: [
        {
          figure: `STOPPED → exit p50 (${measured.length} runs)`,
          value: round(all.p50),
          unit: 'ms',
          ...atMost(all.p50, TARGET_MS, 'ms')
        },
        {
          figure: 'STOPPED → exit p95',
          value: round(all.p95),
          unit: 'ms',
          ...atMost(all.p95, TARGET_MS, 'ms')
        },
        { figure: 'STOPPED → exit p50, 1 s tasks', value: round(byShape('short').p50), unit: 'ms' },
        { figure: 'STOPPED → exit p50, 8 s tasks', value: round(byShape('long').p50), unit: 'ms' },
        { figure: 'STOPPED → DescribeTasks sees it, p50', value: round(seen.p50), unit: 'ms' },
        { figure: 'container exit → process exit, p50', value: round(exitToExit.p50), unit: 'ms' },
        { figure: 'late line readable → printed, p50', value: round(lateReadable.p50), unit: 'ms' },
        {
          figure: `control, no late line: STOPPED → exit p50 (${control.length} runs)`,
          value: round(controlSummary.p50),
          unit: 'ms'
        }
      ],
      completeness,
      details: {
        runs,
        stoppedToExit: all,
        stoppedToDescribe: seen,
        containerExitToExit: exitToExit,
        lateLineReadableToPrinted: lateReadable,
        control: controlSummary,
        lateLinePrinted: { printed: late, runs: measured.length }
      }
    }
  })
}
