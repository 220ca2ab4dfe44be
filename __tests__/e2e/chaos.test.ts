/**
 * Seeded random faults on every call (throttling, 5xx, resets before the request is read, lost
 * answers, proxy HTML pages, one connection that never answers), plus MISSING answers and a task
 * that never starts: for each seed, exactly one task per attempt, every line once and in order
 * per task, and the verdict the tasks deserve.
 */
import { describe, expect, it } from 'vitest'
import { Emulator } from '../../emulator/server.js'
import { TEST_VPC, runAction } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'
import { annotations, visibleLines } from '../support/runner.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'

const PULL_LIMIT =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): toomanyrequests: ' +
  'You have reached your pull rate limit.'
const LINES = 40

describe('mixed transient faults on every call (seeded)', () => {
  // One at a time, each on its own virtual clock: how long the faults last is the action's
  // (virtual) time, not the machine's speed, so a busy CI machine cannot time a seed out.
  useRealTimersAfterEach()
  it.each([
    { seed: 1, exitCode: 0, verdict: 'success' },
    { seed: 7, exitCode: 0, verdict: 'success' },
    { seed: 42, exitCode: 3, verdict: 'failure on exit code 3' },
    { seed: 1234, exitCode: 0, verdict: 'success' },
    { seed: 20240601, exitCode: 0, verdict: 'success' }
  ])(
    'seed $seed: one task per attempt, every line once, $verdict',
    async ({ seed, exitCode }) => {
      const emu = await Emulator.start()
      emu.addNetwork(TEST_VPC)
      const env = virtualClock(emu)
      try {
        emu.registerTaskDefinition(appDefinition('job'))
        emu.script('job', {
          failToStart: { stoppedReason: PULL_LIMIT, times: 1 },
          missingDescribes: 2,
          containers: { app: { exitCode, runMs: 2_000, logs: numbered('c', LINES, 40) } }
        })
        emu.chaos({ seed, rate: 0.3 })
        const token = `chaos-${seed}`
        const result = await runAction({
          endpoint: emu.url,
          env,
          inputs: {
            'task-definition': 'job',
            count: '2',
            'client-token': token,
            subnets: 'subnet-0e2e'
          }
        })
        const story = `${result.stdout}\n${result.stderr}\nfaults: ${JSON.stringify(
          emu.calls.filter((c) => c.fault).map((c) => `${c.op}:${c.fault}`)
        )}`

        // The faults did happen, of several kinds (a seed that drew none would prove nothing).
        const faults = new Set(emu.calls.filter((c) => c.fault).map((c) => c.fault))
        expect(faults.size, story).toBeGreaterThanOrEqual(3)

        // The first task of the first RunTask never starts: its slot is started again once.
        const tokens = emu
          .callsOf('RunTask')
          .map((c) => c.input.clientToken as string | undefined)
          .filter((t) => t !== undefined)
        expect(new Set(tokens), story).toEqual(new Set([token, `${token}-a2-t1`]))
        const tasks = emu.tasks()
        expect(tasks, story).toHaveLength(3)
        expect(result.outputs['attempts'], story).toBe('2')

        // Every line of the two tasks that ran, once and in order, each under its task's prefix.
        const ran = tasks.filter((t) => t.stopCode !== 'TaskFailedToStart')
        expect(ran).toHaveLength(2)
        const shown = visibleLines(result)
        for (const task of ran) {
          const prefix = `${task.taskArn.split('/').pop()}/app | `
          const mine = shown.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length))
          expect(mine, story).toEqual(Array.from({ length: LINES }, (_, i) => `c line ${i + 1}`))
        }
        expect(result.stdout + result.stderr).not.toMatch(/Deserialization error|raw response/)

        if (exitCode === 0) {
          expect(result.code, story).toBe(0)
        } else {
          expect(result.code, story).toBe(1)
          const failures = annotations(result).filter((a) => a.level === 'error')
          expect(failures, story).toHaveLength(2)
          for (const failure of failures) {
            expect(failure.message).toMatch(
              /^Task [0-9a-f]{32}: container app exited with code 3\./
            )
          }
        }
        // The seeds were chosen for nothing: each meets a dozen faults or so, on several calls.
        expect(emu.calls.filter((c) => c.fault).length).toBeGreaterThan(5)
        expect(emu.callsOf('StopTask')).toHaveLength(0)
        expect(result.state['settled']).toBe('true')
      } finally {
        await emu.close()
      }
    },
    120_000
  )
})
