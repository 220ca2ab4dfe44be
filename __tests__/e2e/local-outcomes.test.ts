/**
 * The outcomes docs/local-runs.md lists, through dist/ and the emulator's modelled shell:
 * no script, only the `command` input, as a user tries them from `.env`.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { annotations, visibleLines } from '../support/runner.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { runAction, startAction, useEmulator } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('job'))
})
useRealTimersAfterEach()

/** On a virtual clock: seconds of the task's life pass without waiting for them. */
const run = (inputs: Record<string, string>) =>
  runAction({
    endpoint: emu.url,
    env: virtualClock(emu),
    inputs: { 'task-definition': 'job', ...inputs }
  })

describe('a local run with only the command input', () => {
  it('succeeds, printing the lines the command echoes, with the environment override', async () => {
    const result = await run({
      command: 'sh -c "echo $GREETING from a local run; sleep 2; echo done"',
      environment: 'GREETING=hello'
    })
    expect(result.code, result.stdout).toBe(0)
    const lines = visibleLines(result)
    expect(lines).toContain('hello from a local run')
    expect(lines.indexOf('done')).toBeGreaterThan(lines.indexOf('hello from a local run'))
    expect(result.outputs['exit-code']).toBe('0')
  })

  it('fails with the exit code, quoting the last lines', async () => {
    const result = await run({
      command: `sh -c "echo Migrating; echo 'PG::UndefinedColumn: column orders.discount_cents does not exist'; exit 1"`
    })
    expect(result.code).toBe(1)
    expect(result.outputs['exit-code']).toBe('1')
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.message).toMatch(/container app exited with code 1/)
    expect(error?.message).toContain(
      'Migrating\n  PG::UndefinedColumn: column orders.discount_cents does not exist'
    )
    expect(result.summary).toContain('PG::UndefinedColumn')
  })

  it('sets task outputs from the lines the command prints', async () => {
    const result = await run({
      command: 'sh -c "echo ECS_RUN_TASK_OUTPUT version=42"',
      'task-outputs': 'version'
    })
    expect(result.code, result.stdout).toBe(0)
    expect(JSON.parse(result.outputs['task-outputs'] ?? '')).toEqual({ version: '42' })
  })

  it('times out: a sleep longer than wait-timeout is stopped and fails the step', async () => {
    // Ten minutes of sleep against a one-minute wait-timeout.
    const result = await run({ command: 'sh -c "echo working; sleep 600"', 'wait-timeout': '1' })
    expect(result.code).toBe(1)
    expect(visibleLines(result)).toContain('working')
    expect(result.stdout).toContain('did not stop within wait-timeout')
    const stops = emu.callsOf('StopTask')
    expect(stops).toHaveLength(1)
    expect(stops[0]!.input.reason).toMatch(/wait-timeout/)
  })

  it('is cancelled: the task that sleeps for ever is stopped', async () => {
    const action = startAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', command: 'sh -c "echo working; sleep infinity"' }
    })
    await action.waitFor(/^working$/m)
    action.child.kill('SIGINT')
    const result = await action.done
    expect(result.code).toBe(1)
    expect(emu.callsOf('StopTask')).toHaveLength(1)
    expect(annotations(result).find((a) => a.level === 'error')?.title).toBe('Cancelled')
  })

  it('says what the emulator would not run, and exits 0', async () => {
    const result = await run({ command: 'bin/rails db:migrate' })
    expect(result.code, result.stdout).toBe(0)
    expect(visibleLines(result)).toContainEqual(
      expect.stringMatching(/^\[emulator\] not run: bin\/rails db:migrate \(/)
    )
  })
})
