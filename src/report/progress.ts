import type { Task } from '@aws-sdk/client-ecs'
import { taskId } from '../kit/links.js'
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
}

/**
 * Turns successive DescribeTasks views into one line per change (task status, container
 * exit), so the log tells the task's story without repeating itself every poll. Lines name
 * the task only when there are several: "The task is RUNNING (+12 s)", "Container app exited
 * with code 0"; "Task 0a1b… is RUNNING (+12 s)", "Task 0a1b…: container app exited with code 0".
 */
export class ProgressReporter {
  private readonly seen = new Map<string, string>()

  constructor(private readonly options: ProgressOptions) {}

  update(tasks: Task[]): void {
    const many = tasks.length > 1
    for (const task of tasks) {
      const id = taskId(task.taskArn ?? '')
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
      const who = many ? `Task ${id}` : 'The task'
      const why =
        status === 'STOPPED' && task.stoppedReason ? `: ${clause(task.stoppedReason)}` : ''
      const line = `${who} is ${status} (+${formatDuration(this.options.elapsed())})${why}`
      if (SHOWN.has(status)) this.options.say(line)
      else this.options.debug(line)
    })
  }

  private containers(task: Task, id: string, many: boolean): void {
    for (const c of task.containers ?? []) {
      if (c.lastStatus !== 'STOPPED') continue
      this.once(`${id}/${c.name}`, 'STOPPED', () => {
        const who = many ? `Task ${id}: container ${c.name}` : `Container ${c.name}`
        const code = c.exitCode ?? undefined
        const why = c.reason ? ` (${clause(c.reason)})` : ''
        this.options.say(
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
