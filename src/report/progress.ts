import type { Task } from '@aws-sdk/client-ecs'
import { taskId } from '../kit/links.js'
import { streamLabel } from '../logs/targets.js'
import { clause } from '../kit/sentences.js'
import { formatDuration } from '../kit/time.js'

/** The statuses a reader of the step log follows; the others are said at debug level. */
const SHOWN = new Set(['PROVISIONING', 'RUNNING', 'STOPPED'])

export interface ProgressOptions {
  /** A line of the step log. */
  say(line: string): void
  /** A line shown only with step debug logging. */
  debug(line: string): void
  /** Milliseconds since RunTask accepted the tasks. */
  elapsed(): number
  /**
   * A line of the step log once every log line of the streams `labels` is printed (a
   * container's exit, the task's STOPPED); `say` at once when not given.
   */
  sayAfterLogs?(labels: readonly string[], line: string): void
}

/** Statuses of a task that has got past RUNNING, if it ever ran. */
const AFTER_RUNNING = new Set(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'])

/**
 * Turns successive DescribeTasks views into one line per change (task status, container
 * exit), so the log tells the task's story without repeating itself every poll. Lines name
 * the task only when there are several: "The task is RUNNING (+12 s)", "Container app exited
 * with code 0"; "Task 0a1b… is RUNNING (+12 s)", "Task 0a1b…: container app exited with code 0".
 *
 * The story reads in the order things happened whatever the polls saw: a task that ran says it
 * did (RUNNING) before its first log line and before any later status, even when no poll saw it
 * RUNNING; a container's exit and the task's STOPPED come after the container's last log lines.
 */
export class ProgressReporter {
  private readonly seen = new Map<string, string>()
  /** Tasks whose RUNNING line was said. */
  private readonly ran = new Set<string>()
  private many = false

  constructor(private readonly options: ProgressOptions) {}

  /**
   * The line due before the first log line of stream `label` (a task id and a container): that
   * the task is RUNNING, unless it was said already.
   */
  beforeFirstLine(label: string): string | undefined {
    const id = label.slice(0, label.indexOf('/'))
    if (id === '' || this.ran.has(id)) return undefined
    this.ran.add(id)
    this.seen.set(id, 'RUNNING')
    return this.runningLine(id)
  }

  update(tasks: Task[]): void {
    const many = tasks.length > 1
    this.many = many
    for (const task of tasks) {
      const id = taskId(task.taskArn ?? '')
      // Seen PROVISIONING, then already stopping: it ran in between, if it started at all;
      // said before the containers' exits.
      const status = task.lastStatus ?? ''
      if (AFTER_RUNNING.has(status) && !this.ran.has(id) && startedRunning(task)) {
        this.ran.add(id)
        this.options.say(this.runningLine(id, task))
      }
      // Containers exit before their task stops: when one view shows both, say it in that order.
      if (task.lastStatus === 'STOPPED') {
        this.containers(task, id, many)
        this.status(task, id, many)
      } else {
        this.status(task, id, many)
        this.containers(task, id, many)
      }
    }
  }

  private status(task: Task, id: string, many: boolean): void {
    this.once(id, task.lastStatus ?? '', (status) => {
      if (status === 'MISSING' || status === '') return
      // Said already (before its first log line), or a poll answered from a stale view.
      if (this.ran.has(id) && !AFTER_RUNNING.has(status)) return
      if (status === 'RUNNING') this.ran.add(id)
      const who = many ? `Task ${id}` : 'The task'
      const why =
        status === 'STOPPED' && task.stoppedReason ? `: ${clause(task.stoppedReason)}` : ''
      const line = `${who} is ${status} (+${formatDuration(this.offset(task, status))})${why}`
      if (status === 'STOPPED') this.afterLogs(labelsOf(task, id), line)
      else if (SHOWN.has(status)) this.options.say(line)
      else this.options.debug(line)
    })
  }

  private runningLine(id: string, task?: Task): string {
    const who = this.many ? `Task ${id}` : 'The task'
    const at = task ? this.offset(task, 'RUNNING') : this.options.elapsed()
    return `${who} is RUNNING (+${formatDuration(at)})`
  }

  /**
   * When the task reached `status`, from ECS's own times where it gives them (startedAt,
   * stoppedAt, from createdAt), so the log agrees with the summary's durations however late a
   * poll saw it; else the time since RunTask.
   */
  private offset(task: Task, status: string): number {
    const at =
      status === 'RUNNING' ? task.startedAt : status === 'STOPPED' ? task.stoppedAt : undefined
    if (at === undefined || task.createdAt === undefined) return this.options.elapsed()
    return Math.max(0, at.getTime() - task.createdAt.getTime())
  }

  private afterLogs(labels: readonly string[], line: string): void {
    if (this.options.sayAfterLogs) this.options.sayAfterLogs(labels, line)
    else this.options.say(line)
  }

  private containers(task: Task, id: string, many: boolean): void {
    for (const c of task.containers ?? []) {
      if (c.lastStatus !== 'STOPPED') continue
      this.once(`${id}/${c.name}`, 'STOPPED', () => {
        const who = many ? `Task ${id}: container ${c.name}` : `Container ${c.name}`
        const code = c.exitCode ?? undefined
        // The task's own reason (a pull error) is said once, on its STOPPED line.
        const own = c.reason && !task.stoppedReason?.includes(c.reason) ? c.reason : undefined
        const why = own ? ` (${clause(own)})` : ''
        this.afterLogs(
          [streamLabel(id, c.name ?? '')],
          code === undefined
            ? `${who} stopped without an exit code${why}`
            : `${who} exited with code ${code}${why}`
        )
      })
    }
  }

  private once(key: string, value: string, report: (value: string) => void): void {
    if (this.seen.get(key) === value) return
    this.seen.set(key, value)
    report(value)
  }
}

/** Whether the task got as far as running: ECS set startedAt, or a container exited. */
function startedRunning(task: Task): boolean {
  return (
    task.startedAt !== undefined ||
    (task.containers ?? []).some((c) => c.exitCode !== undefined && c.exitCode !== null)
  )
}

/** The log streams a task's containers may have, as the printer names them. */
function labelsOf(task: Task, id: string): string[] {
  return (task.containers ?? []).map((c) => streamLabel(id, c.name ?? ''))
}
