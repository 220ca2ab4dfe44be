import type { Task } from '@aws-sdk/client-ecs'
import { taskId } from './links.js'

/**
 * Turns successive DescribeTasks views into one line per change (task status, container
 * exit), so the log tells the task's story without repeating itself every poll.
 */
export class ProgressReporter {
  private readonly seen = new Map<string, string>()

  constructor(private readonly say: (line: string) => void) {}

  update(tasks: Task[]): void {
    const label = tasks.length > 1
    for (const task of tasks) {
      const id = taskId(task.taskArn ?? '')
      const who = label ? `Task ${id}` : 'Task'
      this.once(`${id}`, task.lastStatus ?? '', (status) => {
        if (status === 'MISSING' || status === '') return
        const why = status === 'STOPPED' && task.stoppedReason ? ` (${task.stoppedReason})` : ''
        this.say(`${who} is ${status}${why}`)
      })
      for (const c of task.containers ?? []) {
        if (c.lastStatus !== 'STOPPED') continue
        this.once(`${id}/${c.name}`, 'STOPPED', () => {
          const code = c.exitCode ?? undefined
          this.say(
            code === undefined
              ? `${who}: container ${c.name} stopped without an exit code${c.reason ? ` (${c.reason})` : ''}`
              : `${who}: container ${c.name} exited with code ${code}${c.reason ? ` (${c.reason})` : ''}`
          )
        })
      }
    }
  }

  private once(key: string, value: string, report: (value: string) => void): void {
    if (this.seen.get(key) === value) return
    this.seen.set(key, value)
    report(value)
  }
}
