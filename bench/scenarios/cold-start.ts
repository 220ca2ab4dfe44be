// 1. Cold start: spawn of `node dist/index.js` -> its RunTask request arriving at the emulator.
// `wait: false`, so each run ends as soon as ECS accepted the task.

import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { appDefinition } from '../../__tests__/support/task-definitions.js'
import { runBundle } from '../action.js'
import { round, summarize } from '../measure.js'
import { atMost, type ScenarioResult } from '../report.js'
import { withEmulator, type Context } from './context.js'

const TARGET_MEDIAN_MS = 250

export async function coldStart(ctx: Context): Promise<ScenarioResult> {
  const runs = ctx.smoke ? 2 : ctx.quick ? 5 : 12
  const bundle = bundleSize(ctx.bundle.root)
  return withEmulator(async (emu) => {
    emu.registerTaskDefinition(appDefinition('cold'))
    emu.script('cold', { containers: { app: { exitCode: null } } })
    // performance.now() on arrival of this run's first call and of its RunTask.
    const seen: { first?: number; runTask?: number } = {}
    emu.onCall((call) => {
      const now = performance.now()
      seen.first ??= now
      if (call.op === 'RunTask') seen.runTask ??= now
    })
    const toRunTask: number[] = []
    const toFirstCall: number[] = []
    const toExit: number[] = []
    // One unmeasured run first: the bundle's pages come from disk only once.
    for (let i = -1; i < runs; i++) {
      delete seen.first
      delete seen.runTask
      const run = await runBundle(ctx.bundle, {
        endpoint: emu.url,
        inputs: { 'task-definition': 'cold', wait: 'false' },
        timeoutMs: 30_000
      })
      const exitPerf = run.spawnedPerf + (run.exitedAt - run.spawnedAt)
      const { first, runTask } = seen
      if (first === undefined || runTask === undefined) {
        throw new Error('no RunTask reached the emulator')
      }
      if (i < 0) continue
      toRunTask.push(runTask - run.spawnedPerf)
      toFirstCall.push(first - run.spawnedPerf)
      toExit.push(exitPerf - run.spawnedPerf)
      ctx.log(`  run ${i + 1}/${runs}: RunTask after ${round(runTask - run.spawnedPerf)} ms`)
    }
    const s = summarize(toRunTask)
    return {
      scenario: 'cold start',
      figures: [
        {
          figure: `spawn → RunTask median (${runs} runs)`,
          value: round(s.p50),
          unit: 'ms',
          ...atMost(s.p50, TARGET_MEDIAN_MS, 'ms')
        },
        { figure: 'spawn → RunTask p95', value: round(s.p95), unit: 'ms' },
        {
          figure: 'spawn → first AWS call median',
          value: round(summarize(toFirstCall).p50),
          unit: 'ms'
        },
        {
          figure: 'spawn → exit median (wait: false)',
          value: round(summarize(toExit).p50),
          unit: 'ms'
        },
        {
          figure: `bundle dist/index.js (+${bundle.chunks.length} chunks, ${round(bundle.chunkBytes / 1024)} KiB)`,
          value: round(bundle.indexBytes / 1024),
          unit: 'KiB'
        }
      ],
      completeness: [],
      details: {
        runs: toRunTask.map((v) => round(v, 1)),
        spawnToRunTask: s,
        spawnToFirstCall: summarize(toFirstCall),
        spawnToExit: summarize(toExit),
        bundle
      }
    }
  })
}

/** dist/index.js and any code-split chunks ncc put next to it (dist/cleanup is the post step). */
function bundleSize(root: string) {
  const dist = join(root, 'dist')
  const chunks = readdirSync(dist)
    .filter((f) => /\.(c|m)?js$/.test(f) && f !== 'index.js')
    .map((f) => ({ file: `dist/${f}`, bytes: statSync(join(dist, f)).size }))
  return {
    indexBytes: statSync(join(dist, 'index.js')).size,
    chunks,
    chunkBytes: chunks.reduce((a, c) => a + c.bytes, 0),
    postStepBytes: statSync(join(dist, 'cleanup/index.js')).size
  }
}
