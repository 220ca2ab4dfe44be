/**
 * A newcomer's configuration mistakes, through dist/ as the runner starts it: each fails fast
 * with a message that names the fix. And what a short task's log and summary read like.
 */
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { annotations, visibleLines } from '../support/runner.js'
import type { Emulator } from '../../emulator/server.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { runAction, useEmulator } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('job'))
})
useRealTimersAfterEach()

const errorOf = (result: Parameters<typeof annotations>[0]) =>
  annotations(result).find((a) => a.level === 'error')

/** A loopback port nothing listens on: bound by the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

describe('an AWS_ENDPOINT_URL that is not a URL', () => {
  it('is Invalid input at once, naming the variable and the fix; no call is made', async () => {
    const port = new URL(emu.url).port
    const result = await runAction({
      endpoint: `127.0.0.1:${port}`,
      inputs: { 'task-definition': 'job' }
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toEqual({
      level: 'error',
      title: 'Invalid input',
      message:
        `Environment variable AWS_ENDPOINT_URL must be the URL of an endpoint, got ` +
        `"127.0.0.1:${port}" (not a URL): give the scheme too, e.g. "http://127.0.0.1:${port}".`
    })
    expect(emu.calls).toHaveLength(0)
  })
})

describe('an emulator that is not running (a loopback endpoint refusing connections)', () => {
  it('is asked again for 30 s, not the 10 minutes of start-timeout, then says how to start it', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`
    const result = await runAction({
      endpoint: url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'job' }
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toEqual({
      level: 'error',
      title: 'Task not started',
      message:
        `DescribeClusters could not connect to ${url} (AWS_ENDPOINT_URL): the connection was ` +
        'refused on every try, so nothing listens there. Start the emulator with `npm run ' +
        'emulator` and set AWS_ENDPOINT_URL to the URL it prints, or unset AWS_ENDPOINT_URL to ' +
        'reach AWS.'
    })
    // The retries' own log lines say how long it waited: all of 30 s, no more.
    const waits = visibleLines(result)
      .map((l) =>
        /^DescribeClusters: network error \(ECONNREFUSED\); retry \d+ in ([\d.]+) s$/.exec(l)
      )
      .filter((m) => m !== null)
      .map((m) => Number(m[1]))
    expect(waits.length).toBeGreaterThan(2)
    const waited = waits.reduce((a, b) => a + b, 0)
    expect(waited).toBeGreaterThan(25)
    expect(waited).toBeLessThanOrEqual(30.1)
  })
})

describe('credentials', () => {
  it('off a GitHub runner, the advice is the shell or the .env of a local run', async () => {
    const result = await runAction({
      endpoint: emu.url,
      env: { GITHUB_ACTIONS: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      inputs: { 'task-definition': 'job' }
    })
    expect(result.code).toBe(1)
    const error = errorOf(result)
    expect(error?.title).toBe('Task not started')
    expect(error?.message).toContain('No AWS credentials were found for region us-east-1')
    expect(error?.message).toContain('set them in the .env of `npm run local-action`')
    expect(error?.message).not.toContain('id-token')
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })

  it('AWS_PROFILE naming a profile no shared file holds: the profile is named', async () => {
    const result = await runAction({
      endpoint: emu.url,
      env: { AWS_PROFILE: 'shop-staging', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      inputs: { 'task-definition': 'job' }
    })
    expect(result.code).toBe(1)
    expect(errorOf(result)?.message).toContain(
      'AWS_PROFILE names profile "shop-staging", which neither ~/.aws/config nor ~/.aws/credentials'
    )
  })
})

describe('inputs the step can judge alone', () => {
  it('a cluster ARN of another region: Invalid input naming both regions, no call', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'job',
        cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/production'
      }
    })
    expect(errorOf(result)?.title).toBe('Invalid input')
    expect(errorOf(result)?.message).toContain(
      'is a cluster in region eu-west-1, but the step runs in us-east-1'
    )
    expect(emu.calls).toHaveLength(0)
  })

  it('overrides given as an array: the shape expected', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', overrides: '[{"name": "app", "command": ["true"]}]' }
    })
    expect(errorOf(result)?.message).toBe(
      'Input "overrides": overrides must be an object such as {"containerOverrides": ' +
        '[{"name": "app", "command": ["bin/migrate"]}]}, got an array.'
    )
    expect(emu.calls).toHaveLength(0)
  })
})

describe('a task returned by the idempotency token', () => {
  it('is said to be already started by this step, not "Started task", when it is older', async () => {
    const origin = Date.UTC(2026, 0, 15, 9)
    const run = (at: number) =>
      runAction({
        endpoint: emu.url,
        env: { ...virtualClock(emu, at), GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' },
        inputs: { 'task-definition': 'job', command: 'sh -c "echo hi"' }
      })
    const first = await run(origin)
    expect(first.code, first.stdout).toBe(0)
    const taskId = first.outputs['task-id'] ?? ''
    expect(visibleLines(first)).toContainEqual(expect.stringMatching(`^Started task ${taskId}: `))
    // The step run again ten minutes later: same run id and attempt, the same client token.
    const again = await run(origin + 10 * 60_000)
    expect(again.code, again.stdout).toBe(0)
    expect(again.outputs['task-id']).toBe(taskId)
    const lines = visibleLines(again)
    expect(lines.some((l) => l.startsWith('Started task'))).toBe(false)
    expect(lines).toContainEqual(
      expect.stringMatching(
        `^Task ${taskId} was already started by this step \\(ECS returned it for the same client token, gha-4242-1-`
      )
    )
    expect(emu.tasks()).toHaveLength(1)
  })
})

describe('a short task, whatever the polls saw', () => {
  it('reads in order: RUNNING, its lines, its exit, STOPPED; Took agrees with STOPPED', async () => {
    emu.script('job', {
      containers: {
        app: {
          runMs: 300,
          logs: [
            { atMs: 10, message: 'one' },
            { atMs: 250, message: 'two', ingestDelayMs: 2000 }
          ]
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'job' }
    })
    expect(result.code, result.stdout).toBe(0)
    const lines = visibleLines(result)
    const at = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l))
    const running = at(/^The task is RUNNING/)
    const stopped = at(/^The task is STOPPED/)
    expect(running).toBeGreaterThan(-1)
    expect(running).toBeLessThan(lines.indexOf('one'))
    expect(lines.indexOf('one')).toBeLessThan(lines.indexOf('two'))
    expect(at(/^Container app exited with code 0$/)).toBeGreaterThan(lines.indexOf('two'))
    expect(stopped).toBeGreaterThan(at(/^Container app exited/))
    expect(lines.filter((l) => l.startsWith('The task is RUNNING'))).toHaveLength(1)
    const offset = /\(\+(\d+ s)\)/.exec(lines[stopped] ?? '')?.[1]
    expect(result.summary).toContain(`**Took:** ${offset}`)
  })
})
