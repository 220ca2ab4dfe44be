import { describe, expect, it } from 'vitest'
import {
  MAX_TASK_OUTPUT_BYTES,
  TaskOutputCollector,
  parseTaskOutputLine,
  taskOutputsLogProblem
} from '../../../src/logs/task-output-collector.js'
import type { LogTarget } from '../../../src/logs/targets.js'

const arnOf = (task: string) => `arn:aws:ecs:eu-west-1:123456789012:task/ci/${task}`

function target(task: string, container = 'app'): LogTarget {
  return {
    taskArn: arnOf(task),
    taskId: task,
    container,
    group: '/ecs/app',
    stream: `ecs/${container}/${task}`,
    region: 'eu-west-1',
    label: `${task}/${container}`
  }
}

const collector = (names = ['rows', 'url']) =>
  new TaskOutputCollector(names, { taskArn: arnOf('t1'), container: 'app' })

describe('parseTaskOutputLine', () => {
  it.each([
    ['ECS_RUN_TASK_OUTPUT rows=42', { kind: 'set', name: 'rows', value: '42' }],
    ['ECS_RUN_TASK_OUTPUT rows=42\n', { kind: 'set', name: 'rows', value: '42' }],
    ['ECS_RUN_TASK_OUTPUT rows=42\r\n', { kind: 'set', name: 'rows', value: '42' }],
    ['ECS_RUN_TASK_OUTPUT rows=42\r', { kind: 'set', name: 'rows', value: '42' }],
    ['ECS_RUN_TASK_OUTPUT rows=', { kind: 'set', name: 'rows', value: '' }],
    [
      'ECS_RUN_TASK_OUTPUT url=https://x/?a=1&b=2',
      { kind: 'set', name: 'url', value: 'https://x/?a=1&b=2' }
    ],
    ['ECS_RUN_TASK_OUTPUT note= spaced  ', { kind: 'set', name: 'note', value: ' spaced  ' }],
    ['ECS_RUN_TASK_OUTPUT rows=1\n2', { kind: 'multi-line', name: 'rows' }],
    ['ECS_RUN_TASK_OUTPUT rows=1\r\n2\n', { kind: 'multi-line', name: 'rows' }],
    ['ECS_RUN_TASK_OUTPUT rows=1\n\n', { kind: 'multi-line', name: 'rows' }],
    ['ECS_RUN_TASK_OUTPUT rows', { kind: 'malformed' }],
    ['ECS_RUN_TASK_OUTPUT =42', { kind: 'malformed' }],
    ['ECS_RUN_TASK_OUTPUT ro\nws=42', { kind: 'malformed' }]
  ])('%j', (message, expected) => {
    expect(parseTaskOutputLine(message)).toEqual(expected)
  })

  it.each([
    'rows=42',
    ' ECS_RUN_TASK_OUTPUT rows=42',
    '+ echo ECS_RUN_TASK_OUTPUT rows=42',
    'ECS_RUN_TASK_OUTPUTrows=42',
    'ECS_RUN_TASK_OUTPUT',
    'ecs_run_task_output rows=42',
    'first line\nECS_RUN_TASK_OUTPUT rows=42'
  ])('%j is not a task output line', (message) => {
    expect(parseTaskOutputLine(message)).toBeUndefined()
  })
})

describe('TaskOutputCollector', () => {
  it('sets listed names, last write wins, values are strings, {} when none', () => {
    const c = collector()
    expect(c.json()).toBe('{}')
    expect(
      c.read(target('t1'), [
        'Migrating…',
        'ECS_RUN_TASK_OUTPUT rows=1',
        'ECS_RUN_TASK_OUTPUT url=https://reports/1',
        'ECS_RUN_TASK_OUTPUT rows=42'
      ])
    ).toEqual([])
    // In the order task-outputs lists them, whatever order the task set them in.
    expect(c.json()).toBe('{"rows":"42","url":"https://reports/1"}')
  })

  it('keeps the last write across pages', () => {
    const c = collector()
    c.read(target('t1'), ['ECS_RUN_TASK_OUTPUT rows=1'])
    c.read(target('t1'), ['ECS_RUN_TASK_OUTPUT rows=2'])
    expect(c.outputs()).toEqual({ rows: '2' })
  })

  it('warns once per unlisted name, naming it, and ignores it', () => {
    const c = collector()
    const warnings = c.read(target('t1'), [
      'ECS_RUN_TASK_OUTPUT secret=1',
      'ECS_RUN_TASK_OUTPUT secret=2',
      'ECS_RUN_TASK_OUTPUT other=3'
    ])
    expect(warnings).toEqual([
      {
        title: 'Task output ignored',
        message:
          'The task set output "secret", which "task-outputs" does not list; it is ignored. ' +
          'Add it to "task-outputs" to accept it.'
      },
      expect.objectContaining({ message: expect.stringContaining('"other"') })
    ])
    expect(c.read(target('t1'), ['ECS_RUN_TASK_OUTPUT secret=4'])).toEqual([])
    expect(c.json()).toBe('{}')
  })

  it('warns about at most 10 unlisted names, then once for the rest', () => {
    const c = collector()
    const lines = Array.from({ length: 30 }, (_, i) => `ECS_RUN_TASK_OUTPUT n${i}=x`)
    const warnings = c.read(target('t1'), lines)
    expect(warnings).toHaveLength(11)
    expect(warnings[10]?.message).toBe(
      'The task set more outputs that "task-outputs" does not list; they are ignored.'
    )
  })

  it('refuses a value over 1 KiB of UTF-8 with one warning, keeping the earlier value', () => {
    const c = collector()
    const fits = 'é'.repeat(MAX_TASK_OUTPUT_BYTES / 2) // 1024 bytes
    const over = `${fits}x` // 1025 bytes
    expect(c.read(target('t1'), [`ECS_RUN_TASK_OUTPUT rows=${fits}`])).toEqual([])
    expect(c.outputs()).toEqual({ rows: fits })
    const warnings = c.read(target('t1'), [
      `ECS_RUN_TASK_OUTPUT rows=${over}`,
      `ECS_RUN_TASK_OUTPUT rows=${over}`
    ])
    expect(warnings).toEqual([
      {
        title: 'Task output ignored',
        message:
          'Task output "rows" was refused: its value is 1025 bytes, over the limit of 1024 bytes ' +
          '(1 KiB of UTF-8). Its earlier value stays.'
      }
    ])
    expect(c.outputs()).toEqual({ rows: fits })
  })

  it('refuses a value of several lines', () => {
    const c = collector()
    const warnings = c.read(target('t1'), ['ECS_RUN_TASK_OUTPUT url=a\nb'])
    expect(warnings.map((w) => w.message)).toEqual([
      'Task output "url" was refused: its value is not a single line.'
    ])
    expect(c.json()).toBe('{}')
  })

  it('warns once about malformed lines', () => {
    const c = collector()
    const warnings = c.read(target('t1'), ['ECS_RUN_TASK_OUTPUT rows', 'ECS_RUN_TASK_OUTPUT =1'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.message).toContain('"ECS_RUN_TASK_OUTPUT name=value"')
  })

  it("follows the task started again in the first task's place, forgetting the earlier attempt", () => {
    const c = collector()
    c.read(target('t1'), ['ECS_RUN_TASK_OUTPUT rows=1', 'ECS_RUN_TASK_OUTPUT url=https://a'])
    c.follow(arnOf('t2'))
    expect(c.outputs()).toEqual({})
    c.read(target('t1'), ['ECS_RUN_TASK_OUTPUT rows=late'])
    c.read(target('t2'), ['ECS_RUN_TASK_OUTPUT rows=2'])
    expect(c.outputs()).toEqual({ rows: '2' })
  })

  it('reads only `container` of the first task: sidecars and other tasks set nothing', () => {
    const c = collector()
    expect(c.read(target('t1', 'sidecar'), ['ECS_RUN_TASK_OUTPUT rows=1'])).toEqual([])
    expect(
      c.read(target('t2', 'app'), ['ECS_RUN_TASK_OUTPUT rows=2', 'ECS_RUN_TASK_OUTPUT x=1'])
    ).toEqual([])
    expect(c.json()).toBe('{}')
    c.read(target('t1', 'app'), ['ECS_RUN_TASK_OUTPUT rows=3'])
    expect(c.json()).toBe('{"rows":"3"}')
  })

  it('keeps values that look like workflow commands as plain JSON strings', () => {
    const c = new TaskOutputCollector(['x', '__proto__'], {
      taskArn: arnOf('t1'),
      container: 'app'
    })
    c.read(target('t1'), [
      'ECS_RUN_TASK_OUTPUT x=::error::boom%0A::set-output name=y::z',
      'ECS_RUN_TASK_OUTPUT __proto__={"polluted":true}'
    ])
    expect(JSON.parse(c.json())).toEqual(
      JSON.parse(
        '{"x":"::error::boom%0A::set-output name=y::z","__proto__":"{\\"polluted\\":true}"}'
      )
    )
    expect(Object.keys(c.outputs())).toEqual(['x', '__proto__'])
  })
})

describe('taskOutputsLogProblem', () => {
  const awslogs = (options: Record<string, string>) => ({
    logDriver: 'awslogs' as const,
    options
  })
  const full = awslogs({ 'awslogs-group': '/ecs/app', 'awslogs-stream-prefix': 'ecs' })

  it('accepts a container whose awslogs stream is known', () => {
    expect(
      taskOutputsLogProblem(
        [{ name: 'app', logConfiguration: full }],
        'app',
        'us-east-1',
        undefined
      )
    ).toBeUndefined()
  })

  it('refuses a container that log-containers leaves out', () => {
    expect(
      taskOutputsLogProblem(
        [
          { name: 'app', logConfiguration: full },
          { name: 'sidecar', logConfiguration: full }
        ],
        'app',
        'us-east-1',
        ['sidecar']
      )
    ).toBe(
      'Input "task-outputs" reads the log of container "app", which "log-containers" leaves out: ' +
        'add "app" to "log-containers".'
    )
  })

  it.each([
    [{ logDriver: 'json-file' as const }, 'app: uses the json-file log driver, not awslogs'],
    [undefined, 'app: has no log configuration'],
    [awslogs({ 'awslogs-group': '/ecs/app' }), 'app: awslogs without awslogs-stream-prefix']
  ])('refuses a container whose log cannot be streamed (%j)', (logConfiguration, why) => {
    const problem = taskOutputsLogProblem(
      [{ name: 'app', ...(logConfiguration ? { logConfiguration } : {}) }],
      'app',
      'us-east-1',
      undefined
    )
    expect(problem).toContain(`but that log cannot be streamed (${why}`)
    expect(problem).toContain('or remove "task-outputs"')
  })
})
