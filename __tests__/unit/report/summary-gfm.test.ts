import type { Task } from '@aws-sdk/client-ecs'
import { marked, type Token, type Tokens } from 'marked'
import { describe, expect, it } from 'vitest'
import { taskConsoleUrl } from '../../../src/report/links.js'
import { logConsoleUrl } from '../../../src/logs/targets.js'
import { summaryMarkdown, type SummaryContext } from '../../../src/report/summary.js'
import { judge } from '../../../src/report/verdict.js'

// The job summary is read on GitHub, which renders it as GitHub Flavored Markdown. These tests
// parse what summaryMarkdown writes with a GFM parser, so a stray pipe, an unescaped `<` or a
// broken link shows up as the reader would see it, not as a string comparison.

const REGION = 'eu-west-1'
const CLUSTER = 'production'
const ID_A = '0f9c2b7e4d1a4c3b8e6f5a2d9c7b1e04'
const ID_B = '7d3e1f0a9b8c4d2e8f1a6b5c4d3e2f10'
const ARN_A = `arn:aws:ecs:${REGION}:123456789012:task/${CLUSTER}/${ID_A}`
const ARN_B = `arn:aws:ecs:${REGION}:123456789012:task/${CLUSTER}/${ID_B}`
const PULL_ERROR =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): ' +
  'failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:<none> | not found'

const t0 = new Date('2026-11-28T09:00:00Z')
const at = (s: number): Date => new Date(t0.getTime() + s * 1000)

/** Two tasks of a `count: 2` run, each with the `app` container and a sidecar. */
const TASKS: Task[] = [
  {
    taskArn: ARN_A,
    lastStatus: 'STOPPED',
    createdAt: t0,
    startedAt: at(20),
    stoppedAt: at(95),
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [
      { name: 'app', lastStatus: 'STOPPED', exitCode: 1 },
      { name: 'log-router', lastStatus: 'STOPPED', exitCode: 0 }
    ]
  },
  {
    taskArn: ARN_B,
    lastStatus: 'STOPPED',
    createdAt: t0,
    stoppedAt: at(41),
    stopCode: 'TaskFailedToStart',
    stoppedReason: PULL_ERROR,
    containers: [
      { name: 'app', lastStatus: 'STOPPED' },
      { name: 'log-router', lastStatus: 'STOPPED', exitCode: 0 }
    ]
  }
]

/** Only `app` logs to CloudWatch with awslogs; the log router has no log link. */
function logUrl(taskArn: string, container: string): string | undefined {
  if (container !== 'app') return undefined
  const id = taskArn.slice(taskArn.lastIndexOf('/') + 1)
  return logConsoleUrl({ region: REGION, group: '/ecs/shop', stream: `ecs/app/${id}` })
}

function context(verdict: SummaryContext['verdict']): SummaryContext {
  return {
    region: REGION,
    cluster: CLUSTER,
    taskDefinitionArn: `arn:aws:ecs:${REGION}:123456789012:task-definition/shop-migrate:42`,
    logUrl,
    verdict
  }
}

const failed = judge(TASKS, new Set(['app']))

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'"
}

/** The text a reader sees: leaf token text concatenated, HTML entities decoded. */
function plain(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) =>
      'tokens' in t && t.tokens ? plain(t.tokens) : 'text' in t ? (t.text as string) : ''
    )
    .join('')
    .replace(/&(?:lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e] ?? e)
}

const links = (tokens: Token[]): Tokens.Link[] =>
  tokens.filter((t): t is Tokens.Link => t.type === 'link')

function parse(markdown: string): Token[] {
  return [...marked.lexer(markdown, { gfm: true })]
}

function onlyTable(tokens: Token[]): Tokens.Table {
  const tables = tokens.filter((t): t is Tokens.Table => t.type === 'table')
  expect(tables).toHaveLength(1)
  return tables[0] as Tokens.Table
}

describe('the job summary rendered as GitHub Flavored Markdown', () => {
  const markdown = summaryMarkdown(TASKS, context(failed))
  const tokens = parse(markdown)
  const table = onlyTable(tokens)
  const rows = table.rows.map((row) => row.map((cell) => plain(cell.tokens)))

  it('has exactly one table, with the seven documented headers', () => {
    expect(table.header.map((h) => plain(h.tokens))).toEqual([
      'Task',
      'Container',
      'Status',
      'Exit code',
      'Duration',
      'Stopped reason',
      'Links'
    ])
    for (const row of table.rows) expect(row).toHaveLength(table.header.length)
  })

  it('has one row per task and container, with the exit code or a dash', () => {
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      [ID_A, 'app', 'STOPPED', '1', '1 min 15 s'],
      [ID_A, 'log-router', 'STOPPED', '0', '1 min 15 s'],
      [ID_B, 'app', 'STOPPED', '–', '41 s'],
      [ID_B, 'log-router', 'STOPPED', '0', '41 s']
    ])
    // The task id is a code span, so a reader can copy it.
    expect(table.rows[0]?.[0]?.tokens.map((t) => t.type)).toEqual(['codespan'])
  })

  it('keeps the stopped reason intact: the pipe stays in its cell, `<` is text, not HTML', () => {
    expect(rows.map((r) => r[5])).toEqual([
      'Essential container in task exited',
      'Essential container in task exited',
      PULL_ERROR,
      PULL_ERROR
    ])
    const cell = table.rows[2]?.[5]
    expect(cell?.tokens.some((t) => t.type === 'html')).toBe(false)
    const html = marked.Parser.parseInline(cell?.tokens ?? [])
    expect(html).toContain('shop:&lt;none&gt; | not found')
    expect(html).not.toContain('<none>')
  })

  it('links every row to the ECS console, and app rows to the CloudWatch console', () => {
    const expected = [
      [ARN_A, true],
      [ARN_A, false],
      [ARN_B, true],
      [ARN_B, false]
    ] as const
    table.rows.forEach((row, i) => {
      const [arn, hasLogs] = expected[i] ?? []
      const found = links(row[6]?.tokens ?? [])
      expect(found.map((l) => l.text)).toEqual(hasLogs ? ['ECS', 'logs'] : ['ECS'])
      const [ecs, log] = found
      expect(ecs?.href).toBe(taskConsoleUrl(REGION, CLUSTER, arn ?? ''))
      expect(new URL(ecs?.href ?? '').host).toBe(`${REGION}.console.aws.amazon.com`)
      expect(new URL(ecs?.href ?? '').pathname).toMatch(
        new RegExp(`^/ecs/v2/clusters/${CLUSTER}/tasks/[0-9a-f]{32}/configuration$`)
      )
      if (hasLogs) {
        expect(log?.href).toBe(logUrl(arn ?? '', 'app'))
        const url = new URL(log?.href ?? '')
        expect(url.host).toBe(`${REGION}.console.aws.amazon.com`)
        expect(url.pathname).toBe('/cloudwatch/home')
        expect(url.hash).toContain('#logsV2:log-groups/log-group/$252Fecs$252Fshop/log-events/')
      }
    })
  })

  it('renders a failed run with a ❌ heading and the problems as a list', () => {
    const heading = tokens.find((t): t is Tokens.Heading => t.type === 'heading')
    expect(heading?.depth).toBe(3)
    expect(plain(heading?.tokens)).toBe('❌ ECS task failed')

    const lists = tokens.filter((t): t is Tokens.List => t.type === 'list')
    expect(lists).toHaveLength(1)
    const items = lists[0]?.items.map((item) => plain(item.tokens)) ?? []
    expect(failed.problems).toHaveLength(2)
    expect(items).toEqual(failed.problems)
    expect(items[0]).toBe(`Task ${ID_A}: container app exited with code 1.`)
    expect(items[1]).toContain(`Task ${ID_B}: container app never ran`)
    expect(items[1]).toContain(PULL_ERROR)
    // The list comes after the table, as its own block.
    expect(tokens.indexOf(lists[0] as Token)).toBeGreaterThan(tokens.indexOf(table))
  })

  it('renders a successful run with a ✅ heading, the same table and no list', () => {
    const ok = TASKS.map((task) => ({
      ...task,
      stoppedReason: 'Essential container in task exited',
      containers: task.containers?.map((c) => ({ ...c, exitCode: 0 }))
    }))
    const okTokens = parse(summaryMarkdown(ok, context(judge(ok, new Set(['app'])))))
    const heading = okTokens.find((t): t is Tokens.Heading => t.type === 'heading')
    expect(plain(heading?.tokens)).toBe('✅ ECS task succeeded')
    expect(onlyTable(okTokens).rows).toHaveLength(4)
    expect(okTokens.some((t) => t.type === 'list')).toBe(false)
  })
})
