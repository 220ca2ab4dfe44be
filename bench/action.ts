// The bundle snapshot (bundle.ts) started exactly as the e2e tests start it (the runner
// stand-in's startAction, __tests__/support/runner.ts: the runner's INPUT_* variables,
// GITHUB_OUTPUT/STATE/STEP_SUMMARY files, AWS_ENDPOINT_URL), plus what a benchmark needs on top:
// stdout lines stamped as they arrive, the exit instant, and optionally peak RSS sampling of the
// action process.

import { performance } from 'node:perf_hooks'
import type { ActionResult } from '../__tests__/support/runner.js'
import type { Bundle } from './bundle.js'
import { LineSplitter, RssSampler } from './measure.js'
import { BENCH_SUBNET } from './scenarios/context.js'

export interface LaunchOptions {
  endpoint: string
  inputs: Record<string, string>
  /** Called for every stdout line with Date.now() of the chunk that completed it. */
  onLine?: (line: string, at: number) => void
  /** Sample /proc/<pid>/status every `rssEveryMs` until the process is gone. */
  rssEveryMs?: number
  /** Kill the action if it has not exited by then. */
  timeoutMs?: number
}

export interface Finished {
  result: ActionResult
  /** Date.now() just before the process was spawned. */
  spawnedAt: number
  /** performance.now() just before the process was spawned. */
  spawnedPerf: number
  /** Date.now() of the child's `exit` event. */
  exitedAt: number
  pid: number
  rss?: { peakMb: number; maxSampledRssMb: number; samples: number }
}

export async function runBundle(bundle: Bundle, options: LaunchOptions): Promise<Finished> {
  const spawnedAt = Date.now()
  const spawnedPerf = performance.now()
  // The runner stand-in accumulates stdout for its own result too; our tap only stream-parses it.
  // An awsvpc task needs a network, or ECS (and the emulator) refuses the RunTask.
  const inputs = { subnets: BENCH_SUBNET, ...options.inputs }
  const running = bundle.startAction({ endpoint: options.endpoint, inputs })
  const { child } = running
  const pid = child.pid ?? -1
  const sampler = options.rssEveryMs ? new RssSampler(pid, options.rssEveryMs) : undefined
  const onLine = options.onLine
  const splitter = onLine ? new LineSplitter(onLine) : undefined
  if (splitter) {
    // The runner stand-in already set the encoding: chunks are strings.
    child.stdout?.on('data', (chunk: string) => splitter.push(chunk, Date.now()))
  }
  let exitedAt = NaN
  child.once('exit', () => {
    exitedAt = Date.now()
    // A last read between exit and reaping, if the zombie still reports memory.
    sampler?.sample()
  })
  const timer = options.timeoutMs
    ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    : undefined
  try {
    const result = await running.done
    splitter?.end(Date.now())
    const rss = sampler?.stop()
    if (result.code !== 0) {
      throw new Error(
        `the action exited with ${result.code ?? result.signal}:\n${tail(result.stdout)}\n${result.stderr}`
      )
    }
    return { result, spawnedAt, spawnedPerf, exitedAt, pid, ...(rss ? { rss } : {}) }
  } finally {
    if (timer) clearTimeout(timer)
    sampler?.stop()
  }
}

function tail(text: string, lines = 30): string {
  return text.split('\n').slice(-lines).join('\n')
}
