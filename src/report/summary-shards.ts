import type { Task } from '@aws-sdk/client-ecs'
import { taskConsoleUrl, taskId } from '../kit/links.js'
import { cell, code, escapeHtml, inlineWithCode, link } from '../kit/markdown.js'
import { between } from '../kit/time.js'
import type { SummaryInput, TaskRow } from './summary-markdown.js'
import { distinctReasons, problemText } from './verdict.js'

/** GitHub refuses a step summary over 1 MiB. */
export const SUMMARY_MAX_BYTES = 1024 * 1024
/**
 * What the shard table may take of it: the heading, the facts, the failures and the last lines
 * around it stay well within the rest (each of those is bounded below).
 */
export const SHARD_TABLE_MAX_BYTES = 768 * 1024
/** Failures listed above the table; the table names every failed shard. */
export const LISTED_FAILURES = 20
/** Failed shards whose last log lines are shown under the table. */
export const QUOTED_SHARDS = 5

/** A job of shards: the summary has one row per shard instead of one per task and container. */
export function isSharded(rows: readonly TaskRow[]): boolean {
  return rows.some((row) => row.shard !== undefined)
}

/** The failures above the table: the first LISTED_FAILURES, then how many more. */
export function shardFailureList(input: SummaryInput): string {
  const listed = input.failures.slice(0, LISTED_FAILURES)
  const more = input.failures.length - listed.length
  const lines = listed.map((f) => `- ${inlineWithCode(problemText(f))}`)
  if (more > 0) {
    lines.push(
      `- … and ${more} more failure${more === 1 ? '' : 's'}: every failed shard is in the table.`
    )
  }
  return lines.join('\n')
}

interface ShardRow {
  shard: number
  /** The shard's last attempt; none for a shard never started. */
  task?: Task
  attempts: number
  failed: boolean
  /** The container whose failure this shard's last attempt had, if any. */
  failedContainer: string | undefined
}

/**
 * One row per shard (its last attempt), failed shards first, then by index: shard, task, the
 * primary container's exit code, duration, attempts, stopped reason, links. Rows stop at
 * SHARD_TABLE_MAX_BYTES with a line saying how many were left out; the last lines of the first
 * QUOTED_SHARDS failed shards follow the table.
 */
export function shardBlocks(input: SummaryInput): string[] {
  const shards = shardRows(input)
  if (shards.length === 0) return []
  const region = input.facts?.region ?? regionOf(shards.find((s) => s.task)?.task?.taskArn ?? '')
  const cluster = input.facts?.cluster ?? ''
  const primary = input.facts?.container
  const header = [
    '| Shard | Task | Exit code | Duration | Attempts | Stopped reason | Links |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ].join('\n')
  const lines = [header]
  let bytes = Buffer.byteLength(header)
  let listed = 0
  for (const row of shards) {
    const line = shardLine(row, input, region, cluster, primary)
    const size = Buffer.byteLength(line) + 1
    if (bytes + size > SHARD_TABLE_MAX_BYTES) break
    lines.push(line)
    bytes += size
    listed += 1
  }
  const blocks = [lines.join('\n')]
  const left = shards.length - listed
  if (left > 0) {
    const failedLeft = shards.slice(listed).filter((s) => s.failed).length
    blocks.push(
      `… ${left} more shard${left === 1 ? '' : 's'} not listed${failedLeft ? ` (${failedLeft} of them failed)` : ''}: ` +
        'the job summary stays under GitHub’s 1 MiB. The `results` output has every shard.'
    )
  }
  const quoted = shards.filter((s) => s.failed && s.failedContainer).slice(0, QUOTED_SHARDS)
  for (const row of quoted) {
    const container = row.failedContainer!
    const last = input.lastLines(row.task?.taskArn ?? '', container)
    if (last.length > 0) blocks.push(lastLinesBlock(row.shard, container, last))
  }
  const failed = shards.filter((s) => s.failed && s.failedContainer).length
  if (failed > quoted.length) {
    blocks.push(
      `The last lines of the first ${quoted.length} failed shards are shown; the others’ are in their logs (Links).`
    )
  }
  return blocks
}

/** The last attempt of each shard, how many it had, and whether it failed; failed first. */
function shardRows(input: SummaryInput): ShardRow[] {
  const byShard = new Map<number, { row: TaskRow; count: number }>()
  for (const row of input.rows) {
    if (row.shard === undefined) continue
    const seen = byShard.get(row.shard)
    const count = (seen?.count ?? 0) + 1
    if (!seen || (row.attempt ?? 1) >= (seen.row.attempt ?? 1))
      byShard.set(row.shard, { row, count })
    else seen.count = count
  }
  const failures = new Map<string, string | undefined>()
  for (const f of input.failures) {
    if (f.taskArn && !failures.has(f.taskArn)) failures.set(f.taskArn, f.container)
  }
  const rows = [...byShard.entries()].map(([shard, { row, count }]): ShardRow => {
    const arn = row.task.taskArn ?? ''
    return {
      shard,
      task: row.task,
      attempts: row.attempts ?? count,
      failed: failures.has(arn),
      failedContainer: failures.get(arn)
    }
  })
  for (const shard of input.unstarted ?? []) {
    if (!byShard.has(shard)) {
      rows.push({ shard, attempts: 0, failed: false, failedContainer: undefined })
    }
  }
  return rows.sort((a, b) => Number(b.failed) - Number(a.failed) || a.shard - b.shard)
}

function shardLine(
  row: ShardRow,
  input: SummaryInput,
  region: string,
  cluster: string,
  primary: string | undefined
): string {
  const { task } = row
  if (!task) return `| ${row.shard} | – | – |  | 0 | not started |  |`
  const arn = task.taskArn ?? ''
  const shown = row.failedContainer ?? primary
  const container = task.containers?.find((c) => c.name === shown) ?? task.containers?.[0]
  const exit = container?.exitCode
  const exitCell = exit === undefined || exit === null ? '–' : String(exit)
  const reason = distinctReasons(task.stoppedReason, container?.reason).join(' — ')
  const ecs = link('ECS', taskConsoleUrl(region, cluster, arn))
  const logUrl = container?.name ? input.logUrl(arn, container.name) : undefined
  const cells = [
    String(row.shard),
    code(taskId(arn)),
    row.failed ? `❌ **${exitCell}**` : exitCell,
    between(task.startedAt ?? task.createdAt, task.stoppedAt) ?? '',
    String(row.attempts),
    cell(reason),
    logUrl ? `${ecs} · ${link('logs', logUrl)}` : ecs
  ]
  return `| ${cells.join(' | ')} |`
}

/** As the per-task table's: escaped HTML, so no log line can become markup. */
function lastLinesBlock(shard: number, container: string, lines: readonly string[]): string {
  const what = lines.length === 1 ? 'line' : `${lines.length} lines`
  return [
    `<details><summary>Last ${what} of <code>${escapeHtml(container)}</code> in shard ${shard}</summary>`,
    `<pre>${lines.map(escapeHtml).join('\n')}</pre>`,
    '</details>'
  ].join('\n')
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? ''
}
