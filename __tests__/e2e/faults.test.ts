/**
 * The promises under faults, proven through the bundled action and the emulator: never
 * two tasks, never a lost line, never a green step for a failed task, never a task left
 * running after a cancel.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { useEmulator, runAction, startAction } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'
import { githubEnv, visibleLines } from '../support/runner.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('job'))
})

describe('starting exactly one task', () => {
  it('gets the same task back when the RunTask response is lost', async () => {
    emu.inject({ op: 'RunTask', fault: 'drop-response', times: 1 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    const calls = emu.callsOf('RunTask')
    expect(calls.length).toBeGreaterThanOrEqual(2)
    expect(new Set(calls.map((c) => c.input.clientToken)).size).toBe(1)
    expect(emu.tasks()).toHaveLength(1)
    expect(result.outputs['task-arn']).toBe(emu.tasks()[0]?.taskArn)
  })

  it('derives the same token for the same step and attempt, another for a re-run', async () => {
    const env = githubEnv({ GITHUB_RUN_ID: '987654321' })
    const first = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'job', wait: 'false', subnets: 'subnet-0e2e' }
    })
    const again = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'job', wait: 'false', subnets: 'subnet-0e2e' }
    })
    const rerun = await runAction({
      endpoint: emu.url,
      env: { ...env, GITHUB_RUN_ATTEMPT: '2' },
      inputs: { 'task-definition': 'job', wait: 'false', subnets: 'subnet-0e2e' }
    })
    const matrix = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'job', wait: 'false', 'job-index': '1', subnets: 'subnet-0e2e' }
    })
    expect([first.code, again.code, rerun.code, matrix.code]).toEqual([0, 0, 0, 0])
    expect(again.outputs['task-arn']).toBe(first.outputs['task-arn'])
    expect(rerun.outputs['task-arn']).not.toBe(first.outputs['task-arn'])
    expect(matrix.outputs['task-arn']).not.toBe(first.outputs['task-arn'])
    expect(emu.tasks()).toHaveLength(3)
  })

  it('retries the PROVISIONING quota and starts once capacity is there', async () => {
    emu.inject({
      op: 'RunTask',
      fault: { type: 'ClientException', message: 'Tasks provisioning capacity limit exceeded.' },
      times: 2
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).toMatch(
      /RunTask: no capacity yet \(Tasks provisioning capacity limit exceeded\); retry 1 in/
    )
    expect(result.stdout).toMatch(/; retry 2 in/)
    expect(emu.callsOf('RunTask')).toHaveLength(3)
    expect(emu.tasks()).toHaveLength(1)
  })

  it('fails on a token used by another request, naming its tasks and the way out', async () => {
    const first = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'job',
        'client-token': 'deploy-42',
        wait: 'false',
        subnets: 'subnet-0e2e'
      }
    })
    const second = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'job',
        'client-token': 'deploy-42',
        command: 'echo other',
        subnets: 'subnet-0e2e'
      }
    })
    expect(first.code).toBe(0)
    expect(second.code).toBe(1)
    expect(second.stdout).toContain(first.outputs['task-arn'])
    expect(second.stdout).toContain('set "client-token" to a value not used before')
    expect(emu.tasks()).toHaveLength(1)
  })

  it.each([
    [
      'AccessDeniedException',
      'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:RunTask',
      /Grant the workflow's role "ecs:RunTask".*"iam:PassRole"/
    ],
    [
      'ClusterNotFoundException',
      'Cluster not found.',
      /Cluster "default" was not found in region us-east-1/
    ],
    [
      'PlatformUnknownException',
      'The specified platform does not exist.',
      /Platform version "LATEST"/
    ],
    ['BlockedException', 'Your account is blocked.', /Contact AWS Support/]
  ])('explains %s', async (type, message, expected) => {
    emu.inject({ op: 'RunTask', fault: { type, message } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(expected)
    expect(emu.tasks()).toHaveLength(0)
  })
})

describe('waiting through faults', () => {
  it('waits out MISSING right after RunTask', async () => {
    emu.script('job', { missingDescribes: 2, containers: { app: { logs: numbered('m', 3) } } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(visibleLines(result).filter((l) => /^m line/.test(l))).toEqual([
      'm line 1',
      'm line 2',
      'm line 3'
    ])
  })

  it('loses no line and fails no step under throttling and 5xx on every polled call', async () => {
    emu.script('job', { containers: { app: { runMs: 1500, logs: numbered('t', 40, 30) } } })
    for (const op of ['DescribeTasks', 'GetLogEvents', 'DescribeTaskDefinition']) {
      emu.inject({ op, fault: 'throttle', every: 2, times: Infinity })
      emu.inject({ op, fault: 'server-error', every: 3, times: Infinity })
    }
    emu.inject({ op: 'GetLogEvents', fault: 'empty-page', every: 5, times: Infinity })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(visibleLines(result).filter((l) => /^t line/.test(l))).toEqual(
      Array.from({ length: 40 }, (_, i) => `t line ${i + 1}`)
    )
    expect(emu.calls.some((c) => c.fault !== undefined)).toBe(true)
  })
})

describe('stopping', () => {
  const running = {
    containers: { app: { runMs: 120_000, logs: [{ atMs: 10, message: 'working' }] } }
  }

  describe("on the action's own clock", () => {
    useRealTimersAfterEach()

    // The runner sends SIGTERM 7.5 s after SIGINT. On the virtual clock, time passes only while
    // the action waits on a timer, so the time from the signal to StopTask is what the action
    // waited (a poll delay, a log drain) before stopping, whatever the machine's speed. The test's
    // clock follows the action's requests, so it may lag the signal by one poll interval (2 s).
    it('stops the task on SIGINT without waiting, and the post step then has nothing to do', async () => {
      emu.script('job', {
        containers: { app: { runMs: 24 * 3_600_000, logs: [{ atMs: 10, message: 'working' }] } }
      })
      const action = startAction({
        endpoint: emu.url,
        env: virtualClock(emu),
        inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e', 'wait-timeout': '2880' }
      })
      await action.waitFor(/working/)
      const signalledAt = Date.now()
      action.child.kill('SIGINT')
      const result = await action.done
      expect(result.code).toBe(1)
      const stops = emu.callsOf('StopTask')
      expect(stops).toHaveLength(1)
      expect(stops[0]!.at - signalledAt).toBeLessThan(5000)
      expect(stops[0]!.input.task).toBe(result.outputs['task-arn'])
      expect(stops[0]!.input.reason).toMatch(
        /cancelled.*https:\/\/github\.com\/acme\/shop\/actions\/runs\/\d+/
      )
      expect(result.stdout).toContain('Stopped task')
      expect(result.stdout).toContain(
        '::error title=Cancelled::The workflow was cancelled; the task was stopped. ' +
          'Run the workflow again to run the task.'
      )
      expect(result.state['settled']).toBe('true')

      const post = await runAction({ endpoint: emu.url, entry: 'post', state: result.state })
      expect(post.code).toBe(0)
      expect(emu.callsOf('StopTask')).toHaveLength(1)
    })
  })

  it('keeps the task running on cancel with stop-on-cancel false, and says so', async () => {
    emu.script('job', running)
    const action = startAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'stop-on-cancel': 'false', subnets: 'subnet-0e2e' }
    })
    await action.waitFor(/working/)
    action.child.kill('SIGINT')
    const result = await action.done
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('stop-on-cancel is false')
    const post = await runAction({ endpoint: emu.url, entry: 'post', state: result.state })
    expect(post.code).toBe(0)
    expect(emu.callsOf('StopTask')).toHaveLength(0)
  })

  it('has the post step stop a task whose main step was killed', async () => {
    emu.script('job', running)
    const action = startAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })
    await action.waitFor(/working/)
    action.child.kill('SIGKILL')
    const killed = await action.done
    expect(killed.signal).toBe('SIGKILL')
    expect(emu.callsOf('StopTask')).toHaveLength(0)

    const post = await runAction({ endpoint: emu.url, entry: 'post', state: killed.state })
    expect(post.code).toBe(0)
    const stops = emu.callsOf('StopTask')
    expect(stops).toHaveLength(1)
    // The state names task ids (StopTask takes an id with the cluster).
    expect(stops[0]!.input.task).toBe(emu.tasks()[0]?.taskArn.split('/').pop())
    expect(killed.state['task-ids-0']).toBe(stops[0]!.input.task)
    expect(emu.tasks()[0]?.desiredStatus).toBe('STOPPED')
  })

  it('stops the task and fails when wait-timeout passes', async () => {
    emu.script('job', running)
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'wait-timeout': '0.05', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(emu.callsOf('StopTask')).toHaveLength(1)
    expect(emu.callsOf('StopTask')[0]!.input.reason).toContain('wait-timeout')
    expect(result.stdout).toContain('did not stop within wait-timeout')
  })

  it('post step only warns when StopTask fails', async () => {
    emu.inject({
      op: 'StopTask',
      fault: { type: 'AccessDeniedException', message: 'no ecs:StopTask' },
      times: Infinity
    })
    const post = await runAction({
      endpoint: emu.url,
      entry: 'post',
      state: {
        'task-ids-0': '0123456789abcdef0123456789abcdef',
        cluster: 'default',
        region: 'us-east-1',
        'stop-on-cancel': 'true'
      }
    })
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('::warning::')
  })
})
