// What the step log shows while the job runs: the tasks' log lines and the action's own lines
// through one printer (in the order they happened; a log line never acts as a workflow command),
// the tasks' progress, and the readers of the log (last lines, task outputs).

import * as core from '@actions/core'
import type { ContainerDefinition, Task } from '@aws-sdk/client-ecs'
import type { Inputs } from '../inputs/inputs.js'
import type { Clock } from '../kit/clock.js'
import { taskId } from '../kit/links.js'
import { logReads } from '../logs/get-log-events.js'
import { fanOut, type LogReader } from '../logs/line-readers.js'
import { LogPrinter } from '../logs/printer.js'
import { LogStreamer } from '../logs/streamer.js'
import { LogTail } from '../logs/tail.js'
import { logTargets, type LogTarget } from '../logs/targets.js'
import { ProgressReporter } from '../report/progress.js'
import type { IndexView } from './job-decision.js'
import { IndexOutputs } from './task-outputs.js'

/** A task ARN for what the task definition alone tells about the streams of any task. */
const PLACEHOLDER = 'arn:aws:ecs:::task/placeholder'

export interface ViewOptions {
  clock: Clock
  inputs: Inputs
  containers: ContainerDefinition[]
  container: string
  /** Clock time of the first RunTask: where a stream every task shares is read from. */
  since: number
  /** The shard a task runs, with `shards`. */
  shardOf(taskArn: string): number | undefined
}

/** The log side of the job: printer, streamer, progress lines and the log's readers. */
export class JobView {
  readonly tail = new LogTail()
  readonly outputs: IndexOutputs
  private readonly printer: LogPrinter
  private readonly streamer: LogStreamer
  private readonly progress: ProgressReporter
  private readonly shown = new Set<string>()
  private said = ''
  private ended = false

  constructor(private readonly options: ViewOptions) {
    const { inputs } = options
    this.outputs = new IndexOutputs(inputs.taskOutputs, options.container)
    const sharded = inputs.shards !== undefined
    this.printer = new LogPrinter(process.stdout, {
      prefix: sharded || inputs.count > 1 || this.several()
    })
    const readers: LogReader[] = [this.tail, this.outputs]
    // A reader's warning goes through the printer: after the lines it is about, as a command.
    const onMessages = fanOut(readers, ({ title, message }) => {
      this.printer.commandSoon(() => core.warning(message, { title }))
    })
    this.streamer = new LogStreamer([], {
      ...logReads(),
      clock: options.clock,
      printer: this.printer,
      log: (m) => core.debug(m),
      warn: (m) => core.warning(m),
      ...(onMessages ? { onMessages } : {})
    })
    this.progress = new ProgressReporter({
      say: (line) => this.say(line),
      debug: (line) => this.debug(line),
      elapsed: () => options.clock.now() - options.since,
      sayAfterLogs: (labels, line) => this.printer.noteAfterSoon(labels, line)
    })
    // One task's story in order: RUNNING before its first log line (shards say the job's line).
    if (!sharded) this.printer.beforeFirstLine((label) => this.progress.beforeFirstLine(label))
    this.sayShared()
  }

  /** Whether more than one container of a task is streamed: lines then need their label. */
  private several(): boolean {
    return this.select([PLACEHOLDER]).targets.length > 1
  }

  private select(taskArns: readonly string[]): {
    targets: LogTarget[]
    skipped: Array<{ container: string; reason: string }>
  } {
    const { inputs } = this.options
    if (!inputs.streamLogs) return { targets: [], skipped: [] }
    return logTargets(this.options.containers, [...taskArns], inputs.region, inputs.logContainers, {
      since: this.options.since,
      shardOf: (arn) => this.options.shardOf(arn)
    })
  }

  start(): void {
    for (const skip of this.select([PLACEHOLDER]).skipped) {
      core.info(`Not streaming the logs of ${skip.container}: ${skip.reason}`)
    }
    this.streamer.start()
  }

  /** A task was started for `index`: follow its streams. */
  follow(index: number, taskArn: string): void {
    this.outputs.follow(index, taskArn)
    this.streamer.add(this.select([taskArn]).targets)
  }

  /** A line of the step log, in order with the tasks' lines. */
  say(line: string): void {
    if (this.ended) core.info(line)
    else this.printer.noteSoon(line)
  }

  /** A workflow command (an annotation, a notice) in order with the tasks' lines. */
  command(fn: () => void): void {
    if (this.ended) fn()
    else this.printer.commandSoon(fn)
  }

  /**
   * A workflow command that keeps its place behind the lines waiting for streams: a task started
   * again is announced after the previous task's exit and STOPPED.
   */
  commandInOrder(fn: () => void): void {
    if (this.ended) fn()
    else this.printer.commandInOrderSoon(fn)
  }

  /** Only with step debug logging on: a debug line resumes workflow commands. */
  debug(line: string): void {
    if (core.isDebug()) this.command(() => core.debug(line))
  }

  /** A fresh look at the tasks. */
  update(tasks: Task[], views: readonly IndexView[]): void {
    this.streamer.update(tasks)
    if (this.options.inputs.shards === undefined) this.progress.update(tasks)
    else this.jobLine(views)
    this.execHint(tasks)
  }

  /**
   * With shards, one line per change of the whole job, as a GitHub matrix says it: `12 running,
   * 30 succeeded, 1 failed, 57 to start`, rather than a line per shard per poll.
   */
  jobLine(views: readonly IndexView[], final = false): void {
    // Without shards, progress lines tell each task's story instead.
    if (this.options.inputs.shards === undefined) return
    const count = (phases: string[]) => views.filter((v) => phases.includes(v.phase)).length
    // The line that says every shard ended comes after their last log lines (run() prints it
    // once the streams drained), not before lines CloudWatch delivers after a task stopped.
    if (!final && count(['succeeded', 'failed', 'stopped', 'unstarted']) === views.length) return
    const parts: Array<[number, string]> = [
      [count(['starting']), 'starting'],
      [count(['running']), 'running'],
      [count(['pausing']), 'to start again'],
      [count(['succeeded']), 'succeeded'],
      [count(['failed']), 'failed'],
      [count(['stopped']), 'stopped'],
      [count(['unstarted']), 'not started'],
      [count(['waiting']), 'to start']
    ]
    const line = `Shards: ${parts
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}`)
      .join(', ')}`
    if (line === this.said) return
    this.said = line
    this.say(`${line} (+${Math.round((this.options.clock.now() - this.options.since) / 1000)} s).`)
  }

  /** Cancel/timeout: stop reading soon (the page in flight is still printed). */
  abort(): void {
    this.streamer.abort()
  }

  /** Every stream drained (or abandoned), then workflow commands are on again. */
  async finished(): Promise<void> {
    try {
      await this.streamer.finished()
    } finally {
      await this.printer.end()
      this.ended = true
    }
  }

  /** With ECS Exec on, print the command that opens a shell, once per task when it runs. */
  private execHint(tasks: Task[]): void {
    const { inputs, container } = this.options
    if (!inputs.enableExecuteCommand) return
    for (const task of tasks) {
      const arn = task.taskArn ?? ''
      if (task.lastStatus !== 'RUNNING' || this.shown.has(arn)) continue
      this.shown.add(arn)
      this.say(
        `ECS Exec: aws ecs execute-command --region ${inputs.region} --cluster ${inputs.cluster} ` +
          `--task ${taskId(arn)} --container ${container} --interactive --command "/bin/sh"`
      )
    }
  }

  /** A FireLens stream with a fixed name holds every task's lines: say how this task's are read. */
  private sayShared(): void {
    const said = new Set<string>()
    for (const t of this.select([PLACEHOLDER]).targets) {
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
}
