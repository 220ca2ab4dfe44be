import type { Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { summaryMarkdown, type SummaryContext } from '../../../src/report/summary.js'

const ARN_A = 'arn:aws:ecs:us-east-1:123456789012:task/prod/aaaa'
const ARN_B = 'arn:aws:ecs:us-east-1:123456789012:task/prod/bbbb'
const ECS_A =
  'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/aaaa/configuration?region=us-east-1'
const ECS_B =
  'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/bbbb/configuration?region=us-east-1'
const LOGS = (arn: string, c: string): string => `https://logs.example/${arn.slice(-4)}/${c}`

function context(extra: Partial<SummaryContext> = {}): SummaryContext {
  return {
    region: 'us-east-1',
    cluster: 'prod',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:7',
    logUrl: (arn, container) => (container === 'app' ? LOGS(arn, container) : undefined),
    verdict: { ok: true, problems: [] },
    ...extra
  }
}

const t0 = new Date('2025-01-01T00:00:00Z')
const at = (s: number): Date => new Date(t0.getTime() + s * 1000)

describe('summaryMarkdown', () => {
  it('adds an Attempt column only when a task was started again', () => {
    const tasks: Task[] = [
      {
        taskArn: ARN_A,
        lastStatus: 'STOPPED',
        createdAt: t0,
        stoppedAt: at(40),
        stoppedReason: 'CannotPullContainerError: toomanyrequests',
        containers: [{ name: 'app', lastStatus: 'STOPPED' }]
      },
      {
        taskArn: ARN_B,
        lastStatus: 'STOPPED',
        startedAt: at(50),
        stoppedAt: at(60),
        stoppedReason: 'Essential container in task exited',
        containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }]
      }
    ]
    const once = [{ taskArn: ARN_A, number: 1 }]
    expect(summaryMarkdown(tasks.slice(0, 1), context({ attempts: once }))).toContain(
      '| Task | Container | Status |'
    )
    const twice = [...once, { taskArn: ARN_B, number: 2 }]
    const lines = summaryMarkdown(tasks, context({ attempts: twice })).split('\n')
    expect(lines.slice(4, 8)).toEqual([
      '| Task | Attempt | Container | Status | Exit code | Duration | Stopped reason | Links |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      `| \`aaaa\` | 1 | app | STOPPED | – | 40 s | CannotPullContainerError: toomanyrequests | [ECS](${ECS_A}) · [logs](${LOGS(ARN_A, 'app')}) |`,
      `| \`bbbb\` | 2 | app | STOPPED | 0 | 10 s | Essential container in task exited | [ECS](${ECS_B}) · [logs](${LOGS(ARN_B, 'app')}) |`
    ])
  })

  it('writes one row per task and container', () => {
    const tasks: Task[] = [
      {
        taskArn: ARN_A,
        lastStatus: 'STOPPED',
        startedAt: t0,
        stoppedAt: at(75),
        stoppedReason: 'Essential container in task exited',
        containers: [
          { name: 'app', lastStatus: 'STOPPED', exitCode: 0 },
          { name: 'sidecar', lastStatus: 'STOPPED', exitCode: 137 }
        ]
      },
      {
        taskArn: ARN_B,
        lastStatus: 'STOPPED',
        createdAt: t0,
        stoppedAt: at(9),
        stoppedReason: 'CannotPullContainerError: a | b',
        containers: [{ name: 'app', lastStatus: 'STOPPED' }]
      }
    ]
    expect(summaryMarkdown(tasks, context())).toBe(
      [
        '### ✅ ECS task succeeded',
        '',
        'Task definition `arn:aws:ecs:us-east-1:123456789012:task-definition/app:7` in cluster `prod` (us-east-1)',
        '',
        '| Task | Container | Status | Exit code | Duration | Stopped reason | Links |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        `| \`aaaa\` | app | STOPPED | 0 | 1 min 15 s | Essential container in task exited | [ECS](${ECS_A}) · [logs](${LOGS(ARN_A, 'app')}) |`,
        `| \`aaaa\` | sidecar | STOPPED | 137 | 1 min 15 s | Essential container in task exited | [ECS](${ECS_A}) |`,
        `| \`bbbb\` | app | STOPPED | – | 9 s | CannotPullContainerError: a \\| b | [ECS](${ECS_B}) · [logs](${LOGS(ARN_B, 'app')}) |`,
        ''
      ].join('\n')
    )
  })

  it('keeps every row at the header column count, whatever the stopped reason contains', () => {
    const tasks: Task[] = [
      {
        taskArn: ARN_A,
        lastStatus: 'STOPPED',
        stoppedReason: 'a|b||c\nnext line <script>&',
        containers: [{ name: 'app', exitCode: 1 }]
      }
    ]
    const md = summaryMarkdown(tasks, context())
    const rows = md.split('\n').filter((l) => l.startsWith('| '))
    const columns = (row: string): number => row.replace(/\\\|/g, '').split('|').length
    for (const row of rows) expect(columns(row)).toBe(columns(rows[0] ?? ''))
    expect(md).toContain('a\\|b\\|\\|c next line &lt;script&gt;&amp;')
    expect(md).not.toContain('<script>')
  })

  it('lists the problems of a failed verdict', () => {
    const tasks: Task[] = [
      { taskArn: ARN_A, lastStatus: 'STOPPED', containers: [{ name: 'app', exitCode: 2 }] }
    ]
    const md = summaryMarkdown(
      tasks,
      context({
        verdict: { ok: false, problems: ['Task aaaa: container app exited with code 2.'] }
      })
    )
    expect(md.split('\n')[0]).toBe('### ❌ ECS task failed')
    expect(md.endsWith('\n- Task aaaa: container app exited with code 2.\n')).toBe(true)
  })

  it('writes a row for a task without containers and a dash for the exit code', () => {
    const tasks: Task[] = [{ taskArn: ARN_A, lastStatus: 'STOPPED' }]
    expect(summaryMarkdown(tasks, context())).toContain(
      `| \`aaaa\` |  | STOPPED | – |  |  | [ECS](${ECS_A}) |`
    )
  })

  it('links the ECS console by cluster name when the cluster is an ARN', () => {
    const tasks: Task[] = [
      { taskArn: ARN_A, lastStatus: 'STOPPED', containers: [{ name: 'x', exitCode: 0 }] }
    ]
    const md = summaryMarkdown(
      tasks,
      context({ cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' })
    )
    expect(md).toContain(`[ECS](${ECS_A})`)
  })
})
