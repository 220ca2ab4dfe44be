/**
 * A sharded backfill on a production-shaped task definition (an agent listed first, the app
 * through FireLens, Envoy, the log router), through the bundled action with RunTask throttled
 * and its answers lost and CloudWatch Logs answering 5xx, all at once.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { annotations, visibleLines } from '../support/runner.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { runAction, useEmulator } from './fixtures.js'
import { productionDefinition } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(productionDefinition('shop-backfill'))
})
useRealTimersAfterEach()

const SHARDS = 30
const LINES = 12
const INPUTS = {
  'task-definition': 'shop-backfill',
  container: 'app',
  shards: String(SHARDS),
  'max-parallel': '10',
  command: 'bin/rails backfill:invoice_totals'
}

describe('a sharded backfill on a production task definition', () => {
  it('needs "container": the agent, the app and Envoy are all essential', async () => {
    const result = await runAction({ endpoint: emu.url, inputs: { ...INPUTS, container: '' } })

    expect(result.code).toBe(1)
    expect(emu.callsOf('RunTask')).toHaveLength(0)
    expect(annotations(result)[0]?.message).toMatch(
      /"datadog-agent", "app", "envoy"\. Give "container"/
    )
  })

  it('every line once with its prefix, through throttling, lost answers and 5xx at once', async () => {
    emu.script('shop-backfill', {
      containers: {
        'datadog-agent': { exitCode: null, logs: [{ atMs: 5, message: 'agent up' }] },
        envoy: { exitCode: null, logs: [{ atMs: 5, message: 'envoy ready' }] },
        'log-router': { exitCode: null },
        app: {
          runMs: 3_000,
          logLines: { count: LINES, everyMs: 200, text: (i) => `Backfilled tenant ${i}` }
        }
      }
    })
    const env = virtualClock(emu)
    emu.inject({ op: 'RunTask', fault: 'throttle', every: 3, times: 15 })
    emu.inject({ op: 'RunTask', fault: 'drop-response', skip: 5, every: 7, times: 4 })
    emu.inject({ op: 'FilterLogEvents', fault: 'server-error', every: 2, times: 20 })
    emu.inject({ op: 'GetLogEvents', fault: 'server-error', every: 2, times: 20 })
    emu.inject({ op: 'DescribeTasks', fault: 'throttle', every: 4, times: 5 })
    const result = await runAction({ endpoint: emu.url, env, inputs: INPUTS })

    expect(result.code, result.stdout).toBe(0)
    expect(emu.tasks()).toHaveLength(SHARDS)
    const lines = visibleLines(result)
    for (let i = 0; i < SHARDS; i++) {
      for (let j = 0; j < LINES; j++) {
        expect(lines.filter((l) => l === `[${i}] app | Backfilled tenant ${j}`)).toHaveLength(1)
      }
      expect(lines.filter((l) => l === `[${i}] datadog-agent | agent up`)).toHaveLength(1)
      expect(lines.filter((l) => l === `[${i}] envoy | envoy ready`)).toHaveLength(1)
    }
    // The sidecars ECS stopped with each task: one line per container naming the shards.
    const stopped = lines.filter((l) => /exited with code 143/.test(l))
    expect(stopped).toEqual(
      ['datadog-agent', 'envoy', 'log-router'].map(
        (c) =>
          `Shards 0-${SHARDS - 1}: container ${c} exited with code 143: ECS stopped with the ` +
          'task (SIGTERM) after app exited 0; not a failure (the primary container decides).'
      )
    )
    const results = JSON.parse(result.outputs['results'] ?? '[]') as Array<{ index: number }>
    expect(results.map((r) => r.index)).toEqual(Array.from({ length: SHARDS }, (_, i) => i))
    for (const level of ['error', 'warning', 'notice'] as const) {
      expect(annotations(result).filter((a) => a.level === level).length).toBeLessThanOrEqual(10)
    }
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024)
  })
})
