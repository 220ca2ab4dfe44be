// Where every end of a run meets: the outputs (as soon as tasks start, and at the end), whether
// the run settled, the job summary and the verdict. Each end (finished, timeout, cancel,
// wait: false, a task that could not be followed, `if-running: skip`) is an Outcome given to
// finish(); nothing else writes an output.

import * as core from '@actions/core'
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs'
import { isEssential, primaryOfTask } from '../ecs/primary-container.js'
import type { Inputs } from '../inputs/inputs.js'
import { Outputs } from '../kit/outputs.js'
import { Cancelled, Title } from '../kit/failures.js'
import { taskConsoleUrl, taskId } from '../kit/links.js'
import { cell } from '../kit/markdown.js'
import { joinSentences } from '../kit/sentences.js'
import { logConsoleUrl, logTargets } from '../logs/targets.js'
import {
  cancelledMessage,
  leftRunningSummary,
  shortfallFailure,
  timedOutFailure
} from '../report/run-failures.js'
import type { StepSummary } from '../report/summary.js'
import type { TaskRow } from '../report/summary-markdown.js'
import type { Failure } from '../report/verdict.js'
import type { Attempt, IndexEnd, Job, JobEnd } from './job.js'
import { markSettled } from './state.js'

/** GitHub keeps 1 MB of outputs a job: `results` stays under half of it. */
export const RESULTS_MAX_BYTES = 512 * 1024

/** While shards start, `task-arns` is written again at most this often (and at the end). */
const TASK_ARNS_EVERY_MS = 10_000

export type LogUrl = (taskArn: string, container: string) => string | undefined

/** How a run ended, for finish(). `skipped` is `if-running: skip`: nothing was started. */
export type Outcome =
  | { kind: 'finished' | 'timeout' | 'cancelled' | 'left-running' | 'broken'; job: JobEnd }
  | { kind: 'skipped'; message: string }

export interface RunFacts {
  outputs: StepOutputs
  /** Several primary candidates: each task's primary is decided at its end. */
  candidates?: readonly string[]
  inputs: Inputs
  taskDefinition: TaskDefinition
  container: string
  logUrl: LogUrl
  summary: StepSummary
}

/** The console link of a container's log stream in a task, when it uses awslogs. */
export function logUrls(taskDefinition: TaskDefinition, region: string): LogUrl {
  const definitions = taskDefinition.containerDefinitions ?? []
  return (arn, name) => {
    const target = logTargets(definitions, [arn], region).targets.find((t) => t.container === name)
    return target ? logConsoleUrl(target) : undefined
  }
}

/**
 * The step's outputs, each written when its value changes: the runner keeps the last value of
 * each, and a thousand shards must not append a growing list to GITHUB_OUTPUT at every start.
 */
export class StepOutputs {
  private readonly written = new Map<string, string>()

  set(name: string, value: string | number): void {
    const text = String(value)
    if (this.written.get(name) === text) return
    this.written.set(name, text)
    core.setOutput(name, text)
  }
}

/** The outputs of a run that started nothing (a dry run, `if-running: skip`). */
export function publishNothingStarted(outputs: StepOutputs, taskDefinitionArn: string): void {
  outputs.set(Outputs.taskDefinitionArn, taskDefinitionArn)
  outputs.set(Outputs.taskArn, '')
  outputs.set(Outputs.taskArns, '[]')
  outputs.set(Outputs.taskId, '')
  outputs.set(Outputs.exitCode, '')
  outputs.set(Outputs.stoppedReason, '')
  outputs.set(Outputs.logUrl, '')
  outputs.set(Outputs.attempts, '0')
  outputs.set(Outputs.results, '[]')
}

/** Outputs known before RunTask, set first so a later step reads them whatever happens. */
export function publishBeforeStart(outputs: StepOutputs, taskDefinitionArn: string): void {
  outputs.set(Outputs.taskDefinitionArn, taskDefinitionArn)
}

/**
 * Tasks just started: the log lines naming them, the one log-link notice (index 0's first
 * task), and the outputs that name the tasks, for later `if: always()` steps.
 */
export class StartAnnouncer {
  private arnsWrittenAt = -Infinity

  constructor(
    private readonly facts: Omit<RunFacts, 'summary'>,
    private readonly now: () => number
  ) {}

  /** With several tasks, only the first one's log sets the `task-outputs` output. */
  private sayWhoseOutputs(taskArn: string, job: Job): void {
    const { inputs, container } = this.facts
    if (inputs.taskOutputs.length === 0 || job.indexes.length < 2) return
    core.info(
      job.sharded
        ? `task-outputs: the output is shard 0's (${container} in ${taskId(taskArn)}); every ` +
            "shard's are in the results output."
        : `task-outputs: only the lines of ${container} in the first task (${taskId(taskArn)}) set outputs.`
    )
  }

  private get out(): StepOutputs {
    return this.facts.outputs
  }

  announce(started: readonly Attempt[], job: Job): void {
    const { inputs, container, logUrl } = this.facts
    for (const { taskArn, number, index, earlier, clientToken } of started) {
      const which = [
        ...(job.sharded ? [`shard ${index}`] : []),
        ...(number > 1 ? [`attempt ${number} of ${inputs.maxAttempts}`] : [])
      ]
      const url = taskConsoleUrl(inputs.region, inputs.cluster, taskArn)
      const said = which.length > 0 ? ` (${which.join(', ')})` : ''
      core.info(
        earlier
          ? `Task ${taskId(taskArn)}${said} was already started by this step (ECS returned it for ` +
              `the same client token, ${clientToken}, created before this run's RunTask): ` +
              `following it, no new task started: ${url}`
          : `Started task ${taskId(taskArn)}${said}: ${url}`
      )
      if (index === 0 && number === 1) this.sayWhoseOutputs(taskArn, job)
      const mainLog = index === 0 ? logUrl(taskArn, container) : undefined
      if (mainLog) core.notice(`Logs of ${container}: ${mainLog}`, { title: 'Task logs' })
    }
    const first = job.latest().find((a) => a.index === 0)?.taskArn ?? ''
    this.out.set(Outputs.taskArn, first)
    if (!job.sharded || this.now() - this.arnsWrittenAt >= TASK_ARNS_EVERY_MS) {
      this.arnsWrittenAt = this.now()
      this.out.set(Outputs.taskArns, JSON.stringify(job.latest().map((a) => a.taskArn)))
    }
    this.out.set(Outputs.taskId, first ? taskId(first) : '')
    this.out.set(Outputs.logUrl, first ? (logUrl(first, container) ?? '') : '')
    this.out.set(Outputs.attempts, attemptsOutput(job.indexes, job.sharded))
  }
}

/** Shard 0's attempts with shards; otherwise the highest attempt of any task. */
function attemptsOutput(indexes: readonly IndexEnd[], sharded: boolean): number {
  if (sharded) return indexes[0]?.tried.length ?? 0
  return Math.max(1, ...indexes.map((i) => i.tried.length))
}

/**
 * The one finish: publishes every output from the outcome, marks the run settled when nothing
 * is left for the post step, writes the summary and the verdict. Throws what fails the step.
 */
export async function finish(outcome: Outcome, facts: RunFacts): Promise<void> {
  if (outcome.kind === 'skipped') return skipped(outcome.message, facts)
  const { job } = outcome
  const { inputs, summary } = facts
  publishEnd(job, facts)
  if (job.settled) markSettled()
  const latest = job.indexes.flatMap((i) => i.tried.slice(-1))
  switch (outcome.kind) {
    case 'left-running': {
      const arns = latest.map((a) => a.taskArn)
      core.info(
        `wait is false: the ${arns.length > 1 ? 'tasks run' : 'task runs'} on without this step.`
      )
      await summary
        .write(leftRunningSummary(arns))
        .catch((error: unknown) =>
          core.warning(`Could not write the job summary: ${String(error)}`)
        )
      return
    }
    case 'cancelled':
      throw new Cancelled(cancelledMessage(inputs, latest.length, job.settled))
    case 'broken':
      throw job.error
    default:
      return verdict(job, outcome.kind === 'timeout', facts)
  }
}

/** `if-running: skip`: the job already runs; nothing was started, nothing is left to stop. */
async function skipped(message: string, facts: RunFacts): Promise<void> {
  publishNothingStarted(facts.outputs, facts.taskDefinition.taskDefinitionArn ?? '')
  facts.outputs.set(Outputs.skipped, 'true')
  markSettled()
  const said = `${message} "if-running" is skip: nothing was started.`
  core.notice(said, { title: 'Job already running' })
  await facts.summary
    .write({
      status: 'succeeded',
      title: 'Skipped: the job is already running',
      rows: [],
      failures: [],
      note: cell(said)
    })
    .catch((error: unknown) => core.warning(`Could not write the job summary: ${String(error)}`))
}

/** Every index settled, or wait-timeout passed: the verdict, annotations and summary. */
async function verdict(job: JobEnd, timeout: boolean, facts: RunFacts): Promise<void> {
  const { inputs, container, summary } = facts
  const latest = job.indexes.flatMap((i) => i.tried.slice(-1))
  const { reportResult } = await import('../report/result.js')
  const timedOut = timeout ? timedOutFailure(inputs, latest.length, job.settled) : undefined
  const shortfall = shortfallFailure(
    job.indexes.length - job.unplaced,
    job.indexes.length,
    inputs.cluster,
    job.placementFailures
  )
  const judged = job.indexes.filter((i) => i.phase !== 'stopped' && i.tried.length > 0)
  const lastOf = new Set(judged.map((i) => i.tried[i.tried.length - 1]?.taskArn))
  const stoppedByFailFast = job.indexes.filter((i) => i.phase === 'stopped').length
  const never = job.indexes.filter((i) => i.phase === 'unstarted').length
  if (stoppedByFailFast + never > 0 && !timeout) {
    core.info(
      `fail-fast: ${stoppedByFailFast} shard${stoppedByFailFast === 1 ? '' : 's'} stopped, ` +
        `${never} not started.`
    )
  }
  const sent = new Map(
    job.indexes.flatMap((i) => (i.stopReason ? [[latestArn(i), i.stopReason] as const] : []))
  )
  await reportResult({
    rows: rows(job, facts.inputs.shards !== undefined),
    container,
    ...(facts.candidates ? { candidates: facts.candidates } : {}),
    essential: new Set(
      (facts.taskDefinition.containerDefinitions ?? []).filter(isEssential).map((c) => c.name ?? '')
    ),
    lastLines: (arn, name) => job.view?.tail.last(arn, name) ?? [],
    logUrl: facts.logUrl,
    known: { ...(timedOut ? { timedOut } : {}), ...(shortfall ? { shortfall } : {}) },
    sentReasons: sent,
    ...(inputs.shards !== undefined
      ? { unstarted: job.indexes.filter((i) => i.tried.length === 0).map((i) => i.index) }
      : {}),
    attempts: {
      last: (arn) => lastOf.has(arn),
      amend: (failure) =>
        amend(failure, job.indexes, inputs.maxAttempts, inputs.shards !== undefined),
      failures: job.indexes.flatMap((i): Failure[] =>
        i.problem ? [{ headline: i.problem, title: Title.notStarted }] : []
      )
    },
    summary
  })
}

/** Every output at the end of the run (those unchanged since the start are not written again). */
function publishEnd(job: JobEnd, facts: RunFacts): void {
  const { container, outputs: out } = facts
  const first = job.indexes[0]
  const firstArn = first ? latestArn(first) : ''
  out.set(Outputs.taskArn, firstArn)
  out.set(
    Outputs.taskArns,
    JSON.stringify(job.indexes.flatMap((i) => i.tried.slice(-1).map((a) => a.taskArn)))
  )
  out.set(Outputs.taskId, firstArn ? taskId(firstArn) : '')
  out.set(Outputs.logUrl, firstArn ? (facts.logUrl(firstArn, container) ?? '') : '')
  out.set(Outputs.attempts, attemptsOutput(job.indexes, facts.inputs.shards !== undefined))
  const task = firstArn ? job.seen.get(firstArn) : undefined
  const primary = primaryOf(task, facts)
  if (primary !== container && firstArn) {
    out.set(Outputs.logUrl, facts.logUrl(firstArn, primary) ?? '')
  }
  const exit = task?.containers?.find((c) => c.name === primary)?.exitCode
  out.set(Outputs.exitCode, exit ?? '')
  out.set(Outputs.stoppedReason, first?.stopReason ?? task?.stoppedReason ?? '')
  if (facts.inputs.taskOutputs.length > 0 && job.view) {
    const outputs = job.view.outputs.of(0)
    const names = Object.keys(outputs)
    core.info(
      names.length > 0
        ? `Task outputs set: ${names.join(', ')}.`
        : `Task outputs set: none (no ECS_RUN_TASK_OUTPUT line of a listed name in ${container}'s log).`
    )
    out.set(Outputs.taskOutputs, JSON.stringify(outputs))
  }
  out.set(
    Outputs.results,
    resultsJson(job, (t) => primaryOf(t, facts))
  )
}

/** One entry per index, in index order, as it ended. */
export interface ResultEntry {
  index: number
  'task-arn': string | null
  'exit-code': number | null
  'stopped-reason': string | null
  attempts: number
  'task-outputs'?: Record<string, string>
}

/**
 * The `results` output: past RESULTS_MAX_BYTES the entries drop `task-outputs`, from the last
 * index back, until it fits (said in the log).
 */
export function resultsJson(
  job: Pick<JobEnd, 'indexes' | 'seen' | 'view'>,
  primaryOf: (task: Task | undefined) => string
): string {
  const entries: ResultEntry[] = job.indexes.map((i) => {
    const arn = i.tried.length > 0 ? latestArn(i) : undefined
    const task = arn ? job.seen.get(arn) : undefined
    const exit = task?.containers?.find((c) => c.name === primaryOf(task))?.exitCode
    return {
      index: i.index,
      'task-arn': arn ?? null,
      'exit-code': exit ?? null,
      'stopped-reason': i.stopReason ?? task?.stoppedReason ?? null,
      attempts: i.tried.length,
      'task-outputs': job.view?.outputs.of(i.index) ?? {}
    }
  })
  return capResults(entries)
}

export function capResults(entries: ResultEntry[], max = RESULTS_MAX_BYTES): string {
  let text = JSON.stringify(entries)
  if (Buffer.byteLength(text) <= max) return text
  let dropped = 0
  for (let k = entries.length - 1; k >= 0 && Buffer.byteLength(text) > max; k--) {
    const entry = entries[k]
    if (entry === undefined || entry['task-outputs'] === undefined) continue
    // Dropping in steps keeps this linear: measure again only every so often.
    delete entry['task-outputs']
    dropped++
    if (dropped % 50 === 0 || k === 0) text = JSON.stringify(entries)
  }
  text = JSON.stringify(entries)
  core.warning(
    `The results output would pass ${max / 1024} KiB: ${dropped} entr${dropped === 1 ? 'y leaves' : 'ies leave'} ` +
      'out "task-outputs" (GitHub keeps 1 MB of outputs a job).'
  )
  return text
}

/** Every attempt's last view, by index then attempt; the attempt shown when any was retried. */
function rows(job: JobEnd, sharded: boolean): TaskRow[] {
  const several = job.indexes.some((i) => i.tried.length > 1)
  return job.indexes.flatMap((i) =>
    i.tried.map((a): TaskRow => {
      const task: Task = job.seen.get(a.taskArn) ?? { taskArn: a.taskArn, lastStatus: 'MISSING' }
      return {
        task,
        ...(several ? { attempt: a.number } : {}),
        // The summary of shards: one row per shard, with how many attempts it took.
        ...(sharded ? { shard: i.index, attempts: i.tried.length } : {})
      }
    })
  )
}

/** A shard's failure names the shard; one given up at max-attempts says so. */
function amend(
  failure: Failure,
  indexes: readonly IndexEnd[],
  maxAttempts: number,
  sharded: boolean
): Failure {
  const entry = indexes.find((i) => failure.taskArn && latestArn(i) === failure.taskArn)
  const named =
    sharded && entry
      ? { ...failure, headline: `Shard ${entry.index}: ${failure.headline}` }
      : failure
  if (!entry?.exhausted) return named
  return {
    ...named,
    headline: joinSentences(
      named.headline,
      `It was attempt ${entry.tried.length} of ${maxAttempts} ("max-attempts")`
    )
  }
}

function latestArn(entry: IndexEnd): string {
  return entry.tried[entry.tried.length - 1]?.taskArn ?? ''
}

/** A task's primary as the verdict decides it (the first candidate that exited on its own). */
function primaryOf(
  task: Task | undefined,
  facts: Pick<RunFacts, 'container' | 'candidates'>
): string {
  return primaryOfTask(task, {
    name: facts.container,
    ...(facts.candidates ? { candidates: facts.candidates } : {})
  })
}
