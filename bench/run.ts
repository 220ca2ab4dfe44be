// `npm run bench`: the committed bundle dist/index.js run as the GitHub runner runs it, against
// the in-process emulator, scenario by scenario; prints a table of figures vs targets and writes
// bench/results/latest.json. A MISS is a figure, not a failure: the exit status is non-zero only
// when the harness itself broke.
//
//   npm run bench                       full suite (~15 min)
//   npm run bench -- --quick            fewer runs, shorter tasks (~4 min)
//   npm run bench -- --smoke            every scenario at its smallest (~1 min): the harness
//                                       works; figures not compared with targets (.ci/run)
//   npm run bench -- --only throughput  one scenario (comma-separate several)
//   npm run bench -- --worktree         the working tree's dist/ instead of HEAD's
//   BENCH_QUICK=1 (BENCH_SMOKE=1) BENCH_ONLY=cold-start BENCH_WORKTREE=1 npm run bench

import { mkdirSync, writeFileSync } from 'node:fs'
import { arch, cpus, totalmem } from 'node:os'
import { join, relative } from 'node:path'
import { REPO, snapshotBundle } from './bundle.js'
import { completenessSummary, table, type Options, type ScenarioResult } from './report.js'
import { coldStart } from './scenarios/cold-start.js'
import type { Context, Scenario } from './scenarios/context.js'
import { frugality } from './scenarios/frugality.js'
import { logLatency } from './scenarios/log-latency.js'
import { pageRate } from './scenarios/page-rate.js'
import { stopDetection } from './scenarios/stop-detection.js'
import { throughput } from './scenarios/throughput.js'

/** In run order: page-rate before throughput, which compares with it. */
const SCENARIOS: Record<string, Scenario> = {
  'cold-start': coldStart,
  'stop-detection': stopDetection,
  'log-latency': logLatency,
  'page-rate': pageRate,
  throughput,
  frugality
}
/** Which scenarios `--only completeness` runs: every one that logs. */
const LOGGING = ['stop-detection', 'log-latency', 'throughput', 'frugality']

const yes = (value: string | undefined): boolean =>
  ['1', 'true', 'yes'].includes((value ?? '').toLowerCase())

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  let smoke = yes(env.BENCH_SMOKE)
  let quick = yes(env.BENCH_QUICK) || smoke
  let worktree = yes(env.BENCH_WORKTREE)
  let only = env.BENCH_ONLY || undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--quick') quick = true
    else if (arg === '--smoke') smoke = quick = true
    else if (arg === '--worktree') worktree = true
    else if (arg === '--only') only = argv[++i]
    else if (arg.startsWith('--only=')) only = arg.slice('--only='.length)
    else throw new Error(`unknown argument ${arg}`)
  }
  const names = only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const name of names ?? []) {
    if (!(name in SCENARIOS) && name !== 'completeness') {
      throw new Error(
        `unknown scenario "${name}"; one of: ${[...Object.keys(SCENARIOS), 'completeness'].join(', ')}`
      )
    }
  }
  return { quick, ...(smoke ? { smoke } : {}), worktree, only: names }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env)
  const wanted = new Set(
    options.only?.flatMap((n) => (n === 'completeness' ? LOGGING : [n])) ?? Object.keys(SCENARIOS)
  )
  const bundle = await snapshotBundle(options.worktree ? 'worktree' : 'HEAD')
  const what = `${bundle.source === 'HEAD' ? 'committed' : 'working-tree'} dist/ at ${bundle.commit.slice(0, 7)}`
  console.log(`Benchmarking the ${what} (snapshot in ${bundle.root})`)
  const ctx: Context = {
    quick: options.quick,
    ...(options.smoke ? { smoke: true } : {}),
    bundle,
    shared: {},
    log: (message) => console.log(message)
  }
  const started = Date.now()
  const results: ScenarioResult[] = []
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (!wanted.has(name)) continue
      const t0 = Date.now()
      console.log(`▶ ${name}${options.smoke ? ' (smoke)' : options.quick ? ' (quick)' : ''}`)
      const result = await scenario(ctx)
      // Figures of tasks this small say nothing about the targets: shown, never judged.
      if (options.smoke) for (const f of result.figures) delete f.pass
      results.push(result)
      console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    }
  } finally {
    bundle.dispose()
  }
  if (results.some((r) => r.completeness.length > 0)) results.push(completenessSummary(results))

  const dir = join(REPO, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'latest.json')
  const report = {
    startedAt: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    options,
    bundle: { source: bundle.source, commit: bundle.commit },
    machine: { node: process.version, cpus: cpus().length, arch: arch(), memMb: totalmem() >> 20 },
    results
  }
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n')
  console.log(`\n${table(results)}\n`)
  const misses = results.flatMap((r) => r.figures.filter((f) => f.pass === false))
  const verdict = options.smoke
    ? 'Smoke run: every scenario ran; figures not compared with targets'
    : misses.length === 0
      ? 'Every target met'
      : `${misses.length} target(s) missed`
  console.log(`${verdict}. Results: ${relative(process.cwd(), file) || file}`)
  // Lost, repeated or reordered lines are a defect at any size, unlike a slow figure.
  const incomplete = results
    .filter((r) => r.scenario === 'completeness')
    .flatMap((r) => r.figures.filter((f) => f.pass === false))
  if (options.smoke && incomplete.length > 0) {
    console.error(
      `bench: not every line printed once and in order: ${incomplete.map((f) => f.figure).join('; ')}`
    )
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  console.error('bench: the harness broke:', error)
  process.exit(1)
})
