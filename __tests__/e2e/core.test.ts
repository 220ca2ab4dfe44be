/**
 * The bundled action end to end: dist/index.js started as the runner starts it, talking
 * real HTTP to the emulator. Each case asserts the exit status, outputs, summary and the
 * log lines a reader of the step would see.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { useEmulator, runAction } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'
import { visibleLines } from '../support/runner.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})

const ARN = /^arn:aws:ecs:us-east-1:123456789012:task\/default\/[0-9a-f]{32}$/

describe('a task that logs and exits', () => {
  it('succeeds, prints every line once and in order, and sets every output', async () => {
    emu.registerTaskDefinition(appDefinition('migrate'))
    emu.script('migrate', {
      containers: { app: { exitCode: 0, runMs: 700, logs: numbered('migrate', 12) } }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'migrate',
        command: 'bin/rails db:migrate',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(emu.callsOf('RunTask')).toHaveLength(1)

    const logLines = visibleLines(result).filter((l) => l.includes('migrate line'))
    expect(logLines).toEqual(Array.from({ length: 12 }, (_, i) => `migrate line ${i + 1}`))

    const [task] = emu.tasks()
    expect(result.outputs['task-arn']).toMatch(ARN)
    expect(result.outputs['task-arn']).toBe(task?.taskArn)
    expect(JSON.parse(result.outputs['task-arns'] ?? '')).toEqual([task?.taskArn])
    expect(result.outputs['task-id']).toBe(task?.taskArn?.split('/').pop())
    expect(result.outputs['task-definition-arn']).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/migrate:1'
    )
    expect(result.outputs['exit-code']).toBe('0')
    expect(result.outputs['stopped-reason']).toBe('Essential container in task exited')
    expect(result.outputs['log-url']).toContain(
      'log-group/$252Fecs$252Fapp/log-events/ecs$252Fapp$252F'
    )

    const request = emu.callsOf('RunTask')[0]?.input
    expect(request.overrides.containerOverrides).toEqual([
      { name: 'app', command: ['bin/rails', 'db:migrate'] }
    ])
    expect(request.clientToken).toMatch(/^[\x21-\x7e]{1,64}$/)
    expect(request.startedBy).toMatch(/^[A-Za-z0-9_/-]{1,128}$/)

    expect(result.summary).toContain('| Task | Container | Exit code |')
    expect(result.summary).toMatch(/\| `[0-9a-f]{32}` \| app \| 0 \|/)
    // Ids, not ARNs: the state of 1,000 shards and their attempts must fit the runner's limits.
    expect(result.state['task-ids-0']).toBe(task?.taskArn.split('/').pop())
    expect(result.state['settled']).toBe('true')
  })

  it('fails with the exit code of a container that exits nonzero', async () => {
    emu.registerTaskDefinition(appDefinition('failing'))
    emu.script('failing', {
      containers: {
        app: { exitCode: 3, runMs: 300, logs: [{ atMs: 50, message: 'boom: relation missing' }] }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'failing', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.outputs['exit-code']).toBe('3')
    expect(visibleLines(result)).toContain('boom: relation missing')
    expect(result.stdout).toMatch(
      /::error title=ECS task failed::Task [0-9a-f]{32}: container app exited with code 3/
    )
    expect(result.summary).toContain('❌')
  })

  it('fails naming every placement failure, and starts nothing', async () => {
    emu.registerTaskDefinition(appDefinition('big'))
    emu.script('big', {
      placementFailures: [
        {
          arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/default/abc',
          reason: 'RESOURCE:MEMORY'
        },
        { reason: 'AGENT', detail: 'agent disconnected' }
      ]
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'big', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('container-instance/default/abc: RESOURCE:MEMORY')
    expect(result.stdout).toContain('AGENT (agent disconnected)')
    expect(emu.tasks()).toHaveLength(0)
    expect(result.outputs['task-arn']).toBeUndefined()
    expect(result.summary).toMatch(
      /^### ❌ Task not started: big · app\n\n- ECS could not place the task: .*RESOURCE:MEMORY/
    )
  })

  it('fails quoting the stopped reason of a container that never started', async () => {
    emu.registerTaskDefinition(appDefinition('nopull'))
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found'
    emu.script('nopull', { failToStart: { stoppedReason: reason } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'nopull', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`never ran or was killed before it exited (${reason}`)
    expect(result.outputs['exit-code']).toBe('')
    expect(result.outputs['stopped-reason']).toBe(reason)
  })

  it('prints lines that CloudWatch ingests seconds after the task stopped', async () => {
    emu.registerTaskDefinition(appDefinition('late'))
    emu.script('late', {
      stoppingMs: 300,
      containers: {
        app: {
          runMs: 400,
          logs: [
            { atMs: 50, message: 'early line' },
            { atMs: 350, message: 'last words', ingestDelayMs: 3000 }
          ]
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'late', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(0)
    const lines = visibleLines(result)
    expect(lines.filter((l) => l === 'early line')).toHaveLength(1)
    expect(lines.filter((l) => l === 'last words')).toHaveLength(1)
    // Ingested after the task stopped, yet printed where it happened: before the container's
    // exit and the task's STOPPED, which wait for the stream to end.
    const exited = lines.indexOf('Container app exited with code 0')
    expect(lines.indexOf('last words')).toBeGreaterThan(lines.indexOf('early line'))
    expect(exited).toBeGreaterThan(lines.indexOf('last words'))
    expect(lines.findIndex((l) => l.startsWith('The task is STOPPED'))).toBeGreaterThan(exited)
    // One task is no job of shards: no "Shards: …" line.
    expect(lines.filter((l) => l.startsWith('Shards:'))).toEqual([])
  })

  it('streams two containers with prefixes and judges only essential ones', async () => {
    emu.registerTaskDefinition(
      appDefinition('pair', [{ name: 'app' }, { name: 'sidecar', essential: false }])
    )
    emu.script('pair', {
      containers: {
        app: { exitCode: 0, runMs: 600, logs: numbered('app', 3) },
        sidecar: { exitCode: 2, runMs: 300, logs: numbered('side', 2) }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'pair', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    const id = result.outputs['task-id']
    const lines = visibleLines(result)
    expect(lines.filter((l) => l.startsWith(`${id}/app | `))).toEqual([
      `${id}/app | app line 1`,
      `${id}/app | app line 2`,
      `${id}/app | app line 3`
    ])
    expect(lines.filter((l) => l.startsWith(`${id}/sidecar | `))).toEqual([
      `${id}/sidecar | side line 1`,
      `${id}/sidecar | side line 2`
    ])
  })

  it('starts three tasks in one RunTask and waits for all of them', async () => {
    emu.registerTaskDefinition(appDefinition('fanout'))
    emu.script('fanout', { containers: { app: { runMs: 500, logs: numbered('job', 4) } } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'fanout', count: '3', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
    const arns = JSON.parse(result.outputs['task-arns'] ?? '[]') as string[]
    expect(arns).toHaveLength(3)
    expect(arns.sort()).toEqual(
      emu
        .tasks()
        .map((t) => t.taskArn)
        .sort()
    )
    const lines = visibleLines(result)
    for (const arn of arns) {
      const id = arn.split('/').pop()
      expect(lines.filter((l) => l.startsWith(`${id}/app | job line`))).toHaveLength(4)
    }
    const rows = result.summary.split('\n').filter((l) => /^\| `[0-9a-f]{32}`/.test(l))
    expect(rows).toHaveLength(3)
  })

  it('never echoes environment override values, and does not mask them either', async () => {
    emu.registerTaskDefinition(appDefinition('secret'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'secret',
        environment: 'DB_PASSWORD=hunter2=x\nMODE=fast',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code).toBe(0)
    const env = emu.callsOf('RunTask')[0]?.input.overrides.containerOverrides[0].environment
    expect(env).toEqual([
      { name: 'DB_PASSWORD', value: 'hunter2=x' },
      { name: 'MODE', value: 'fast' }
    ])
    // The runner masks values from the secrets context; masking plain values would turn
    // every "fast" in the rest of the job's log into ***.
    expect(result.stdout).not.toContain('::add-mask::')
    expect(result.stdout).not.toContain('hunter2')
  })

  it('does not let a log line issue workflow commands', async () => {
    emu.registerTaskDefinition(appDefinition('inject'))
    emu.script('inject', {
      containers: {
        app: {
          logs: [
            { atMs: 50, message: '::error::pwned' },
            { atMs: 60, message: 'ok' }
          ]
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'inject', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(0)
    expect(visibleLines(result)).toContain('::error::pwned')
  })
})
