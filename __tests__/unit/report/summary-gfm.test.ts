import type { Task } from '@aws-sdk/client-ecs'
import { marked, type Token, type Tokens } from 'marked'
import { describe, expect, it } from 'vitest'
import { taskConsoleUrl } from '../../../src/kit/links.js'
import { logConsoleUrl } from '../../../src/logs/targets.js'
import { summaryMarkdown, type SummaryInput } from '../../../src/report/summary-markdown.js'
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
const TD_ARN = `arn:aws:ecs:${REGION}:123456789012:task-definition/shop-migrate:42`
const PULL_ERROR =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): ' +
  'failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:<none> | not found'
/** The last lines of the failed migration, with text that must stay text. */
const LAST_LINES = [
  '== 20261128090000 AddEmailVerifiedToUsers: migrating ====',
  'PG::UndefinedColumn: ERROR:  column "email_verified" of relation "users" does not exist',
  'LINE 1: UPDATE users SET email_verified = true WHERE a < b && c > d',
  '</pre></details><script>alert(1)</script> | *not bold* [not](a-link)'
]

const t0 = new Date('2026-11-28T09:00:00Z')
const at = (s: number): Date => new Date(t0.getTime() + s * 1000)

/** Two tasks of a `count: 2` run, each with the `app` container and a sidecar; A's app fails. */
const TASKS: Task[] = [
  {
    taskArn: ARN_B,
    lastStatus: 'STOPPED',
    createdAt: t0,
    startedAt: at(20),
    stoppedAt: at(41),
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [
      { name: 'app', lastStatus: 'STOPPED', exitCode: 0 },
      { name: 'log-router', lastStatus: 'STOPPED', exitCode: 0 }
    ]
  },
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
  }
]

/** Only `app` logs to CloudWatch with awslogs; the log router has no log link. */
function logUrl(taskArn: string, container: string): string | undefined {
  if (container !== 'app') return undefined
  const id = taskArn.slice(taskArn.lastIndexOf('/') + 1)
  return logConsoleUrl({ region: REGION, group: '/ecs/shop', stream: `ecs/app/${id}` })
}

function input(tasks: Task[], extra: Partial<SummaryInput> = {}): SummaryInput {
  const verdict = judge(tasks, new Set(['app']))
  return {
    status: verdict.ok ? 'succeeded' : 'failed',
    title: verdict.ok ? 'ECS task succeeded' : 'ECS task failed',
    facts: {
      family: 'shop-migrate',
      taskDefinition: 'shop-migrate:42',
      taskDefinitionArn: TD_ARN,
      container: 'app',
      command: ['bin/rails', 'db:migrate'],
      cluster: CLUSTER,
      region: REGION
    },
    context: {
      event: 'pull_request',
      ref: 'refs/pull/12/merge',
      sha: '8d3f2a91c4b7e6f05a1d2c3b4a5f6e7d8c9b0a1f',
      actor: 'octocat',
      commitUrl: 'https://github.com/acme/shop/commit/8d3f2a91c4b7e6f05a1d2c3b4a5f6e7d8c9b0a1f',
      pullRequest: {
        number: 12,
        url: 'https://github.com/acme/shop/pull/12',
        title: 'Add *email_verified* to [users](javascript:alert(1))'
      }
    },
    rows: tasks.map((task) => ({ task })),
    failures: verdict.failures,
    lastLines: (arn, container) => (arn === ARN_A && container === 'app' ? LAST_LINES : []),
    logUrl,
    ...extra
  }
}

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'"
}
const decode = (text: string): string =>
  text.replace(/&(?:lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e] ?? e)

/** The text a reader sees: leaf token text concatenated, HTML entities decoded. */
function plain(tokens: Token[] | undefined): string {
  return decode(
    (tokens ?? [])
      .map((t) =>
        'tokens' in t && t.tokens ? plain(t.tokens) : 'text' in t ? (t.text as string) : ''
      )
      .join('')
  )
}

const links = (tokens: Token[]): Tokens.Link[] =>
  tokens.flatMap((t): Tokens.Link[] =>
    t.type === 'link' ? [t as Tokens.Link] : 'tokens' in t && t.tokens ? links(t.tokens) : []
  )

function parse(markdown: string): Token[] {
  return [...marked.lexer(markdown, { gfm: true })]
}

const tables = (tokens: Token[]): Tokens.Table[] =>
  tokens.filter((t): t is Tokens.Table => t.type === 'table')

/**
 * A table the summary writes in HTML (a row needs its last lines under it): its header, its
 * rows' cells as HTML, and the block under each row that has one. GitHub renders no Markdown
 * inside an HTML cell, so a cell must be HTML itself.
 */
interface HtmlTable {
  header: string[]
  rows: Array<{ cells: string[]; under?: string }>
}

function htmlTables(tokens: Token[]): HtmlTable[] {
  return tokens
    .filter((t) => t.type === 'html' && t.raw.trimStart().startsWith('<table>'))
    .map((t) => {
      const lines = t.raw.trim().split('\n')
      expect(lines[0]).toBe('<table>')
      expect(lines.at(-1)).toBe('</table>')
      const header = [...(lines[1] ?? '').matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1] ?? '')
      const rows: HtmlTable['rows'] = []
      for (let i = 2; i < lines.length - 1; i++) {
        const line = lines[i] ?? ''
        if (line.startsWith('<tr><td colspan=')) {
          expect(line).toBe(`<tr><td colspan="${header.length}">`)
          const close = lines.indexOf('</td></tr>', i)
          rows.at(-1)!.under = lines.slice(i + 1, close).join('\n')
          i = close
          continue
        }
        const row = /^<tr>(<td>.*<\/td>)<\/tr>$/.exec(line)
        expect(row, line).not.toBeNull()
        rows.push({ cells: row![1]!.slice(4, -5).split('</td><td>') })
      }
      return { header, rows }
    })
}

/** An HTML cell's text as a reader sees it. */
const textOf = (html: string): string => decode(html.replace(/<[^>]+>/g, ''))
const anchors = (html: string): Array<{ text: string; href: string }> =>
  [...html.matchAll(/<a href="([^"]*)">(.*?)<\/a>/g)].map((m) => ({
    href: decode(m[1] ?? ''),
    text: textOf(m[2] ?? '')
  }))

describe('the job summary of a failed run, rendered as GitHub Flavored Markdown', () => {
  const markdown = summaryMarkdown(input(TASKS))
  const tokens = parse(markdown)
  // One table, in HTML: the failed row has its last lines under it.
  const found = htmlTables(tokens)
  const rows = found.flatMap((t) => t.rows.map((row) => row.cells.map(textOf)))

  it('keeps every task in one table, and no Markdown table beside it', () => {
    expect(found).toHaveLength(1)
    expect(tables(tokens)).toHaveLength(0)
    expect(found[0]?.rows).toHaveLength(4)
  })

  it('names the task definition, the container and the command in its heading', () => {
    const heading = tokens.find((t): t is Tokens.Heading => t.type === 'heading')
    expect(heading?.depth).toBe(3)
    expect(plain(heading?.tokens)).toBe(
      '❌ ECS task failed: shop-migrate · app · bin/rails db:migrate'
    )
  })

  it('says why first: the problems as a list', () => {
    const lists = tokens.filter((t): t is Tokens.List => t.type === 'list')
    expect(lists).toHaveLength(1)
    expect(lists[0]?.items.map((item) => plain(item.tokens))).toEqual([
      `Task ${ID_A}: container app exited with code 1.`
    ])
    const table = tokens.find((t) => t.type === 'html' && t.raw.startsWith('<table>'))
    expect(tokens.indexOf(lists[0] as Token)).toBeLessThan(tokens.indexOf(table as Token))
  })

  it('says what ran and what triggered it, with links, and keeps a PR title plain text', () => {
    const facts = tokens.find(
      (t): t is Tokens.Paragraph => t.type === 'paragraph' && t.text.startsWith('**Command')
    )
    const text = plain(facts?.tokens)
    expect(text).toContain('Command: bin/rails db:migrate in container app')
    expect(text).toContain(`Task definition: shop-migrate:42 in cluster ${CLUSTER} (${REGION})`)
    expect(text).toContain(
      'Triggered by: pull_request · #12 Add *email_verified* to [users](javascript:alert(1)) · ' +
        'commit 8d3f2a9 · by octocat'
    )
    expect(text).toContain('Took: 1 min 35 s')
    expect(text).not.toContain('Attempts')
    const hrefs = links(facts?.tokens ?? []).map((l) => l.href)
    expect(hrefs).toEqual([
      `https://${REGION}.console.aws.amazon.com/ecs/v2/task-definitions/shop-migrate/42/containers?region=${REGION}`,
      'https://github.com/acme/shop/pull/12',
      'https://github.com/acme/shop/commit/8d3f2a91c4b7e6f05a1d2c3b4a5f6e7d8c9b0a1f'
    ])
    // The hard line breaks keep one fact per line.
    expect(facts?.tokens?.filter((t) => t.type === 'br')).toHaveLength(3)
  })

  it('has no Status column (always STOPPED) and no Attempt column (always 1)', () => {
    expect(found[0]?.header).toEqual([
      'Task',
      'Container',
      'Exit code',
      'Duration',
      'Stopped reason',
      'Links'
    ])
    for (const row of found[0]?.rows ?? []) expect(row.cells).toHaveLength(6)
  })

  it('lists the failed task first, its failed row standing out', () => {
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      [ID_A, 'app', '❌ 1', '1 min 15 s'],
      [ID_A, 'log-router', '0', '1 min 15 s'],
      [ID_B, 'app', '0', '21 s'],
      [ID_B, 'log-router', '0', '21 s']
    ])
    expect(found[0]?.rows[0]?.cells[2]).toBe('❌ <strong>1</strong>')
    // The task id is a code span, so a reader can copy it.
    expect(found[0]?.rows[0]?.cells[0]).toBe(`<code>${ID_A}</code>`)
  })

  it('shows the last lines collapsed right under the failed row, as text', () => {
    const withLines = found[0]?.rows.filter((r) => r.under !== undefined) ?? []
    expect(withLines).toHaveLength(1)
    expect(found[0]?.rows[0]?.under).toBeDefined()
    const html = found[0]?.rows[0]?.under ?? ''
    expect(html).toMatch(
      new RegExp(
        `^<details><summary>Last 4 lines of <code>app</code> in task <code>${ID_A}</code></summary>\\n<pre>`
      )
    )
    expect(html.trim().endsWith('</pre>\n</details>')).toBe(true)
    const pre = /<pre>([\s\S]*)<\/pre>/.exec(html)?.[1] ?? ''
    expect(pre).not.toMatch(/<(?!\/?pre)/)
    expect(decode(pre).split('\n')).toEqual(LAST_LINES)
    // Nothing in the lines closed the block early: one details block, one pre.
    expect(html.match(/<details>/g)).toHaveLength(1)
    expect(html.match(/<\/details>/g)).toHaveLength(1)
    expect(html.match(/<pre>/g)).toHaveLength(1)
    // No blank line anywhere in the table: it would end GitHub's HTML block.
    expect(markdown.slice(markdown.indexOf('<table>'), markdown.indexOf('</table>'))).not.toMatch(
      /\n\s*\n/
    )
  })

  it('links every row to the ECS console, and app rows to the CloudWatch console', () => {
    const all = found.flatMap((t) => t.rows)
    const expected = [
      [ARN_A, true],
      [ARN_A, false],
      [ARN_B, true],
      [ARN_B, false]
    ] as const
    expect(all).toHaveLength(expected.length)
    all.forEach((row, i) => {
      const [arn, hasLogs] = expected[i] ?? []
      const found = anchors(row.cells[5] ?? '')
      expect(found.map((l) => l.text)).toEqual(hasLogs ? ['ECS', 'logs'] : ['ECS'])
      const [ecs, log] = found
      expect(ecs?.href).toBe(taskConsoleUrl(REGION, CLUSTER, arn ?? ''))
      if (hasLogs) {
        expect(log?.href).toBe(logUrl(arn ?? '', 'app'))
        expect(new URL(log?.href ?? '').hash).toContain(
          '#logsV2:log-groups/log-group/$252Fecs$252Fshop/log-events/'
        )
      }
    })
  })
})

describe('the job summary in other cases', () => {
  it('keeps a stopped reason intact: the pipe stays in its cell, `<` is text, not HTML', () => {
    const tasks: Task[] = [
      {
        taskArn: ARN_B,
        lastStatus: 'STOPPED',
        stopCode: 'TaskFailedToStart',
        stoppedReason: PULL_ERROR,
        containers: [{ name: 'app', lastStatus: 'STOPPED' }]
      }
    ]
    const [table] = tables(parse(summaryMarkdown(input(tasks))))
    const cell = table?.rows[0]?.[4]
    expect(plain(cell?.tokens)).toBe(PULL_ERROR)
    expect(cell?.tokens.some((t) => t.type === 'html')).toBe(false)
    expect(plain(table?.rows[0]?.[2]?.tokens)).toBe('❌ –')
  })

  it('renders a successful run with a ✅ heading, one table and no list', () => {
    const ok = TASKS.map((task) => ({
      ...task,
      containers: task.containers?.map((c) => ({ ...c, exitCode: 0 }))
    }))
    const tokens = parse(summaryMarkdown(input(ok)))
    const heading = tokens.find((t): t is Tokens.Heading => t.type === 'heading')
    expect(plain(heading?.tokens)).toBe(
      '✅ ECS task succeeded: shop-migrate · app · bin/rails db:migrate'
    )
    expect(tables(tokens)).toHaveLength(1)
    expect(tables(tokens)[0]?.rows).toHaveLength(4)
    expect(tokens.some((t) => t.type === 'list' || t.type === 'html')).toBe(false)
  })

  it('adds an Attempt column when a task was started again', () => {
    const [first, second] = TASKS
    const tokens = parse(
      summaryMarkdown(
        input(TASKS, {
          rows: [
            { task: first as Task, attempt: 1 },
            { task: second as Task, attempt: 2 }
          ]
        })
      )
    )
    const [table, ...others] = htmlTables(tokens)
    expect(others).toHaveLength(0)
    expect(table?.header.slice(0, 3)).toEqual(['Task', 'Attempt', 'Container'])
    expect(table?.rows.map((r) => textOf(r.cells[1] ?? ''))).toEqual(['2', '2', '1', '1'])
    const facts = tokens.find((t) => t.type === 'paragraph' && t.raw.startsWith('**Command'))
    expect(facts?.raw).toContain('**Attempts:** 2')
  })

  it('wait: false lists the started tasks with their links', () => {
    const tokens = parse(
      summaryMarkdown(
        input([], {
          status: 'started',
          title: 'ECS tasks started',
          rows: [],
          failures: [],
          started: [ARN_A, ARN_B],
          note: '`wait` is false: the step did not wait.'
        })
      )
    )
    const heading = tokens.find((t): t is Tokens.Heading => t.type === 'heading')
    expect(plain(heading?.tokens)).toBe(
      '▶️ ECS tasks started: shop-migrate · app · bin/rails db:migrate'
    )
    const [table] = tables(tokens)
    expect(table?.header.map((h) => plain(h.tokens))).toEqual(['Task', 'Links'])
    expect(table?.rows.map((r) => plain(r[0]?.tokens))).toEqual([ID_A, ID_B])
    expect(links(table?.rows[0]?.[1]?.tokens ?? []).map((l) => l.href)).toEqual([
      taskConsoleUrl(REGION, CLUSTER, ARN_A),
      logUrl(ARN_A, 'app')
    ])
    expect(plain((tokens.at(-1) as Tokens.Paragraph).tokens)).toBe(
      'wait is false: the step did not wait.'
    )
  })
})
