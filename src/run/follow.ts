// Stage 4: wait for the tasks while streaming their logs, then stop what wait-timeout or a cancel
// left running.

import * as core from '@actions/core'
import type { ContainerDefinition, ECSClient, Task } from '@aws-sdk/client-ecs'
import { errorMessage } from '../aws/errors.js'
import { waitForTasks, type WaitOutcome } from '../ecs/wait-for-tasks.js'
import type { Inputs } from '../inputs/inputs.js'
import type { Clock } from '../kit/clock.js'
import { taskId } from '../kit/links.js'
import { clause } from '../kit/sentences.js'
import { LogPrinter } from '../logs/printer.js'
import { fanOut, type LogReader } from '../logs/line-readers.js'
import { logEventsReader } from '../logs/get-log-events.js'
import { LogStreamer } from '../logs/streamer.js'
import { LogTail } from '../logs/tail.js'
import { logTargets, type LogTarget } from '../logs/targets.js'
import { publishEndOutputs, type SentReasons } from '../report/end-outputs.js'
import { ProgressReporter } from '../report/progress.js'
import { waitTimeoutPassed } from '../report/run-failures.js'
import type { Started } from './start.js'
import { announceStart } from './started.js'
import { CANCELLED, markSettled, stillRunning, stopAll, stopOrKeep } from './stop.js'
import { collectTaskOutputs, publishTaskOutputs } from './task-outputs.js'

export interface FollowOptions {
  ecs: ECSClient
  clock: Clock
  inputs: Inputs
  started: Started
  containers: ContainerDefinition[]
  /** The container `command` overrides: the one ECS Exec opens a shell in. */
  container: string
  signal: AbortSignal
}

export interface Followed {
  /** Why waiting ended, and the last view of the tasks. */
  outcome: WaitOutcome
  /** Every task left running at the end was stopped (or there was none). */
  stopped: boolean
  /** The last lines of each container's log, for the annotations. */
  tail: LogTail
  /** The reason the action's own StopTask sent, by task: their `stopped-reason`. */
  sent: SentReasons
}

/**
 * Follows the tasks to their end and sets the `task-outputs` output whatever happens. When the
 * tasks can no longer be followed they are stopped rather than left unwatched.
 */
export async function follow(options: FollowOptions): Promise<Followed> {
  const { ecs, inputs, started, container } = options
  const tail = new LogTail()
  const taskOutputs = collectTaskOutputs(inputs, started.taskArns, container)
  const sent = new Map<string, string>()
  let followed: Followed
  try {
    const readers = [tail, ...(taskOutputs ? [taskOutputs] : [])]
    const end = await followTasks(options, readers, sent, (attempt) => {
      if (attempt.slot === 1) taskOutputs?.follow(attempt.taskArn)
    })
    followed = { ...end, tail, sent }
  } catch (error) {
    await started.attempts.halt()
    const why = `the action could not follow the task (${clause(errorMessage(error))})`
    if (await stopAll(ecs, inputs, started.attempts.taskArns, why, sent)) markSettled()
    publishEndOutputs({ taskArn: started.attempts.latest()[0]?.taskArn }, container, sent)
    throw error
  } finally {
    // Before the verdict, so a later step has them whatever the verdict.
    if (taskOutputs) publishTaskOutputs(taskOutputs, container)
  }
  if (followed.stopped) markSettled()
  return followed
}

/**
 * Waits for the tasks while streaming their logs and telling their story. Log lines and the
 * action's own lines go through one printer, so they appear in the order they happened and
 * a task's log line can never act as a workflow command.
 */
async function followTasks(
  options: FollowOptions,
  readers: LogReader[],
  sent: Map<string, string>,
  onRestart: (attempt: { slot: number; taskArn: string }) => void
): Promise<Omit<Followed, 'tail' | 'sent'>> {
  const { inputs, clock, started } = options
  const { attempts } = started
  const view = openView(options, readers)
  const { printer, streamer, say, debug } = view
  let ended = false
  started.news.listen({
    log: (m) => (ended ? core.info(m) : say(m)),
    started: (attempt) => {
      onRestart(attempt)
      streamer.add(view.select([attempt.taskArn]).targets)
      printer.commandInOrderSoon(() =>
        announceStart(inputs, options.container, started.logUrl, [attempt])
      )
    }
  })
  const progress = new ProgressReporter({
    say,
    debug,
    elapsed: () => clock.now() - started.startedAt,
    sayAfterLogs: (labels, line) => printer.noteAfterSoon(labels, line)
  })
  printer.beforeFirstLine((label) => progress.beforeFirstLine(label))
  const exec = inputs.enableExecuteCommand ? execHint(inputs, options.container, say) : undefined
  streamer.start()
  try {
    const outcome = await waitForTasks(options.ecs, {
      clock,
      cluster: inputs.cluster,
      region: inputs.region,
      taskArns: attempts.taskArns,
      attempts,
      deadline: clock.now() + inputs.waitTimeoutMs,
      signal: options.signal,
      log: debug,
      onUpdate: (tasks) => {
        progress.update(tasks)
        streamer.update(tasks)
        exec?.(tasks)
        attempts.observe(tasks)
      }
    })
    if (outcome.kind !== 'stopped') streamer.abort()
    // StopTask must not wait for the logs to drain.
    const [stopped] = await Promise.all([
      printer.command(() => stopLeftovers(options, outcome, sent)),
      streamer.finished()
    ])
    return { outcome, stopped }
  } catch (error) {
    streamer.abort()
    await streamer.finished()
    throw error
  } finally {
    // Workflow commands must be on again before any annotation is written.
    await printer.end()
    ended = true
  }
}

/** The printer, the log streamer and the lines that go through the printer. */
function openView(options: FollowOptions, readers: LogReader[]) {
  const { inputs } = options
  const select = (taskArns: readonly string[]) =>
    inputs.streamLogs
      ? logTargets(options.containers, [...taskArns], inputs.region, inputs.logContainers, {
          since: options.started.startedAt
        })
      : { targets: [], skipped: [] }
  const selected = select(options.started.taskArns)
  for (const skip of selected.skipped) {
    core.info(`Not streaming the logs of ${skip.container}: ${skip.reason}`)
  }
  sayShared(selected.targets)
  const printer = new LogPrinter(process.stdout, { prefix: selected.targets.length > 1 })
  const say = (line: string): void => printer.noteSoon(line)
  // Only with step debug logging on: a debug line resumes workflow commands, and the runner
  // echoes that switch, so unconditional debug lines would make the log noisier, not quieter.
  const debug = (line: string): void => {
    if (core.isDebug()) printer.commandSoon(() => core.debug(line))
  }
  // A reader's warning goes through the printer: after the lines it is about, as a command.
  const onMessages = fanOut(readers, ({ title, message }) => {
    printer.commandSoon(() => core.warning(message, { title }))
  })
  const streamer = new LogStreamer(selected.targets, {
    getLogEvents: logEventsReader(),
    clock: options.clock,
    printer,
    log: (m) => core.debug(m),
    warn: (m) => core.warning(m),
    ...(onMessages ? { onMessages } : {})
  })
  return { select, printer, streamer, say, debug }
}

/**
 * Waiting ended short of every task stopping (wait-timeout, a cancel): no task starts again
 * (one being started is let start, so it is stopped too), and those still running are stopped.
 */
async function stopLeftovers(
  options: FollowOptions,
  end: WaitOutcome,
  sent: Map<string, string>
): Promise<boolean> {
  const { ecs, inputs, started } = options
  if (end.kind === 'stopped') return true
  await started.attempts.halt()
  const running = stillRunning(started.attempts.taskArns, end.tasks)
  if (end.kind === 'cancelled') return stopOrKeep(ecs, inputs, running, CANCELLED, sent)
  return stopAll(ecs, inputs, running, waitTimeoutPassed(inputs), sent)
}

/** With ECS Exec on, print the command that opens a shell, once per task when it runs. */
function execHint(inputs: Inputs, container: string, say: (line: string) => void) {
  const shown = new Set<string>()
  return (tasks: Task[]): void => {
    for (const task of tasks) {
      const arn = task.taskArn ?? ''
      if (task.lastStatus !== 'RUNNING' || shown.has(arn)) continue
      shown.add(arn)
      say(
        `ECS Exec: aws ecs execute-command --region ${inputs.region} --cluster ${inputs.cluster} ` +
          `--task ${taskId(arn)} --container ${container} --interactive --command "/bin/sh"`
      )
    }
  }
}

/** A FireLens stream with a fixed name holds every task's lines: say how this task's are read. */
function sayShared(targets: readonly LogTarget[]): void {
  const said = new Set<string>()
  for (const t of targets) {
    if (t.startTime === undefined || said.has(t.container)) continue
    said.add(t.container)
    core.info(
      `The log stream ${t.group} ${t.stream} of ${t.container} is shared by every task (a fixed ` +
        'log_stream_name): its lines are read from when the task started' +
        (t.decode
          ? ', leaving out the records of other tasks (their ecs_task_arn).'
          : '; with log_key, lines of other tasks running at the same time show too.')
    )
  }
}
