/**
 * `if-running`: a nightly job already running (started by the schedule, the console or an
 * earlier run) makes the next run skip, fail, wait or replace it, judged before anything is
 * registered or started. dist/index.js against the emulator, as the runner starts it.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { annotations, visibleLines } from '../support/runner.js'
import { appDefinition, numbered } from '../support/task-definitions.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { runAction, startAction, useEmulator } from './fixtures.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})
useRealTimersAfterEach()

const SUBNET = { awsvpcConfiguration: { subnets: ['subnet-0a'] } }
const ops = (): string[] => emu.calls.map((c) => c.op)

/** The nightly cleanup: a production-shaped definition, its run printing a few lines. */
function seedNightly(): void {
  emu.registerTaskDefinition({
    ...appDefinition('nightly-cleanup'),
    executionRoleArn: 'arn:aws:iam::123456789012:role/nightly-exec'
  })
  emu.script('nightly-cleanup', {
    containers: { app: { exitCode: 0, runMs: 400, logs: numbered('cleanup', 2) } }
  })
}

/** Last night's run, still going: started by the schedule 30 minutes ago. */
function lastNight(options: { group?: string; runMs?: number } = {}): string {
  const behaviour =
    options.runMs === undefined
      ? undefined
      : { containers: { app: { exitCode: 0, runMs: options.runMs } } }
  const task = emu.startTask(
    {
      taskDefinition: 'nightly-cleanup',
      networkConfiguration: SUBNET,
      startedBy: 'events-rule/nightly-cleanup',
      ...(options.group ? { group: options.group } : {})
    },
    { agoMs: 30 * 60_000, ...(behaviour ? { behaviour } : {}) }
  )
  return task.taskArn as string
}

const id = (arn: string): string => arn.split('/').pop() ?? ''
const inputs = (mode: string, more: Record<string, string> = {}): Record<string, string> => ({
  'task-definition': 'nightly-cleanup',
  'if-running': mode,
  ...more
})

describe('if-running', () => {
  it('skip: starts nothing, succeeds with a notice naming the running task; skipped is true', async () => {
    const env = virtualClock(emu)
    seedNightly()
    const running = lastNight()
    const result = await runAction({ endpoint: emu.url, env, inputs: inputs('skip') })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(ops()).not.toContain('RunTask')
    expect(ops()).not.toContain('RegisterTaskDefinition')
    expect(result.outputs['skipped']).toBe('true')
    expect(result.outputs['task-arn']).toBe('')
    expect(result.outputs['task-arns']).toBe('[]')
    const [notice] = annotations(result).filter((a) => a.level === 'notice')
    expect(notice?.title).toBe('Job already running')
    expect(notice?.message).toBe(
      `1 task of the job (group family:nightly-cleanup) is already running in cluster default: ` +
        `${id(running)} (RUNNING for 30 min 0 s, started by events-rule/nightly-cleanup). ` +
        '"if-running" is skip: nothing was started.'
    )
    expect(result.summary).toContain('Skipped: the job is already running')
    // By family, as the group is ECS's default for it: one call, no scan of the cluster.
    expect(emu.callsOf('ListTasks').map((c) => c.input)).toEqual([
      { cluster: 'default', desiredStatus: 'RUNNING', family: 'nightly-cleanup' }
    ])
  })

  it('skip with nothing running: runs as usual; skipped is false', async () => {
    const env = virtualClock(emu)
    seedNightly()
    const result = await runAction({ endpoint: emu.url, env, inputs: inputs('skip') })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.outputs['skipped']).toBe('false')
    expect(emu.callsOf('RunTask')).toHaveLength(1)
    expect(visibleLines(result)).toContain(
      'if-running is skip: no task of the job (group family:nightly-cleanup) is running.'
    )
  })

  it('allow (the default): makes no lookup and starts a second copy', async () => {
    const env = virtualClock(emu)
    seedNightly()
    lastNight()
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'nightly-cleanup' }
    })
    expect(result.code).toBe(0)
    expect(ops()).not.toContain('ListTasks')
    expect(result.outputs['skipped']).toBe('false')
  })

  it('fail: fails naming the running task and how long it has run, starts nothing', async () => {
    const env = virtualClock(emu)
    seedNightly()
    const running = lastNight()
    const result = await runAction({ endpoint: emu.url, env, inputs: inputs('fail') })
    expect(result.code).toBe(1)
    expect(ops()).not.toContain('RunTask')
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.title).toBe('Task not started')
    expect(error?.message).toContain(
      `is already running in cluster default: ${id(running)} (RUNNING for 30 min 0 s`
    )
    expect(error?.message).toContain('"if-running" is fail: nothing was started.')
    expect(result.outputs['skipped']).toBe('false')
  })

  it('wait: says so every minute, starts once the running task stopped', async () => {
    const env = virtualClock(emu)
    seedNightly()
    // Last night's run ends on its own 2.5 minutes from now.
    lastNight({ runMs: 30 * 60_000 + 150_000 })
    const result = await runAction({ endpoint: emu.url, env, inputs: inputs('wait') })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const lines = visibleLines(result)
    expect(lines.filter((l) => l.startsWith("Still waiting for the job's running task"))).toEqual([
      expect.stringMatching(/^Still waiting .* \(1 min 0 s so far\)/),
      expect.stringMatching(/^Still waiting .* \(2 min 0 s so far\)/)
    ])
    const [run] = emu.callsOf('RunTask')
    const [other] = emu.tasks().filter((t) => t.group === 'family:nightly-cleanup')
    expect(other?.lastStatus).toBe('STOPPED')
    // RunTask came after the other task had stopped (the emulator's clock follows the action's).
    expect(run?.at).toBeGreaterThanOrEqual(new Date(other?.stoppedAt * 1000).getTime())
    expect(lines).toContain('cleanup line 2')
    expect(ops()).not.toContain('StopTask')
  }, 60_000)

  it('wait: past wait-timeout fails naming the task, starts nothing and leaves it running', async () => {
    const env = virtualClock(emu)
    seedNightly()
    const running = lastNight()
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: inputs('wait', { 'wait-timeout': '1.5' })
    })
    expect(result.code).toBe(1)
    expect(ops()).not.toContain('RunTask')
    expect(ops()).not.toContain('StopTask')
    expect(result.stdout).toContain(
      `"wait-timeout" (1 min 30 s) ran out while waiting for the job's running task to stop: ${id(running)}`
    )
  }, 60_000)

  it('wait: a cancel while waiting starts nothing and stops nobody else', async () => {
    const env = virtualClock(emu)
    seedNightly()
    lastNight()
    const action = startAction({ endpoint: emu.url, env, inputs: inputs('wait') })
    await action.waitFor(/already running in cluster default/)
    action.child.kill('SIGINT')
    const result = await action.done
    expect(result.code).toBe(1)
    expect(annotations(result).find((a) => a.level === 'error')?.title).toBe('Cancelled')
    expect(ops()).not.toContain('RunTask')
    expect(ops()).not.toContain('StopTask')
  }, 60_000)

  it('replace: stops it with a reason naming this run, waits until it stopped, then starts', async () => {
    const env = virtualClock(emu)
    seedNightly()
    const running = lastNight()
    const result = await runAction({ endpoint: emu.url, env, inputs: inputs('replace') })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const [stop] = emu.callsOf('StopTask')
    expect(stop?.input.task).toBe(running)
    expect(stop?.input.reason).toMatch(
      /^ecs-run-task: replaced by a new run of the job \(group family:nightly-cleanup\) \(workflow run https:\/\/github\.com\/acme\/shop\/actions\/runs\/\d+\/attempts\/1\)$/
    )
    const [run] = emu.callsOf('RunTask')
    const stoppedAt = emu.tasks().find((t) => t.taskArn === running)?.stoppedAt as number
    expect(run?.at).toBeGreaterThanOrEqual(stoppedAt * 1000)
    expect(result.outputs['task-arn']).not.toBe(running)
  }, 60_000)

  it("a service's tasks of the same family never count", async () => {
    const env = virtualClock(emu)
    seedNightly()
    lastNight({ group: 'service:nightly-cleanup-web' })
    const result = await runAction({ endpoint: emu.url, env, inputs: inputs('fail') })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
    expect(visibleLines(result)).toContain(
      'if-running is fail: no task of the job (group family:nightly-cleanup) is running.'
    )
  })

  it('a group of its own: the whole cluster is listed page by page and described 100 at a time', async () => {
    seedNightly()
    emu.registerTaskDefinition(appDefinition('web'))
    for (let i = 0; i < 120; i++) {
      emu.startTask({ taskDefinition: 'web', networkConfiguration: SUBNET })
    }
    // A console run of another revision's family, in the job's group.
    const running = lastNight({ group: 'nightly' })
    const result = await runAction({
      endpoint: emu.url,
      inputs: inputs('fail', { group: 'nightly' })
    })
    expect(result.code).toBe(1)
    const lists = emu.callsOf('ListTasks').map((c) => c.input)
    expect(lists).toEqual([
      { cluster: 'default', desiredStatus: 'RUNNING' },
      { cluster: 'default', desiredStatus: 'RUNNING', nextToken: '100' }
    ])
    const described = emu.callsOf('DescribeTasks').map((c) => c.input.tasks.length)
    expect(described).toEqual([100, 21])
    expect(result.stdout).toContain(
      `(group nightly) is already running in cluster default: ${id(running)}`
    )
  })

  it('ListTasks throttled: retried within start-timeout, then judged as usual', async () => {
    const env = virtualClock(emu)
    seedNightly()
    lastNight()
    emu.inject({ op: 'ListTasks', fault: 'throttle', times: 6 })
    const result = await runAction({ endpoint: emu.url, env, inputs: inputs('skip') })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.outputs['skipped']).toBe('true')
    expect(visibleLines(result).some((l) => /^ListTasks: throttled .*; retry 1 in/.test(l))).toBe(
      true
    )
  })

  it('ListTasks denied: fails naming ecs:ListTasks and why it is called, starts nothing', async () => {
    const env = virtualClock(emu)
    seedNightly()
    // Denied on every call, as a role without the permission is. A one-off denial is spent by
    // the first call that reaches the emulator: a ListTasks sent again (the SDK retries a call
    // whose answer was lost, as a network error) would pass, and the run would start and succeed.
    emu.inject({
      op: 'ListTasks',
      fault: {
        type: 'AccessDeniedException',
        message: 'User is not authorized to perform ecs:ListTasks'
      },
      times: Infinity
    })
    const result = await runAction({ endpoint: emu.url, env, inputs: inputs('fail') })
    const calls = emu.calls.map((c) => `${c.op} ${c.status} ${c.fault ?? ''}`)
    expect(result.code, [...calls, result.stdout].join('\n')).toBe(1)
    expect(ops()).not.toContain('RunTask')
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.message).toContain(
      'Not allowed to call ecs:ListTasks on the tasks of cluster default'
    )
    expect(error?.message).toContain(
      'Grant "ecs:ListTasks" to the workflow\'s role ("if-running" looks for the job\'s running tasks).'
    )
  })

  it('dry run: says what it would do now, and starts nothing', async () => {
    const env = virtualClock(emu)
    seedNightly()
    const running = lastNight()
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: inputs('skip', { 'dry-run': 'true' })
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(ops()).not.toContain('RunTask')
    expect(visibleLines(result)).toContain(
      `if-running: 1 task of the job (group family:nightly-cleanup) is already running in ` +
        `cluster default: ${id(running)} (RUNNING for 30 min 0 s, started by ` +
        'events-rule/nightly-cleanup); a run now would start nothing and succeed (skipped).'
    )
    expect(result.stdout).toContain('ecs:ListTasks')
    expect(result.summary).toContain('a run now would start nothing and succeed (skipped)')
  })
})
