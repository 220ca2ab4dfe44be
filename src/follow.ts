import * as core from '@actions/core'
import type { ContainerDefinition, ECSClient, Task } from '@aws-sdk/client-ecs'
import type { Attempt, Attempts } from './attempts.js'
import type { Clock } from './clock.js'
import type { Inputs } from './inputs/inputs.js'
import { taskId } from './report/links.js'
import { LogPrinter } from './logs/printer.js'
import { fanOut, type LogReader } from './logs/readers.js'
import { logEventsReader } from './logs/reader.js'
import { LogStreamer } from './logs/streamer.js'
import { logTargets, type LogTarget } from './logs/targets.js'
import { ProgressReporter } from './report/progress.js'
import { waitForTasks, type WaitOutcome } from './ecs/wait-for-tasks.js'

export interface FollowOptions {
  ecs: ECSClient
  clock: Clock
  inputs: Inputs
  taskArns: string[]
  containers: ContainerDefinition[]
  /** The container `command` overrides: the one ECS Exec opens a shell in. */
  container: string
  signal: AbortSignal
  /** Clock time at which RunTask accepted the tasks: progress lines say the time since. */
  startedAt: number
  /** Readers of the streamed log besides the printer (the failing lines, task outputs). */
  readers?: LogReader[]
  /**
   * Runs once waiting ended for any reason, before the logs finish draining (e.g. StopTask
   * on cancel, which must not wait for the drain).
   */
  onWaitEnd?(outcome: WaitOutcome): Promise<void>
  /**
   * Starts the tasks that stopped before they ran (retry-on): their tasks join those followed,
   * and `onStarted` announces each (its lines in order with the log lines).
   */
  attempts?: Attempts
  onStarted?(attempt: Attempt): void
}

/**
 * Waits for the tasks while streaming their logs and telling their story. Log lines and the
 * action's own lines go through one printer, so they appear in the order they happened and
 * a task's log line can never act as a workflow command.
 */
export async function followTasks(options: FollowOptions): Promise<WaitOutcome> {
  const { inputs, clock, attempts } = options
  const select = (taskArns: string[]) =>
    inputs.streamLogs
      ? logTargets(options.containers, taskArns, inputs.region, inputs.logContainers, {
          since: options.startedAt
        })
      : { targets: [], skipped: [] }
  const selected = select(options.taskArns)
  for (const skip of selected.skipped) {
    core.info(`Not streaming the logs of ${skip.container}: ${skip.reason}`)
  }
  sayShared(selected.targets)
  const printer = new LogPrinter(process.stdout, { prefix: selected.targets.length > 1 })
  const say = (line: string): void => void printer.note(line)
  // Only with step debug logging on: a debug line resumes workflow commands, and the runner
  // echoes that switch, so unconditional debug lines would make the log noisier, not quieter.
  const debug = (line: string): void => {
    if (core.isDebug()) void printer.command(() => core.debug(line))
  }
  // A reader's warning goes through the printer: after the lines it is about, as a command.
  const onMessages = fanOut(options.readers ?? [], ({ title, message }) => {
    void printer.command(() => core.warning(message, { title })).catch(() => undefined)
  })
  const streamer = new LogStreamer(selected.targets, {
    getLogEvents: logEventsReader(),
    clock,
    printer,
    log: (m) => core.debug(m),
    warn: (m) => core.warning(m),
    ...(onMessages ? { onMessages } : {})
  })
  const progress = new ProgressReporter({
    say,
    debug,
    elapsed: () => clock.now() - options.startedAt
  })
  const exec = inputs.enableExecuteCommand ? execHint(inputs, options.container, say) : undefined
  const log = attempts?.log
  if (attempts) {
    attempts.log = say
    attempts.onStarted((attempt) => {
      streamer.add(select([attempt.taskArn]).targets)
      void printer.command(() => options.onStarted?.(attempt))
    })
  }
  streamer.start()
  try {
    const outcome = await waitForTasks(options.ecs, {
      clock,
      cluster: inputs.cluster,
      region: inputs.region,
      taskArns: attempts?.taskArns ?? options.taskArns,
      ...(attempts ? { restarts: attempts } : {}),
      deadline: clock.now() + inputs.waitTimeoutMs,
      signal: options.signal,
      log: debug,
      onUpdate: (tasks) => {
        progress.update(tasks)
        streamer.update(tasks)
        exec?.(tasks)
        attempts?.observe(tasks)
      }
    })
    if (outcome.kind !== 'stopped') streamer.abort()
    await Promise.all([printer.command(() => options.onWaitEnd?.(outcome)), streamer.finished()])
    return outcome
  } catch (error) {
    streamer.abort()
    await streamer.finished()
    throw error
  } finally {
    // Workflow commands must be on again before any annotation is written.
    await printer.end()
    if (attempts && log) attempts.log = log
  }
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
