/**
 * task-outputs end to end: dist/index.js against the emulator, as the runner starts it. The
 * task's ECS_RUN_TASK_OUTPUT lines become the `task-outputs` output, and stay inert text.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { useEmulator, runAction, startAction } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'
import { visibleLines } from '../support/runner.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})

/** The distinct operations the emulator saw, in first-call order. */
const operations = (): string[] => [...new Set(emu.calls.map((c) => c.op))]

const lines = (...messages: string[]) =>
  messages.map((message, i) => ({ atMs: 20 + i * 20, message }))

const WATCHED = [
  'DescribeClusters',
  'DescribeTaskDefinition',
  'RunTask',
  'DescribeTasks',
  'GetLogEvents'
]

describe('task-outputs', () => {
  it('accepts listed names (last write wins) and warns once per unlisted or oversized name', async () => {
    emu.registerTaskDefinition(appDefinition('migrate'))
    const big = 'x'.repeat(1025)
    emu.script('migrate', {
      containers: {
        app: {
          runMs: 500,
          logs: lines(
            'Migrating users…',
            'ECS_RUN_TASK_OUTPUT rows=1',
            'ECS_RUN_TASK_OUTPUT report=https://reports.example/42',
            'ECS_RUN_TASK_OUTPUT secret=a',
            'ECS_RUN_TASK_OUTPUT secret=b',
            `ECS_RUN_TASK_OUTPUT report=${big}`,
            'ECS_RUN_TASK_OUTPUT rows=42',
            'Done.'
          )
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'migrate',
        'task-outputs': 'rows\nreport\nunused',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(JSON.parse(result.outputs['task-outputs'] ?? '')).toEqual({
      rows: '42',
      report: 'https://reports.example/42'
    })

    // Every line is still printed as task output.
    const shown = visibleLines(result)
    expect(shown.filter((l) => l.startsWith('ECS_RUN_TASK_OUTPUT '))).toHaveLength(6)
    expect(shown).toContain('Done.')
    expect(shown).toContain('Task outputs set: rows, report.')

    const warnings = result.lines.filter((l) => l.startsWith('::warning'))
    expect(warnings).toEqual([
      '::warning title=Task output ignored::The task set output "secret", which "task-outputs" ' +
        'does not list; it is ignored. Add it to "task-outputs" to accept it.',
      '::warning title=Task output ignored::Task output "report" was refused: its value is 1025 ' +
        'bytes, over the limit of 1024 bytes (1 KiB of UTF-8). Its earlier value stays.'
    ])
    // Each warning comes after the line it is about.
    const at = (text: string) => result.lines.findIndex((l) => l.includes(text))
    expect(at('::warning title=Task output ignored::The task set output "secret"')).toBeGreaterThan(
      at('ECS_RUN_TASK_OUTPUT secret=a')
    )
    expect(at('"report" was refused')).toBeGreaterThan(at(`report=${big}`))

    expect(operations()).toEqual(WATCHED)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
  })

  it('ignores the lines of a sidecar, even for a listed name', async () => {
    emu.registerTaskDefinition(
      appDefinition('withsidecar', [{ name: 'app' }, { name: 'proxy', essential: false }])
    )
    emu.script('withsidecar', {
      containers: {
        app: { runMs: 500, logs: lines('ECS_RUN_TASK_OUTPUT rows=42') },
        proxy: {
          runMs: 300,
          logs: lines('ECS_RUN_TASK_OUTPUT rows=666', 'ECS_RUN_TASK_OUTPUT other=1')
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'withsidecar', 'task-outputs': 'rows', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.outputs['task-outputs']).toBe('{"rows":"42"}')
    const id = result.outputs['task-id']
    expect(visibleLines(result)).toContain(`${id}/proxy | ECS_RUN_TASK_OUTPUT rows=666`)
    // Nothing about the sidecar's lines: they are not the task's outputs at all.
    expect(result.stdout).not.toContain('::warning')
    expect(emu.callsOf('GetLogEvents').map((c) => c.input.logStreamName)).toContain(
      `ecs/proxy/${id}`
    )
  })

  it('names `container`, not the first essential one, when it is given', async () => {
    emu.registerTaskDefinition(
      appDefinition('pick', [{ name: 'app' }, { name: 'worker', essential: false }])
    )
    emu.script('pick', {
      containers: {
        app: { runMs: 500, logs: lines('ECS_RUN_TASK_OUTPUT rows=1') },
        worker: { runMs: 300, logs: lines('ECS_RUN_TASK_OUTPUT rows=2') }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'pick',
        container: 'worker',
        'task-outputs': 'rows',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.outputs['task-outputs']).toBe('{"rows":"2"}')
  })

  it('is set when the task fails (exit 1), and `{}` when the task set nothing', async () => {
    emu.registerTaskDefinition(appDefinition('broken'))
    emu.script('broken', {
      containers: {
        app: {
          exitCode: 1,
          runMs: 400,
          logs: lines('ECS_RUN_TASK_OUTPUT failed_at=users', 'ERROR: relation "users" is locked')
        }
      }
    })
    const failed = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'broken', 'task-outputs': 'failed_at', subnets: 'subnet-0e2e' }
    })
    expect(failed.code).toBe(1)
    expect(failed.outputs['exit-code']).toBe('1')
    expect(failed.outputs['task-outputs']).toBe('{"failed_at":"users"}')

    emu.registerTaskDefinition(appDefinition('quiet'))
    const quiet = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'quiet', 'task-outputs': 'rows', subnets: 'subnet-0e2e' }
    })
    expect(quiet.code, quiet.stdout).toBe(0)
    expect(quiet.outputs['task-outputs']).toBe('{}')
    expect(visibleLines(quiet)).toContain(
      "Task outputs set: none (no ECS_RUN_TASK_OUTPUT line of a listed name in app's log)."
    )
    // Without the input the output is there too, for a uniform fromJSON() in later steps.
    const plain = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'quiet', subnets: 'subnet-0e2e' }
    })
    expect(plain.outputs['task-outputs']).toBe('{}')
  })

  it('is set when wait-timeout stops the task, and when the workflow is cancelled', async () => {
    emu.registerTaskDefinition(appDefinition('slow'))
    emu.script('slow', {
      containers: {
        app: { runMs: 120_000, logs: lines('ECS_RUN_TASK_OUTPUT done=3', 'working') }
      }
    })
    const timedOut = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'slow',
        'task-outputs': 'done',
        'wait-timeout': '0.05',
        subnets: 'subnet-0e2e'
      }
    })
    expect(timedOut.code).toBe(1)
    expect(timedOut.stdout).toContain('did not stop within wait-timeout')
    expect(timedOut.outputs['task-outputs']).toBe('{"done":"3"}')

    const action = startAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'slow', 'task-outputs': 'done', subnets: 'subnet-0e2e' }
    })
    await action.waitFor(/working/)
    action.child.kill('SIGINT')
    const cancelled = await action.done
    expect(cancelled.code).toBe(1)
    expect(cancelled.stdout).toContain('::error title=Cancelled::')
    expect(cancelled.outputs['task-outputs']).toBe('{"done":"3"}')
  })

  it('never lets an output line act as a workflow command', async () => {
    emu.registerTaskDefinition(appDefinition('inject'))
    emu.script('inject', {
      containers: {
        app: {
          runMs: 400,
          logs: lines(
            '::set-output name=rows::666',
            'ECS_RUN_TASK_OUTPUT rows=::error::x',
            'ECS_RUN_TASK_OUTPUT note=%0A::add-mask::42',
            '::add-mask::42'
          )
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'inject', 'task-outputs': 'rows\nnote', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(JSON.parse(result.outputs['task-outputs'] ?? '')).toEqual({
      rows: '::error::x',
      note: '%0A::add-mask::42'
    })
    expect(result.outputs['rows']).toBeUndefined()
    // Shown as text: the runner sees them between ::stop-commands:: and its token.
    const shown = visibleLines(result)
    expect(shown).toContain('::set-output name=rows::666')
    expect(shown).toContain('ECS_RUN_TASK_OUTPUT rows=::error::x')
    expect(shown).toContain('::add-mask::42')
    // The action writes outputs to GITHUB_OUTPUT, never as a ::set-output line of its own.
    expect(result.lines.filter((l) => l.includes('::set-output'))).toEqual([
      '::set-output name=rows::666'
    ])
    expect(result.lines.filter((l) => l.startsWith('::error'))).toEqual([])
  })

  it('reads the first task only when count > 1, and says so', async () => {
    emu.registerTaskDefinition(appDefinition('sharded'))
    emu.script('sharded', {
      containers: { app: { runMs: 400, logs: lines('ECS_RUN_TASK_OUTPUT rows=7') } }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'sharded',
        count: '2',
        'task-outputs': 'rows',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    const [first] = JSON.parse(result.outputs['task-arns'] ?? '[]') as string[]
    expect(result.stdout).toContain(
      `task-outputs: only the lines of app in the first task (${first?.split('/').pop()}) set outputs.`
    )
    expect(result.outputs['task-outputs']).toBe('{"rows":"7"}')
  })

  it("fails before RunTask when `container`'s log is not streamed", async () => {
    emu.registerTaskDefinition(appDefinition('nologs', [{ name: 'app', logs: false }]))
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'nologs', 'task-outputs': 'rows', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '::error title=Invalid input::Input "task-outputs" reads the log of container "app", but ' +
        'that log cannot be streamed (app: has no log configuration'
    )
    expect(operations()).toEqual(['DescribeClusters', 'DescribeTaskDefinition'])
    // Set from the start: fromJSON() of it works in a later step even after such a failure.
    expect(result.outputs['task-outputs']).toBe('{}')

    emu.registerTaskDefinition(
      appDefinition('two', [{ name: 'app' }, { name: 'proxy', essential: false }])
    )
    const excluded = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'two',
        'task-outputs': 'rows',
        'log-containers': 'proxy',
        subnets: 'subnet-0e2e'
      }
    })
    expect(excluded.code).toBe(1)
    expect(excluded.stdout).toContain('which "log-containers" leaves out')
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })
})
