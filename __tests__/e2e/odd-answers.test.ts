/**
 * Answers that are not what the action expects, through the bundled action: a proxy's HTML
 * page in AWS's place, and a task description without one of its essential containers.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { useEmulator, runAction } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'
import { annotations, visibleLines } from '../support/runner.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('job'))
})

const SDK_TEXT =
  /Deserialization error|to see the raw response|is not valid JSON|SyntaxError|<html>/

describe("a proxy's HTML 502 instead of an AWS answer", () => {
  it('fails RunTask in one line naming the call, the status and that AWS did not answer', async () => {
    emu.inject({ op: 'RunTask', fault: 'html-502', times: Infinity })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'start-timeout': '0.05', subnets: 'subnet-0e2e' }
    })

    expect(result.code).toBe(1)
    expect(emu.tasks()).toHaveLength(0)
    // The SDK retried each call before the action's own retries did.
    expect(emu.callsOf('RunTask').length).toBeGreaterThan(4)
    expect(annotations(result).filter((a) => a.level === 'error')).toEqual([
      {
        level: 'error',
        title: 'Task not started',
        message:
          'RunTask kept failing with a server error (HTTP 502, not an AWS answer) until ' +
          '"start-timeout" ran out: the endpoint answered HTTP 502 with a page that is not an AWS ' +
          'API response (a proxy or load balancer between the runner and AWS may have failed). ' +
          'Raise "start-timeout" or try again later.'
      }
    ])
    expect(result.stdout + result.stderr + result.summary).not.toMatch(SDK_TEXT)
  })

  it('is retried on every call like a server error: the step succeeds with every line', async () => {
    emu.script('job', { containers: { app: { runMs: 1_500, logs: numbered('p', 20, 60) } } })
    emu.inject({ op: 'RunTask', fault: 'html-502', times: 2 })
    // Consecutive, so every fault is reached however few polls a slow machine makes: the action
    // must keep calling until it has the task's end and every line.
    emu.inject({ op: 'DescribeTasks', fault: 'html-502', times: 3 })
    emu.inject({ op: 'GetLogEvents', fault: 'html-502', times: 4 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })

    expect(result.code, result.stdout).toBe(0)
    expect(emu.tasks()).toHaveLength(1)
    expect(visibleLines(result).filter((l) => /^p line/.test(l))).toEqual(
      Array.from({ length: 20 }, (_, i) => `p line ${i + 1}`)
    )
    expect(emu.calls.filter((c) => c.fault === 'html-502')).toHaveLength(2 + 3 + 4)
    expect(result.stdout + result.stderr).not.toMatch(SDK_TEXT)
  })
})

describe('an essential container that DescribeTasks does not report', () => {
  it('fails the step naming the container, though every reported one exited 0', async () => {
    emu.registerTaskDefinition(
      appDefinition('pair', [{ name: 'app' }, { name: 'worker', essential: true }])
    )
    emu.script('pair', { unreportedContainers: ['worker'] })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'pair', subnets: 'subnet-0e2e' }
    })

    expect(result.code).toBe(1)
    expect(result.outputs['exit-code']).toBe('0')
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.title).toBe('ECS task failed')
    expect(errors[0]?.message).toMatch(
      /^Task [0-9a-f]{32}: essential container worker is not in ECS's description of the task \(DescribeTasks\), so whether it ran and how it exited is unknown\./
    )
  })
})
