/**
 * A CloudWatch Logs outage of two minutes, through the bundled action, in seconds: the action
 * runs on a virtual clock that the emulator follows (support/virtual-clock), which moves only
 * while the action waits on a timer, so the outage, the task, the action's polls, backoffs,
 * request timeouts and give-up times keep their real proportions whatever the machine's speed.
 * Every call of the outage fails, each kind of fault in turn.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { useEmulator, runAction } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'
import { visibleLines } from '../support/runner.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('job'))
})

useRealTimersAfterEach()

const LINES = 60

/** Every GetLogEvents call in the window fails: hangs, proxy pages, throttling, 5xx, resets. */
function outage(afterMs: number, forMs: number): void {
  const window = { op: 'GetLogEvents', afterMs, forMs }
  emu.inject({ ...window, fault: 'hang', every: 7 })
  emu.inject({ ...window, fault: 'html-502', every: 4 })
  emu.inject({ ...window, fault: 'throttle', every: 3 })
  emu.inject({ ...window, fault: 'server-error', every: 2 })
  emu.inject({ ...window, fault: 'reset-before-read' })
}

/** The task logs a line every 500 ms for 30 s. */
const task = { containers: { app: { runMs: 30_500, logs: numbered('o', LINES, 500, 100) } } }

describe('a CloudWatch Logs outage (on a virtual clock)', () => {
  it('of two minutes, from the middle of the task to long after it stopped, loses no line', async () => {
    const env = virtualClock(emu)
    emu.script('job', task)
    // From about 10 s into the task until 2 minutes later: the task stops 20 s into the outage.
    const start = Date.now()
    outage(10_000, 120_000)
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })

    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(visibleLines(result).filter((l) => /^o line/.test(l))).toEqual(
      Array.from({ length: LINES }, (_, i) => `o line ${i + 1}`)
    )
    const reads = emu.callsOf('GetLogEvents')
    const failed = reads.filter((c) => c.fault !== undefined)
    expect(new Set(failed.map((c) => c.fault))).toEqual(
      new Set(['hang', 'html-502', 'throttle', 'server-error', 'reset-before-read'])
    )
    // The outage really lasted two minutes and outlived the task; lines came after it.
    expect(failed.at(-1)!.at - failed[0]!.at).toBeGreaterThan(110_000)
    const stoppedAt = Number(emu.tasks()[0]?.stoppedAt) * 1000 // epoch seconds, as ECS answers
    expect(failed[0]!.at).toBeLessThan(stoppedAt)
    expect(reads.at(-1)!.at).toBeGreaterThanOrEqual(start + 130_000)
    expect(result.stdout).not.toContain('Stopped following the logs')
  }, 90_000)

  it('that outlasts the bound: the step ends, warns with the link, and still succeeds', async () => {
    const env = virtualClock(emu)
    emu.script('job', task)
    const start = Date.now()
    outage(10_000, 30 * 60_000)
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })

    expect(result.code, result.stdout + result.stderr).toBe(0)
    const answered = emu.callsOf('GetLogEvents').filter((c) => c.fault === undefined)
    const lastAnswer = answered.at(-1)!.at
    expect(lastAnswer).toBeLessThan(start + 10_000)
    // Given up 150 s after the last answer (plus a hung call's 5 s request timeout at most).
    const ended = emu.calls.at(-1)!.at
    expect(ended - lastAnswer).toBeGreaterThanOrEqual(150_000 - 5_000)
    expect(ended - lastAnswer).toBeLessThan(150_000 + 10_000)
    expect(result.lines).toContainEqual(
      expect.stringMatching(
        /^::warning::Stopped following the logs of [0-9a-f]{32}\/app: CloudWatch Logs has not answered for 15\d s \(GetLogEvents failed: .+\) and its task stopped \d+ s ago; any later lines are in CloudWatch: https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logsV2:log-groups\/log-group\/\$252Fecs\$252Fapp\/log-events\/ecs\$252Fapp\$252F[0-9a-f]{32}$/
      )
    )
    // The lines read before the outage were printed, once and in order.
    const shown = visibleLines(result).filter((l) => /^o line/.test(l))
    expect(shown.length).toBeGreaterThan(10)
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => `o line ${i + 1}`))
  }, 90_000)
})
