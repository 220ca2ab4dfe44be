import type { Container, Task } from '@aws-sdk/client-ecs'
import { marked } from 'marked'
import { taskConsoleUrl, taskDefinitionConsoleUrl, taskId } from '../kit/links.js'
import {
  cell,
  clip,
  code,
  escapeHtml,
  inline,
  inlineWithCode,
  link,
  shellJoin
} from '../kit/markdown.js'
import type { LogUrl } from '../logs/targets.js'
import type { RunContext } from './run-context.js'
import { between, formatDuration } from '../kit/time.js'
import { distinctReasons, problemText, type ContainerNote, type Failure } from './verdict.js'
import { isSharded, shardBlocks, shardFailureList } from './summary-shards.js'

/** What ran: known once the task definition is resolved. */
export interface RunFacts {
  family: string
  /** `family:revision`, or the ARN when those are unknown. */
  taskDefinition: string
  taskDefinitionArn: string
  /** The container `command` overrides. */
  container: string
  command?: readonly string[]
  cluster: string
  region: string
}

/** One task as the summary lists it; `attempt` numbers tasks started again after a failure. */
export interface TaskRow {
  task: Task
  attempt?: number
  /** The shard the task ran (`shards`): the summary then has one row per shard. */
  shard?: number
  /** How many times the task's shard was started (default: its rows). */
  attempts?: number
}

/** What the workflow gave to identify this use of the action, before anything is resolved. */
export interface GivenUse {
  taskDefinition?: string
  service?: string
  cluster?: string
}

export interface SummaryInput {
  status: 'succeeded' | 'failed' | 'started'
  /** The heading's words: "ECS task failed", "Task not started", "Timed out" … */
  title: string
  facts?: RunFacts
  /** Named in the heading when the facts are not known yet (an early failure). */
  given?: GivenUse
  context?: RunContext
  rows: readonly TaskRow[]
  /** Tasks started but never described (`wait: false`, a cancel before the first poll). */
  started?: readonly string[]
  failures: readonly Failure[]
  /** Shards never started (fail-fast, wait-timeout): a row each in the shard table. */
  unstarted?: readonly number[]
  /** Containers whose non-zero exit is no failure (stopped with the task): said in their row. */
  notes?: readonly ContainerNote[]
  /** The last log lines of a failed container, shown collapsed under its row. */
  lastLines(taskArn: string, container: string): readonly string[]
  logUrl: LogUrl
  /** A closing paragraph in Markdown, the action's own words (e.g. why the step did not wait). */
  note?: string
  /**
   * Epoch ms the summary is written at: a task not seen STOPPED by then (stopped at wait-timeout,
   * still stopping) has run at least until it, said as "≥ 6 s".
   */
  writtenAt?: number
}

const ICON = { succeeded: '✅', failed: '❌', started: '▶️' } as const
/** Characters of the command shown in the heading; the facts show all of it. */
const HEADING_COMMAND = 60
const FACT_COMMAND = 1000

/**
 * The job summary: a heading that tells two uses of the action in one job apart, why it failed,
 * what ran and what triggered it, then one row per task and container, with the last log lines
 * of a failed container collapsed under its row.
 */
export function summaryMarkdown(input: SummaryInput): string {
  const blocks = [heading(input)]
  const sharded = isSharded(input.rows)
  if (input.failures.length > 0) {
    blocks.push(
      sharded
        ? shardFailureList(input)
        : input.failures.map((f) => `- ${inlineWithCode(problemText(f))}`).join('\n')
    )
  }
  const facts = factLines(input)
  if (facts.length > 0) blocks.push(facts.join('\\\n'))
  blocks.push(...(sharded ? shardBlocks(input) : taskTables(input)))
  if (input.started?.length) blocks.push(startedTable(input))
  if (input.note) blocks.push(input.note)
  return blocks.join('\n\n') + '\n'
}

function heading(input: SummaryInput): string {
  const parts = [`${ICON[input.status]} ${inline(input.title)}`]
  const what: string[] = []
  if (input.facts) {
    what.push(inline(input.facts.family), inline(input.facts.container))
    if (input.facts.command?.length) {
      what.push(code(clip(shellJoin(input.facts.command), HEADING_COMMAND)))
    }
  } else if (input.given) {
    const { taskDefinition, service, cluster } = input.given
    if (taskDefinition) what.push(inline(clip(taskDefinition, HEADING_COMMAND)))
    if (service) what.push(`service ${inline(clip(service, HEADING_COMMAND))}`)
    if (cluster) what.push(`cluster ${inline(clip(cluster, HEADING_COMMAND))}`)
  }
  return `### ${parts.join('')}${what.length ? `: ${what.join(' · ')}` : ''}`
}

function factLines(input: SummaryInput): string[] {
  const lines: string[] = []
  const { facts, context } = input
  if (facts) {
    lines.push(
      facts.command?.length
        ? `**Command:** ${code(clip(shellJoin(facts.command), FACT_COMMAND))} in container ${code(facts.container)}`
        : `**Command:** the task definition's own, in container ${code(facts.container)}`
    )
    const url = taskDefinitionConsoleUrl(facts.region, facts.taskDefinitionArn)
    const definition = code(facts.taskDefinition)
    lines.push(
      `**Task definition:** ${url ? link(definition, url) : definition} in cluster ` +
        `${code(facts.cluster)} (${inline(facts.region)})`
    )
  }
  const trigger = context ? triggerLine(context) : undefined
  if (trigger) lines.push(`**Triggered by:** ${trigger}`)
  const took = totalDuration(input.rows, input.writtenAt)
  const attempts = Math.max(1, ...input.rows.map((r) => r.attempt ?? 1))
  const timing = [
    ...(took ? [`**Took:** ${took}`] : []),
    ...(attempts > 1 ? [`**Attempts:** ${attempts}`] : [])
  ]
  if (timing.length > 0) lines.push(timing.join(' · '))
  return lines
}

/** `pull_request` #12 Add a column · `main` · commit abc1234 · by octocat */
function triggerLine(context: RunContext): string | undefined {
  const parts: string[] = []
  if (context.event) parts.push(code(context.event))
  const pr = context.pullRequest
  if (pr) {
    const number = `#${pr.number}`
    parts.push(
      (pr.url ? link(number, pr.url) : number) + (pr.title ? ` ${inline(clip(pr.title, 100))}` : '')
    )
  } else if (context.ref) parts.push(code(context.ref))
  if (context.sha) {
    const short = code(context.sha.slice(0, 7))
    parts.push(`commit ${context.commitUrl ? link(short, context.commitUrl) : short}`)
  }
  if (context.actor) parts.push(`by ${inline(context.actor)}`)
  return parts.length > 0 ? parts.join(' · ') : undefined
}

/**
 * From the first task created to the last one stopped; "≥" the time until `writtenAt` when a
 * task was not seen stopped.
 */
function totalDuration(rows: readonly TaskRow[], writtenAt?: number): string | undefined {
  const created = rows.map((r) => r.task.createdAt?.getTime()).filter(isNumber)
  if (created.length === 0) return undefined
  const running = rows.some((r) => r.task.stoppedAt === undefined)
  if (running && writtenAt === undefined) return undefined
  const stopped = rows.map((r) => r.task.stoppedAt?.getTime()).filter(isNumber)
  const end = running ? writtenAt! : Math.max(...stopped)
  return `${running ? '≥ ' : ''}${formatDuration(end - Math.min(...created))}`
}

/** A task's time from its start (or creation) to its stop, or "≥" until `writtenAt`. */
function taskDuration(task: Task, writtenAt?: number): string {
  const from = task.startedAt ?? task.createdAt
  if (task.stoppedAt || writtenAt === undefined || !from) return between(from, task.stoppedAt) ?? ''
  return `≥ ${formatDuration(writtenAt - from.getTime())}`
}

const isNumber = (n: number | undefined): n is number => n !== undefined

interface Row {
  cells: string[]
  /** The collapsed last lines shown under this row. */
  details?: string
}

/**
 * One row per task and container, tasks with a failure first, in one table. A failed
 * container's last lines go under its row: GFM has no row spanning a table, so a table with
 * such a row is written in HTML (a `<tr>` whose one cell spans the columns).
 */
function taskTables(input: SummaryInput): string[] {
  if (input.rows.length === 0) return []
  const attempts = input.rows.some((r) => (r.attempt ?? 1) > 1)
  const headers = [
    'Task',
    ...(attempts ? ['Attempt'] : []),
    'Container',
    'Exit code',
    'Duration',
    'Stopped reason',
    'Links'
  ]
  const failedTasks = new Set(input.failures.map((f) => f.taskArn))
  const ordered = [
    ...input.rows.filter((r) => failedTasks.has(r.task.taskArn)),
    ...input.rows.filter((r) => !failedTasks.has(r.task.taskArn))
  ]
  const rows = ordered.flatMap((row) => taskRows(row, attempts, input))
  if (rows.some((row) => row.details)) return [htmlTable(headers, rows)]
  return [
    [
      `| ${headers.join(' | ')} |`,
      `| ${headers.map(() => '---').join(' | ')} |`,
      ...rows.map((row) => `| ${row.cells.join(' | ')} |`)
    ].join('\n')
  ]
}

/**
 * The table in HTML, each row's details in a row of its own under it. GitHub renders no Markdown
 * inside an HTML cell, so each cell's Markdown is rendered here (marked, as GFM reads it); no
 * line is blank, as a blank line would end the HTML block.
 */
function htmlTable(headers: readonly string[], rows: readonly Row[]): string {
  const html = (markdown: string): string => marked.parseInline(markdown, { async: false })
  const lines = ['<table>', `<tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr>`]
  for (const row of rows) {
    lines.push(`<tr>${row.cells.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`)
    if (row.details) lines.push(`<tr><td colspan="${headers.length}">`, row.details, '</td></tr>')
  }
  lines.push('</table>')
  return lines.join('\n')
}

function taskRows(row: TaskRow, attempts: boolean, input: SummaryInput): Row[] {
  const { task } = row
  const arn = task.taskArn ?? ''
  const id = taskId(arn)
  const region = input.facts?.region ?? regionOf(arn)
  const cluster = input.facts?.cluster ?? ''
  const ecsLink = link('ECS', taskConsoleUrl(region, cluster, arn))
  const duration = taskDuration(task, input.writtenAt)
  const containers: Container[] = task.containers?.length ? task.containers : [{}]
  return containers.map((container) => {
    const name = container.name ?? ''
    const failed = input.failures.some((f) => f.taskArn === arn && f.container === name && name)
    const exit = container.exitCode ?? undefined
    const exitCell = exit === undefined ? '–' : String(exit)
    const logUrl = name ? input.logUrl(arn, name) : undefined
    const note = input.notes?.find((n) => n.taskArn === arn && n.container === name)
    const reason = [...distinctReasons(task.stoppedReason, container.reason), note?.short]
      .filter(Boolean)
      .join(' — ')
    const cells = [
      code(id),
      ...(attempts ? [String(row.attempt ?? 1)] : []),
      cell(name),
      failed ? `❌ **${exitCell}**` : exitCell,
      duration,
      cell(reason),
      logUrl ? `${ecsLink} · ${link('logs', logUrl)}` : ecsLink
    ]
    const lines = failed ? input.lastLines(arn, name) : []
    return lines.length > 0 ? { cells, details: lastLinesBlock(id, name, lines) } : { cells }
  })
}

/**
 * A collapsed block of log lines. `<pre>` rather than a fenced block: its text is HTML-escaped,
 * so no line can close the block or become markup, and blank lines are not kept (a blank line
 * would end the HTML block).
 */
function lastLinesBlock(id: string, container: string, lines: readonly string[]): string {
  const what = lines.length === 1 ? 'line' : `${lines.length} lines`
  return [
    `<details><summary>Last ${what} of <code>${escapeHtml(container)}</code> in task ` +
      `<code>${escapeHtml(id)}</code></summary>`,
    `<pre>${lines.map(escapeHtml).join('\n')}</pre>`,
    '</details>'
  ].join('\n')
}

/** Tasks known only by their ARNs: their links. */
function startedTable(input: SummaryInput): string {
  const started = input.started ?? []
  const region = input.facts?.region ?? regionOf(started[0] ?? '')
  const cluster = input.facts?.cluster ?? ''
  const container = input.facts?.container
  const rows = started.map((arn) => {
    const ecs = link('ECS', taskConsoleUrl(region, cluster, arn))
    const logUrl = container ? input.logUrl(arn, container) : undefined
    return `| ${code(taskId(arn))} | ${logUrl ? `${ecs} · ${link('logs', logUrl)}` : ecs} |`
  })
  return ['| Task | Links |', '| --- | --- |', ...rows].join('\n')
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? ''
}
