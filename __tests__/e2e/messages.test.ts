/**
 * Messages that must read right, through dist/: a reason said once, a heading that tells two
 * early failures apart, code in the summary rendered as code, singular and plural, and every
 * setting a service lends named.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { annotations, visibleLines } from '../support/runner.js'
import { runAction, startAction, useEmulator } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('job'))
})

const occurrences = (text: string, part: string): number => text.split(part).length - 1
const heading = (summary: string): string => summary.split('\n')[0] ?? ''

describe('a pull error', () => {
  const REASON =
    'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to ' +
    'resolve ref registry.example/app:1: registry.example/app:1: not found'

  it('is quoted once in the annotation, the summary line, the table and the step log', async () => {
    emu.script('job', { failToStart: { stoppedReason: REASON } })
    const result = await runAction({ endpoint: emu.url, inputs: { 'task-definition': 'job' } })
    expect(result.code).toBe(1)
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(occurrences(errors[0]!.message, REASON)).toBe(1)
    const bullets = result.summary.split('\n').filter((l) => l.startsWith('- '))
    expect(bullets.map((b) => occurrences(b, REASON))).toEqual([1])
    const rows = result.summary.split('\n').filter((l) => l.startsWith('| `'))
    expect(rows.map((r) => occurrences(r, REASON))).toEqual([1])
    // The step log: the task's STOPPED line says it, and the annotation.
    expect(occurrences(visibleLines(result).join('\n'), REASON)).toBe(1)
    expect(occurrences(result.stdout, REASON)).toBe(2)
  })
})

describe('an early failure', () => {
  it("names the use in the summary's heading, so two uses in one job differ", async () => {
    const first = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', count: '11' }
    })
    const second = await runAction({
      endpoint: emu.url,
      inputs: { service: 'web', cluster: 'production', count: '11' }
    })
    expect(heading(first.summary)).toBe('### ❌ Invalid input: job')
    expect(heading(second.summary)).toBe('### ❌ Invalid input: service web · cluster production')
  })
})

describe('the summary', () => {
  it('renders code in messages as code, not as literal backticks', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job' },
      env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }
    })
    expect(result.code).toBe(1)
    expect(result.summary).toContain('give the job `permissions: id-token: write` so it can')
    expect(result.summary).not.toContain('\\`')
  })
})

describe('one task or several', () => {
  it('one task kept running on cancel: "keeps running; stop it"', async () => {
    const action = startAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'job',
        command: 'sh -c "echo working; sleep infinity"',
        'stop-on-cancel': 'false'
      }
    })
    await action.waitFor(/^working$/m)
    action.child.kill('SIGINT')
    const result = await action.done
    const id = result.outputs['task-id']
    expect(result.stdout).toContain(
      `::warning::stop-on-cancel is false: ${id} keeps running; stop it in the ECS console if it should not.`
    )
  })

  it('two tasks: "ECS tasks succeeded", and "the tasks" when not waited for', async () => {
    const done = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', count: '2', command: 'echo hi' }
    })
    expect(done.code, done.stdout).toBe(0)
    expect(heading(done.summary)).toBe('### ✅ ECS tasks succeeded: job · app · `echo hi`')
    const started = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', count: '2', wait: 'false' }
    })
    expect(started.summary).toContain(
      '`wait` is false: the step did not wait for the tasks to stop; their exit codes and logs are in the ECS console.'
    )
  })
})

describe('a service the task runs like', () => {
  it('names the public IP setting it copies', async () => {
    emu.addService({
      serviceName: 'web',
      taskDefinition: 'job',
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-1'],
          securityGroups: ['sg-1'],
          assignPublicIp: 'ENABLED'
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { service: 'web', 'dry-run': 'true' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).toMatch(
      /^Service web runs with .*network \(subnets subnet-1; security groups sg-1; public IP ENABLED\)\.$/m
    )
    const given = await runAction({
      endpoint: emu.url,
      inputs: { service: 'web', 'assign-public-ip': 'DISABLED', 'dry-run': 'true' }
    })
    expect(given.stdout).toMatch(
      /^Service web runs with .*network \(subnets subnet-1; security groups sg-1; public IP ENABLED, "assign-public-ip" given instead\)\.$/m
    )
  })
})
