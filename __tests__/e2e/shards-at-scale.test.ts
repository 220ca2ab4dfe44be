/**
 * What must hold whatever the number of shards, through the bundled action on a virtual clock:
 * the whole step's CloudWatch Logs calls within 10 in any second while every line of 60 shards
 * × 2 containers prints once with its shard's prefix; DescribeTasks at most 100 tasks a call;
 * a job summary with one row per shard; failed shards named in one annotation per title.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { annotations, visibleLines } from '../support/runner.js'
import { appDefinition } from '../support/task-definitions.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { runAction, useEmulator } from './fixtures.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(
    appDefinition('reindex', [{ name: 'app' }, { name: 'worker', essential: false }])
  )
})
useRealTimersAfterEach()

const LINES = 30

/** Both containers log LINES lines over 15 s (`line <n>`), then exit 0. */
function lines(runMs: number) {
  return Array.from({ length: LINES }, (_, n) => ({
    atMs: Math.floor((n * (runMs - 100)) / LINES),
    message: `line ${n}`
  }))
}

/** The most of `times` in any window [t, t + 1 s). */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

describe('shards at scale', () => {
  it('60 shards × 2 containers: every line once, prefixed; at most 10 CloudWatch Logs calls in any second', async () => {
    emu.script('reindex', {
      stoppingMs: 1500,
      containers: {
        app: { exitCode: 0, runMs: 15_000, logs: lines(15_000) },
        worker: { exitCode: 0, runMs: 14_000, logs: lines(14_000) }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'reindex', shards: '60' }
    })

    expect(result.code, result.stdout.slice(-3000)).toBe(0)
    const shown = visibleLines(result)
    for (let shard = 0; shard < 60; shard++) {
      for (const container of ['app', 'worker']) {
        const prefix = `[${shard}] ${container} | `
        expect(
          shown.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length))
        ).toEqual(Array.from({ length: LINES }, (_, n) => `line ${n}`))
      }
    }
    const logCalls = emu.calls.filter((c) => c.service === 'logs')
    expect(busiestSecond(logCalls.map((c) => c.at))).toBeLessThanOrEqual(10)
    // 120 streams read together, not one call per stream a poll.
    expect(emu.callsOf('FilterLogEvents').length).toBeGreaterThan(0)
    expect(logCalls.length).toBeLessThan(120 * 4)
    const describes = emu.callsOf('DescribeTasks')
    expect(
      Math.max(...describes.map((c) => (c.input.tasks as string[]).length))
    ).toBeLessThanOrEqual(100)
    // One row per shard in the job summary.
    const rows = result.summary.split('\n').filter((l) => /^\| \d+ \| `[0-9a-f]+` \| 0 \|/.test(l))
    expect(rows).toHaveLength(60)
    expect(annotations(result).filter((a) => a.level === 'warning')).toEqual([])
  }, 120_000)

  it('12 failed shards of 30: one error annotation naming them, quoting the first; failed rows first', async () => {
    const failing = [3, 4, 7, 9, 11, 13, 17, 19, 22, 25, 28, 29]
    emu.script('reindex', {
      stoppingMs: 500,
      containers: {
        app: { exitCode: 0, runMs: 3000, logs: lines(3000) },
        worker: { exitCode: 0, runMs: 2500 }
      },
      shards: Object.fromEntries(
        failing.map((i) => [
          i,
          {
            containers: {
              app: {
                exitCode: 1,
                runMs: 2000,
                logs: [{ atMs: 100, message: `KeyError: tenant ${i}` }]
              }
            }
          }
        ])
      )
    })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'reindex', shards: '30', 'fail-fast': 'false' }
    })

    expect(result.code, result.stdout.slice(-3000)).toBe(1)
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    const [error] = errors
    expect(error!.message).toContain('Shard 3:')
    expect(error!.message).toContain('KeyError: tenant 3')
    expect(error!.message).toContain(
      'Also failed (11): shard 4, shard 7, shard 9, shard 11, shard 13, shard 17, shard 19, ' +
        'shard 22, shard 25, shard 28 and shard 29.'
    )
    const rows = result.summary.split('\n').filter((l) => /^\| \d+ \| `/.test(l))
    expect(rows).toHaveLength(30)
    expect(rows.slice(0, 12).map((l) => Number(l.split(' | ')[0]!.slice(2)))).toEqual(failing)
    expect(rows[0]).toContain('❌ **1**')
    expect(result.summary).toContain('KeyError: tenant 3')
  }, 120_000)
})
