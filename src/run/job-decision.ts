// The pure half of following many tasks: from what the last look saw of each index (a shard, a
// task of `count`, or the one task), what to do next. The loop in job.ts observes, calls decide
// and acts; nothing here calls AWS or reads the clock, so a table of cases tests it.

import type { Task } from '@aws-sdk/client-ecs'
import { primaryOfTask } from '../ecs/primary-container.js'
import { attemptDecision } from '../ecs/start-failure.js'
import { retryExitCodes, type RetryCause } from '../inputs/parsers.js'
import { taskId } from '../kit/links.js'
import { judge } from '../report/verdict.js'

/**
 * Where an index is. A slot is held while `starting` (RunTask in flight) and `running` (a task
 * not yet seen STOPPED); `pausing` waits out the backoff before the next attempt, slotless.
 * `stopped`: the action stopped it after another index failed (fail-fast); `unstarted`: it never
 * got to start for that reason.
 */
export type Phase =
  'waiting' | 'starting' | 'running' | 'pausing' | 'succeeded' | 'failed' | 'stopped' | 'unstarted'

const FINAL: ReadonlySet<Phase> = new Set(['succeeded', 'failed', 'stopped', 'unstarted'])

export function isFinal(phase: Phase): boolean {
  return FINAL.has(phase)
}

export interface IndexView {
  index: number
  phase: Phase
  /** Attempts started so far (0 before the first RunTask). */
  attempts: number
  /** `running`: the latest attempt's task as last described (STOPPED once it stopped). */
  task?: Task
  /** `pausing`: the clock time from which the next attempt may start. */
  readyAt?: number
  /** `running`: the action sent StopTask to it (fail-fast, a timeout). */
  stopSent?: boolean
}

export interface Policy {
  /** At most this many indexes starting or running at once. */
  maxParallel: number
  /** Once an index failed for good, stop the others and start no more. */
  failFast: boolean
  maxAttempts: number
  retryOn: readonly RetryCause[]
  /** The primary container: its exit decides and `exit-code:N` is read from it. */
  primary: string
  /** Several candidates and no input needing one: each task's primary is decided at its end. */
  candidates?: readonly string[]
  essential: ReadonlySet<string>
  /** `count`: the first attempts of every index are one RunTask (the same request, count N). */
  together: boolean
}

export type Move =
  /** One RunTask for these indexes (several only for `together`'s first attempts). */
  | { kind: 'start'; indexes: number[]; attempt: number }
  /** The index's task stopped for a cause in retry-on: attempt `attempt` after a backoff. */
  | { kind: 'again'; index: number; attempt: number; why: string }
  /** The index's task stopped and it is not started again; `why` is worth a log line. */
  | {
      kind: 'settle'
      index: number
      result: 'succeeded' | 'failed' | 'stopped'
      why?: string
      exhausted?: boolean
      /** Failed: what the verdict says first (`Task …: container app exited with code 1.`). */
      failure?: string
    }
  /** fail-fast: stop the index's running task. */
  | { kind: 'stop'; index: number; why: string }
  /** fail-fast: the index will not start. */
  | { kind: 'skip'; index: number }

export interface Decision {
  moves: Move[]
  /** Every index is final: nothing runs, nothing will start. */
  done: boolean
}

/**
 * What to do next, in the shape of Kubernetes' Job controller: settle or start again what
 * stopped (retry-on, max-attempts), then with fail-fast stop the rest once one failed for good,
 * else start waiting indexes (those ready to start again first, then in index order) into the
 * free slots.
 */
export function decide(views: readonly IndexView[], policy: Policy, now: number): Decision {
  const moves: Move[] = []
  const phase = new Map(views.map((v) => [v.index, v.phase]))
  for (const view of views) {
    if (view.phase !== 'running' || view.task?.lastStatus !== 'STOPPED') continue
    const move = afterStop(view, view.task, policy)
    moves.push(move)
    phase.set(view.index, move.kind === 'again' ? 'pausing' : move.result)
  }
  const failed = views.find((v) => phase.get(v.index) === 'failed')
  if (policy.failFast && failed !== undefined) {
    for (const view of views) {
      const now = phase.get(view.index)
      if (now === 'running' && !view.stopSent) {
        moves.push({ kind: 'stop', index: view.index, why: `shard ${failed.index} failed` })
      } else if (now === 'waiting' || now === 'pausing') {
        moves.push({ kind: 'skip', index: view.index })
        phase.set(view.index, 'unstarted')
      }
    }
  } else {
    moves.push(...starts(views, phase, policy, now))
  }
  const done = views.every((v) => isFinal(phase.get(v.index) ?? v.phase))
  return { moves, done }
}

function starts(
  views: readonly IndexView[],
  phase: Map<number, Phase>,
  policy: Policy,
  now: number
): Move[] {
  const busy = views.filter((v) => ['starting', 'running'].includes(phase.get(v.index) ?? ''))
  let free = policy.maxParallel - busy.length
  const ready = views.filter(
    (v) => phase.get(v.index) === 'pausing' && v.phase === 'pausing' && (v.readyAt ?? 0) <= now
  )
  const waiting = views.filter((v) => phase.get(v.index) === 'waiting')
  const moves: Move[] = []
  for (const view of ready) {
    if (free <= 0) break
    moves.push({ kind: 'start', indexes: [view.index], attempt: view.attempts + 1 })
    free--
  }
  if (policy.together && waiting.length > 0 && free >= waiting.length) {
    return [...moves, { kind: 'start', indexes: waiting.map((v) => v.index), attempt: 1 }]
  }
  for (const view of policy.together ? [] : waiting) {
    if (free <= 0) break
    moves.push({ kind: 'start', indexes: [view.index], attempt: 1 })
    free--
  }
  return moves
}

/** An index whose task stopped: started again for a cause of retry-on, or settled. */
export function afterStop(
  view: IndexView,
  task: Task,
  policy: Policy
): Extract<Move, { kind: 'again' | 'settle' }> {
  const { index } = view
  if (view.stopSent) return { kind: 'settle', index, result: 'stopped' }
  const retry = retryCause(task, policy)
  if (retry.cause === undefined) {
    const verdict = judge([task], policy.essential, primaryOf(task, policy))
    const failure = verdict.failures[0]?.headline
    return {
      kind: 'settle',
      index,
      result: verdict.ok ? 'succeeded' : 'failed',
      ...(retry.why ? { why: `${retry.why}; not starting it again.` } : {}),
      ...(failure ? { failure } : {})
    }
  }
  if (view.attempts >= policy.maxAttempts) {
    return {
      kind: 'settle',
      index,
      result: 'failed',
      exhausted: true,
      why:
        `${retry.why}; that was attempt ${view.attempts} of ${policy.maxAttempts} ` +
        '(max-attempts), so it is not started again.'
    }
  }
  return { kind: 'again', index, attempt: view.attempts + 1, why: retry.why ?? '' }
}

/**
 * Why a stopped task may be started again: a start failure or Spot interruption (attemptDecision),
 * or its primary container exiting on its own with a code of `exit-code:N`. `why` is set for the
 * stops worth a log line even when not retried (a start failure, an interruption).
 */
export function retryCause(task: Task, policy: Policy): { cause?: RetryCause; why?: string } {
  const id = taskId(task.taskArn ?? '')
  if (task.stopCode === 'TaskFailedToStart' || task.stopCode === 'SpotInterruption') {
    const what =
      task.stopCode === 'SpotInterruption'
        ? `Task ${id} was interrupted by Fargate Spot`
        : `Task ${id} never started`
    const decision = attemptDecision(task, policy.retryOn)
    return { ...(decision.cause ? { cause: decision.cause } : {}), why: `${what}: ${decision.why}` }
  }
  const codes = retryExitCodes(policy.retryOn)
  if (codes.length === 0 || task.stopCode === 'UserInitiated') return {}
  const name = primaryOf(task, policy)
  const primary = task.containers?.find((c) => c.name === name)
  const code = primary?.exitCode ?? undefined
  // On its own: no reason from ECS (a reason means ECS or a signal ended it).
  if (code === undefined || !codes.includes(code) || primary?.reason) return {}
  return {
    cause: `exit-code:${code}`,
    why: `Task ${id}: container ${name} exited with code ${code} (retry-on exit-code:${code})`
  }
}

/** The task's primary as the verdict decides it (the first candidate that exited on its own). */
function primaryOf(task: Task, policy: Policy): string {
  return primaryOfTask(task, {
    name: policy.primary,
    ...(policy.candidates ? { candidates: policy.candidates } : {})
  })
}
