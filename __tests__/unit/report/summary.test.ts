import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Task } from '@aws-sdk/client-ecs'
import { describe, expect, it, vi } from 'vitest'
import { StepSummary } from '../../../src/report/summary.js'
import { summaryMarkdown, type SummaryInput } from '../../../src/report/summary-markdown.js'

const ARN_A = 'arn:aws:ecs:us-east-1:123456789012:task/prod/aaaa'
const ARN_B = 'arn:aws:ecs:us-east-1:123456789012:task/prod/bbbb'
const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:7'
const ECS_A =
  'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/aaaa/configuration?region=us-east-1'
const ECS_B =
  'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/bbbb/configuration?region=us-east-1'
const TD_URL =
  'https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/app/7/containers?region=us-east-1'
const LOGS = (arn: string, c: string): string => `https://logs.example/${arn.slice(-4)}/${c}`

function input(extra: Partial<SummaryInput> = {}): SummaryInput {
  return {
    status: 'succeeded',
    title: 'ECS task succeeded',
    facts: {
      family: 'app',
      taskDefinition: 'app:7',
      taskDefinitionArn: TD_ARN,
      container: 'app',
      cluster: 'prod',
      region: 'us-east-1'
    },
    rows: [],
    failures: [],
    lastLines: () => [],
    logUrl: (arn, container) => (container === 'app' ? LOGS(arn, container) : undefined),
    ...extra
  }
}

const t0 = new Date('2025-01-01T00:00:00Z')
const at = (s: number): Date => new Date(t0.getTime() + s * 1000)

describe('summaryMarkdown', () => {
  it('writes the heading, what ran, and one row per task and container', () => {
    const tasks: Task[] = [
      {
        taskArn: ARN_A,
        lastStatus: 'STOPPED',
        createdAt: t0,
        startedAt: t0,
        stoppedAt: at(75),
        stoppedReason: 'Essential container in task exited',
        containers: [
          { name: 'app', lastStatus: 'STOPPED', exitCode: 0 },
          { name: 'sidecar', lastStatus: 'STOPPED', exitCode: 137, reason: 'OutOfMemoryError' }
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
    expect(summaryMarkdown(input({ rows: tasks.map((task) => ({ task })) }))).toBe(
      [
        '### ✅ ECS task succeeded: app · app',
        '',
        "**Command:** the task definition's own, in container `app`\\",
        `**Task definition:** [\`app:7\`](${TD_URL}) in cluster \`prod\` (us-east-1)\\`,
        '**Took:** 1 min 15 s',
        '',
        '| Task | Container | Exit code | Duration | Stopped reason | Links |',
        '| --- | --- | --- | --- | --- | --- |',
        `| \`aaaa\` | app | 0 | 1 min 15 s | Essential container in task exited | [ECS](${ECS_A}) · [logs](${LOGS(ARN_A, 'app')}) |`,
        `| \`aaaa\` | sidecar | 137 | 1 min 15 s | Essential container in task exited — OutOfMemoryError | [ECS](${ECS_A}) |`,
        `| \`bbbb\` | app | – | 9 s | CannotPullContainerError: a \\| b | [ECS](${ECS_B}) · [logs](${LOGS(ARN_B, 'app')}) |`,
        ''
      ].join('\n')
    )
  })

  it('gives two uses of the action in one job different headings', () => {
    const heading = (family: string, command: string[]): string =>
      summaryMarkdown(input({ facts: { ...input().facts!, family, command } })).split('\n')[0] ?? ''
    const migrate = heading('shop', ['bin/rails', 'db:migrate'])
    const seed = heading('shop', ['bin/rails', 'db:seed'])
    const report = heading('reports', ['bin/rails', 'db:migrate'])
    expect(migrate).toBe('### ✅ ECS task succeeded: shop · app · `bin/rails db:migrate`')
    expect(new Set([migrate, seed, report]).size).toBe(3)
  })

  it('quotes a command as a shell would need it, cut at a space in the heading', () => {
    const command = ['sh', '-c', "echo 'it''s' && " + 'x '.repeat(40) + 'done']
    const md = summaryMarkdown(input({ facts: { ...input().facts!, command } }))
    const [heading] = md.split('\n')
    expect(heading).toMatch(/^### ✅ ECS task succeeded: app · app · `sh -c 'echo .* …`$/)
    expect(md).toContain(`**Command:** \`sh -c 'echo '\\''it'\\'''\\''s'\\'' && x x`)
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
    const md = summaryMarkdown(input({ rows: tasks.map((task) => ({ task })) }))
    const rows = md.split('\n').filter((l) => l.startsWith('| '))
    const columns = (row: string): number => row.replace(/\\\|/g, '').split('|').length
    for (const row of rows) expect(columns(row)).toBe(columns(rows[0] ?? ''))
    expect(md).toContain('a\\|b\\|\\|c next line &lt;script&gt;&amp;')
    expect(md).not.toContain('<script>')
  })

  it('lists the problems of a failed run, escaped, before what ran', () => {
    const tasks: Task[] = [
      { taskArn: ARN_A, lastStatus: 'STOPPED', containers: [{ name: 'app', exitCode: 2 }] }
    ]
    const md = summaryMarkdown(
      input({
        status: 'failed',
        title: 'ECS task failed',
        rows: tasks.map((task) => ({ task })),
        failures: [
          {
            taskArn: ARN_A,
            container: 'app',
            headline: 'Task aaaa: container app exited with code 2 (<b>*boom*</b>).'
          }
        ]
      })
    )
    expect(md.split('\n').slice(0, 4)).toEqual([
      '### ❌ ECS task failed: app · app',
      '',
      '- Task aaaa: container app exited with code 2 (&lt;b&gt;\\*boom\\*&lt;/b&gt;).',
      ''
    ])
    expect(md).toContain('| `aaaa` | app | ❌ **2** |')
  })

  it('writes a row for a task without containers and a dash for the exit code', () => {
    const md = summaryMarkdown(
      input({ rows: [{ task: { taskArn: ARN_A, lastStatus: 'STOPPED' } }] })
    )
    expect(md).toContain(`| \`aaaa\` |  | – |  |  | [ECS](${ECS_A}) |`)
  })

  it('links the ECS console by cluster name when the cluster is an ARN', () => {
    const md = summaryMarkdown(
      input({
        facts: { ...input().facts!, cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' },
        rows: [
          {
            task: {
              taskArn: ARN_A,
              lastStatus: 'STOPPED',
              containers: [{ name: 'x', exitCode: 0 }]
            }
          }
        ]
      })
    )
    expect(md).toContain(`[ECS](${ECS_A})`)
  })

  it('says the trigger: event, ref, commit and actor; a pull request instead of its ref', () => {
    const push = summaryMarkdown(
      input({ context: { event: 'push', ref: 'main', sha: 'abcdef0123456', actor: 'octo_cat' } })
    )
    expect(push).toContain('**Triggered by:** `push` · `main` · commit `abcdef0` · by octo\\_cat')
    const pr = summaryMarkdown(
      input({
        context: {
          event: 'pull_request',
          ref: 'refs/pull/7/merge',
          pullRequest: { number: 7, url: 'https://github.com/a/b/pull/7' }
        }
      })
    )
    expect(pr).toContain('**Triggered by:** `pull_request` · [#7](https://github.com/a/b/pull/7)')
    expect(pr).not.toContain('refs/pull')
  })
})

describe('StepSummary', () => {
  function summaryFile(): { env: NodeJS.ProcessEnv; read(): string } {
    const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md')
    writeFileSync(file, '')
    return { env: { GITHUB_STEP_SUMMARY: file }, read: () => readFileSync(file, 'utf8') }
  }
  const context = async () => ({ event: 'push', actor: 'octocat' })

  it('writes once: a failure after the result does not add a second summary', async () => {
    const file = summaryFile()
    const summary = new StepSummary(file.env, context)
    summary.ran(input().facts!)
    await summary.write({
      status: 'succeeded',
      title: 'ECS task succeeded',
      rows: [],
      failures: []
    })
    await summary.failed('ECS task failed', 'something after')
    expect(file.read()).toMatch(/^### ✅ ECS task succeeded: app · app\n/)
    expect(file.read()).toContain('**Triggered by:** `push` · by octocat')
    expect(file.read()).not.toContain('something after')
  })

  it('a failure before any task: its title, one item per line, what ran when known', async () => {
    const file = summaryFile()
    const summary = new StepSummary(file.env, context)
    await summary.failed(
      'Invalid input',
      'Input "count" must be 1 to 10.\nInput "wait" must be true.'
    )
    expect(file.read()).toBe(
      [
        '### ❌ Invalid input',
        '',
        '- Input "count" must be 1 to 10.',
        '- Input "wait" must be true.',
        '',
        '**Triggered by:** `push` · by octocat',
        ''
      ].join('\n')
    )
  })

  it('a failure after RunTask lists the started tasks and their links', async () => {
    const file = summaryFile()
    const summary = new StepSummary(file.env, context)
    summary.ran(input().facts!)
    summary.tasksStarted([ARN_A], (arn, c) => LOGS(arn, c))
    await summary.failed('Cancelled', 'The workflow was cancelled; the task was stopped.')
    expect(file.read()).toContain('### ❌ Cancelled: app · app')
    expect(file.read()).toContain(`| \`aaaa\` | [ECS](${ECS_A}) · [logs](${LOGS(ARN_A, 'app')}) |`)
  })

  it('writes nothing, and asks nothing of GitHub, without GITHUB_STEP_SUMMARY', async () => {
    const load = vi.fn(context)
    const summary = new StepSummary({}, load)
    await expect(summary.failed('Invalid input', 'x')).resolves.toBeUndefined()
    const result = {
      status: 'succeeded',
      title: 'ECS task succeeded',
      rows: [],
      failures: []
    } as const
    await expect(summary.write(result)).resolves.toBeUndefined()
    expect(load).not.toHaveBeenCalled()
  })

  it('writes once: whichever of write and failed comes first', async () => {
    const file = summaryFile()
    const summary = new StepSummary(file.env, context)
    summary.ran(input().facts!)
    await summary.failed('Cancelled', 'The workflow was cancelled; the task was stopped.')
    const first = file.read()
    await summary.failed('Timed out', 'The task did not stop within wait-timeout.')
    await summary.write({
      status: 'succeeded',
      title: 'ECS task succeeded',
      rows: [],
      failures: []
    })
    expect(file.read()).toBe(first)
    expect(first).toContain('Cancelled')
  })
})

describe('summaryMarkdown: a sidecar stopped with the task', () => {
  it("says so in its row's reason, and nowhere as a failure", () => {
    const task: Task = {
      taskArn: ARN_A,
      lastStatus: 'STOPPED',
      stoppedReason: 'Essential container in task exited',
      containers: [
        { name: 'app', lastStatus: 'STOPPED', exitCode: 0 },
        { name: 'envoy', lastStatus: 'STOPPED', exitCode: 143 }
      ]
    }
    const short = 'stopped with the task (SIGTERM) after app exited 0'
    const markdown = summaryMarkdown(
      input({
        rows: [{ task }],
        notes: [{ taskArn: ARN_A, container: 'envoy', short, text: 'a line' }]
      })
    )
    expect(markdown).toContain(
      `| \`aaaa\` | envoy | 143 |  | Essential container in task exited — ${short} | [ECS](${ECS_A}) |`
    )
    expect(markdown).toContain(
      `| \`aaaa\` | app | 0 |  | Essential container in task exited | [ECS](${ECS_A}) · [logs](${LOGS(ARN_A, 'app')}) |`
    )
    expect(markdown).not.toContain('❌')
  })
})
