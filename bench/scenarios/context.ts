// What every scenario receives, and the emulator setup they share.

import { Emulator } from '../../emulator/server.js'
import type { Bundle } from '../bundle.js'
import { toEpochMs } from '../measure.js'
import type { ScenarioResult } from '../report.js'

export interface Context {
  quick: boolean
  /**
   * `--smoke` (quick too): every scenario at its smallest, to prove the harness runs end to end
   * (CI runs it); its figures mean nothing and nothing compares them with a target.
   */
  smoke?: boolean
  /** The snapshot of dist/ every run starts. */
  bundle: Bundle
  /** Figures one scenario leaves for another (throughput compares with the page rate). */
  shared: { pageRateEventsPerSecond?: number }
  log(message: string): void
}

export type Scenario = (ctx: Context) => Promise<ScenarioResult>

/** The subnet every benchmark run is given (the task definitions are awsvpc, as on Fargate). */
export const BENCH_SUBNET = 'subnet-0bec4000000000001'

/** A fresh emulator for the duration of `fn`, which knows BENCH_SUBNET. */
export async function withEmulator<T>(fn: (emu: Emulator) => Promise<T>): Promise<T> {
  const emu = await Emulator.start()
  emu.addNetwork({ subnets: [BENCH_SUBNET] })
  try {
    return await fn(emu)
  } finally {
    await emu.close()
  }
}

/** The epoch-ms instants of a task as the emulator reports them (its clock, its timeline). */
export function taskInstants(emu: Emulator, taskArn: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the emulator renders raw JSON
  const task = emu.tasks().find((t: any) => t.taskArn === taskArn)
  if (!task) throw new Error(`task ${taskArn} not in the emulator`)
  const ms = (v: unknown): number | undefined => (v === undefined ? undefined : toEpochMs(v))
  return {
    createdAt: ms(task.createdAt)!,
    startedAt: ms(task.startedAt),
    stoppingAt: ms(task.stoppingAt),
    stoppedAt: ms(task.stoppedAt),
    lastStatus: task.lastStatus as string
  }
}
