import * as core from '@actions/core'
import type { Task } from '@aws-sdk/client-ecs'
import { taskConsoleUrl, taskId } from './links.js'

export interface SummaryContext {
  region: string
  cluster: string
  taskDefinitionArn: string
  /** Console link of a container's log stream, when it uses awslogs. */
  logUrl(taskArn: string, container: string): string | undefined
  verdict: { ok: boolean; problems: string[] }
  /** Which attempt each task was (retry-on): shown only when some task was started again. */
  attempts?: ReadonlyArray<{ taskArn: string; number: number }>
}

const HEADERS = ['Task', 'Container', 'Status', 'Exit code', 'Duration', 'Stopped reason', 'Links']

/** The attempt column, when some task was started again: each task's attempt number. */
function attemptOf(ctx: SummaryContext): ((taskArn: string) => string) | undefined {
  const attempts = ctx.attempts ?? []
  if (!attempts.some((a) => a.number > 1)) return undefined
  return (arn) => String(attempts.find((a) => a.taskArn === arn)?.number ?? '')
}

function duration(from: Date | undefined, to: Date | undefined): string {
  if (!from || !to) return ''
  const s = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000))
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`
}

/** A GFM table cell: pipes escaped, no line breaks, no raw HTML from ECS text. */
export function cell(text: string): string {
  return escapeHtml(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|')
}

/** One row per task and container: what a reviewer of the run wants at a glance. */
export function summaryRows(tasks: Task[], ctx: SummaryContext): string[][] {
  const attempt = attemptOf(ctx)
  const rows: string[][] = []
  for (const task of tasks) {
    const arn = task.taskArn ?? ''
    const ecsLink = `[ECS](${taskConsoleUrl(ctx.region, ctx.cluster, arn)})`
    const containers = task.containers?.length ? task.containers : [{ name: '' }]
    for (const container of containers) {
      const logUrl = container.name ? ctx.logUrl(arn, container.name) : undefined
      rows.push([
        `\`${taskId(arn)}\``,
        cell(container.name ?? ''),
        cell(container.lastStatus ?? task.lastStatus ?? ''),
        container.exitCode === undefined || container.exitCode === null
          ? '–'
          : String(container.exitCode),
        duration(task.startedAt ?? task.createdAt, task.stoppedAt),
        cell(task.stoppedReason ?? ''),
        logUrl ? `${ecsLink} · [logs](${logUrl})` : ecsLink
      ])
      if (attempt) rows.at(-1)?.splice(1, 0, attempt(arn))
    }
  }
  return rows
}

export function summaryMarkdown(tasks: Task[], ctx: SummaryContext): string {
  const title = ctx.verdict.ok ? '### ✅ ECS task succeeded' : '### ❌ ECS task failed'
  const headers = attemptOf(ctx) ? ['Task', 'Attempt', ...HEADERS.slice(1)] : HEADERS
  const lines = [
    title,
    '',
    `Task definition \`${ctx.taskDefinitionArn}\` in cluster \`${ctx.cluster}\` (${ctx.region})`,
    '',
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...summaryRows(tasks, ctx).map((row) => `| ${row.join(' | ')} |`)
  ]
  if (!ctx.verdict.ok) lines.push('', ...ctx.verdict.problems.map((p) => `- ${cell(p)}`))
  return lines.join('\n') + '\n'
}

/** Set once this step wrote its summary, so a failure after that does not write a second. */
let written = false

export async function writeSummary(tasks: Task[], ctx: SummaryContext): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  written = true
  await core.summary.addRaw(summaryMarkdown(tasks, ctx), true).write()
}

/**
 * When the step fails before there is a task table to show (bad input, RunTask refused,
 * placement failure, cancellation), the summary still says why, so the run page tells the
 * story without opening the log.
 */
export async function writeFailureSummary(title: string, message: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY || written) return
  written = true
  const body = message
    .split('\n')
    .map((line) => `> ${escapeHtml(line)}`)
    .join('\n')
  await core.summary.addRaw(`### ❌ ${escapeHtml(title)}\n\n${body}\n`, true).write()
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c)
}
