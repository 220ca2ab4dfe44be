import * as core from '@actions/core'
import type { Task } from '@aws-sdk/client-ecs'
import { primaryOfTask } from '../ecs/primary-container.js'
import { ReportedFailure, Title } from '../kit/failures.js'
import { annotationText, groupedAnnotations, MAX_ANNOTATIONS_PER_KIND } from './annotation.js'
import type { StepSummary } from './summary.js'
import type { TaskRow } from './summary-markdown.js'
import { judge, verdictOf, type ContainerNote, type Failure } from './verdict.js'
import { taskId } from '../kit/links.js'

export interface ResultOptions {
  /** The tasks' last views, each with the attempt that started it when there were several. */
  rows: readonly TaskRow[]
  /** The container whose exit code is the `exit-code` output (the first candidate, if several). */
  container: string
  /** The primary's candidates when none was decided at the start: each task's is found now. */
  candidates?: readonly string[]
  essential: ReadonlySet<string>
  /** The last log lines of a container, as printed. */
  lastLines(taskArn: string, container: string): readonly string[]
  logUrl(taskArn: string, container: string): string | undefined
  /** Failures known before the verdict: a wait-timeout, fewer tasks placed than asked for. */
  known?: { timedOut?: Failure; shortfall?: Failure }
  /** The reasons the action's own StopTask sent (wait-timeout), by task ARN. */
  sentReasons?: ReadonlyMap<string, string>
  /** Shards never started (fail-fast, wait-timeout): a row each in the summary. */
  unstarted?: readonly number[]
  /** With tasks started again (retry-on): the rows list every attempt. */
  attempts?: AttemptsResult
  summary: StepSummary
}

export interface AttemptsResult {
  /** Whether a task is the last attempt of its own: the verdict and the outputs are about those. */
  last(taskArn: string): boolean
  /** A task's failure with what its attempts add (max-attempts reached). */
  amend(failure: Failure): Failure
  /** Tasks that could not be started again. */
  failures: readonly Failure[]
}

/**
 * The end of a run whose tasks stopped (docs/behaviour.md): the verdict, one annotation per
 * failure (quoting a failed container's last lines) and the job summary (the outputs are
 * run/finish.ts's). Throws ReportedFailure when the step fails.
 */
export async function reportResult(options: ResultOptions): Promise<void> {
  const { attempts } = options
  const tasks: Task[] = options.rows
    .map((r) => r.task)
    .filter((task) => attempts?.last(task.taskArn ?? '') ?? true)
  const primaryOf = (task: Task): string =>
    primaryOfTask(task, { name: options.container, ...optionalCandidates(options) })
  const container = tasks[0] ? primaryOf(tasks[0]) : options.container
  if (container !== options.container) sayDecided(options, container)

  const { timedOut, shortfall } = options.known ?? {}
  // After a wait-timeout the action stopped the tasks itself: their exit codes say nothing.
  const judgement = timedOut ? undefined : judge(tasks, options.essential, primaryOf)
  const judged = judgement
    ? [...judgement.failures.map((f) => attempts?.amend(f) ?? f), ...(attempts?.failures ?? [])]
    : timedOut
      ? [timedOut]
      : []
  const notes = judgement?.notes ?? []
  const shardOf = new Map(options.rows.map((r) => [r.task.taskArn ?? '', r.shard]))
  for (const line of noteLines(notes, tasks.length, (arn) => shardOf.get(arn))) core.info(line)
  const verdict = verdictOf(shortfall ? [shortfall, ...judged] : judged, notes)
  const title = verdict.ok
    ? tasks.length > 1
      ? 'ECS tasks succeeded'
      : 'ECS task succeeded'
    : ((judged[0] ?? shortfall)?.title ?? Title.failed)
  await options.summary
    .write({
      status: verdict.ok ? 'succeeded' : 'failed',
      title,
      rows: withSentReasons(options.rows, options.sentReasons),
      failures: verdict.failures,
      ...(options.unstarted?.length ? { unstarted: options.unstarted } : {}),
      notes,
      lastLines: options.lastLines
    })
    .catch((error: unknown) => core.warning(`Could not write the job summary: ${String(error)}`))

  if (!verdict.ok) {
    const shards = new Map(options.rows.map((r) => [r.task.taskArn ?? '', r.shard]))
    const sharded = options.rows.some((r) => r.shard !== undefined)
    if (sharded || verdict.failures.length > MAX_ANNOTATIONS_PER_KIND) {
      // One per title, naming the rest: GitHub shows 10 annotations of a kind per step.
      const grouped = groupedAnnotations(verdict.failures, Title.failed, {
        shardOf: (arn) => shards.get(arn),
        lines: (f) => (f.taskArn && f.container ? options.lastLines(f.taskArn, f.container) : []),
        logUrl: (f) =>
          f.taskArn && f.container ? options.logUrl(f.taskArn, f.container) : undefined
      })
      for (const { title, text } of grouped) core.error(text, { title })
      throw new ReportedFailure(verdict.problems.join(' '))
    }
    for (const failure of verdict.failures) {
      const { taskArn, container } = failure
      const lines = taskArn && container ? options.lastLines(taskArn, container) : []
      const logUrl = taskArn && container ? options.logUrl(taskArn, container) : undefined
      core.error(annotationText(failure, lines, logUrl), { title: failure.title ?? Title.failed })
    }
    throw new ReportedFailure(verdict.problems.join(' '))
  }
  const what = tasks.length > 1 ? `all ${tasks.length} tasks` : 'the task'
  core.info(
    notes.length > 0
      ? `Success: ${container} exited 0 in ${what}; every other essential container ` +
          'exited 0 or was stopped with the task.'
      : `Success: every essential container of ${what} exited 0.`
  )
}

/**
 * The notes' log lines: as written for one task; for several, one line per distinct note naming
 * the shards (or tasks) it is about, so 30 shards' sidecars stopped with their tasks are three
 * lines that say which shards, not 90 that do not.
 */
export function noteLines(
  notes: readonly ContainerNote[],
  taskCount: number,
  shardOf: (taskArn: string) => number | undefined
): string[] {
  if (taskCount <= 1 && notes.every((n) => shardOf(n.taskArn) === undefined)) {
    return notes.map((n) => n.text)
  }
  const groups = new Map<string, ContainerNote[]>()
  for (const note of notes) groups.set(note.text, [...(groups.get(note.text) ?? []), note])
  return [...groups].map(([text, group]) => {
    const shards = group.map((n) => shardOf(n.taskArn)).filter((s) => s !== undefined)
    const who =
      shards.length === group.length
        ? `${shards.length === 1 ? 'Shard' : 'Shards'} ${ranges(shards)}`
        : `${group.length === 1 ? 'Task' : 'Tasks'} ${group.map((n) => taskId(n.taskArn)).join(', ')}`
    return `${who}: ${text.charAt(0).toLowerCase()}${text.slice(1)}`
  })
}

/** 0, 1, 2, 3, 7 → "0-3, 7". */
function ranges(indexes: readonly number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++
    parts.push(sorted[i] === start ? String(start) : `${start}-${sorted[i]}`)
  }
  return parts.join(', ')
}

function optionalCandidates(options: ResultOptions): { candidates?: readonly string[] } {
  return options.candidates ? { candidates: options.candidates } : {}
}

/**
 * The first candidate did not decide (ECS stopped it with the task): the log and the summary
 * follow the container that did (and `exit-code` and `log-url`, in run/finish.ts).
 */
function sayDecided(options: ResultOptions, container: string): void {
  const others = (options.candidates ?? []).filter((name) => name !== container)
  core.info(
    `Primary container for the verdict: ${container}, the first of ` +
      `${(options.candidates ?? []).join(', ')} that exited on its own ` +
      `(${others.join(', ')} did not: stopped with the task or never ran).`
  )
  options.summary.primaryIs(container)
}

/** Rows of tasks the action stopped itself, not yet seen STOPPED, show the reason it sent. */
function withSentReasons(
  rows: readonly TaskRow[],
  sentReasons: ReadonlyMap<string, string> | undefined
): readonly TaskRow[] {
  return rows.map((row) => {
    const sent = sentReasons?.get(row.task.taskArn ?? '')
    if (sent === undefined || row.task.stoppedReason) return row
    return { ...row, task: { ...row.task, stoppedReason: sent } }
  })
}
