import type { Task } from '@aws-sdk/client-ecs'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { LogPrinter } from '../../../src/logs/printer.js'
import { ProgressReporter } from '../../../src/report/progress.js'

const A = 'arn:aws:ecs:us-east-1:1:task/prod/aaaa'
const B = 'arn:aws:ecs:us-east-1:1:task/prod/bbbb'

/** Each view arrives 4 s after the previous one (the first at +0 s). */
function report(views: Task[][]): { info: string[]; debug: string[] } {
  const info: string[] = []
  const debug: string[] = []
  let now = 0
  const progress = new ProgressReporter({
    say: (line) => info.push(line),
    debug: (line) => debug.push(line),
    elapsed: () => now
  })
  for (const view of views) {
    progress.update(view)
    now += 4000
  }
  return { info, debug }
}

const app = (lastStatus: string, exitCode?: number): Task['containers'] => [
  { name: 'app', lastStatus, ...(exitCode === undefined ? {} : { exitCode }) }
]

describe('ProgressReporter', () => {
  it('says the status changes that matter with the time since RunTask, the rest at debug', () => {
    const views: Task[][] = [
      [{ taskArn: A, lastStatus: 'MISSING' }],
      [{ taskArn: A, lastStatus: 'PROVISIONING' }],
      [{ taskArn: A, lastStatus: 'PROVISIONING' }],
      [{ taskArn: A, lastStatus: 'PENDING', containers: app('PENDING') }],
      [{ taskArn: A, lastStatus: 'ACTIVATING', containers: app('PENDING') }],
      [{ taskArn: A, lastStatus: 'RUNNING', containers: app('RUNNING') }],
      [{ taskArn: A, lastStatus: 'RUNNING', containers: app('RUNNING') }],
      [{ taskArn: A, lastStatus: 'RUNNING', containers: app('STOPPED', 0) }],
      [{ taskArn: A, lastStatus: 'DEACTIVATING', containers: app('STOPPED', 0) }],
      [{ taskArn: A, lastStatus: 'STOPPING', containers: app('STOPPED', 0) }],
      [{ taskArn: A, lastStatus: 'DEPROVISIONING', containers: app('STOPPED', 0) }],
      [
        {
          taskArn: A,
          lastStatus: 'STOPPED',
          stoppedReason: 'Essential container in task exited',
          containers: app('STOPPED', 0)
        }
      ],
      [{ taskArn: A, lastStatus: 'STOPPED', containers: app('STOPPED', 0) }]
    ]
    const { info, debug } = report(views)
    expect(info).toEqual([
      'The task is PROVISIONING (+4 s)',
      'The task is RUNNING (+20 s)',
      'Container app exited with code 0',
      'The task is STOPPED (+44 s): Essential container in task exited'
    ])
    expect(debug).toEqual([
      'The task is PENDING (+12 s)',
      'The task is ACTIVATING (+16 s)',
      'The task is DEACTIVATING (+32 s)',
      'The task is STOPPING (+36 s)',
      'The task is DEPROVISIONING (+40 s)'
    ])
  })

  it("reports a container that stopped without an exit code, its reason once (the task's)", () => {
    const reason = 'CannotPullContainerError: not found'
    const { info } = report([
      [
        {
          taskArn: A,
          lastStatus: 'STOPPED',
          stoppedReason: reason,
          containers: [{ name: 'app', lastStatus: 'STOPPED', reason }]
        }
      ]
    ])
    // The container before its task, as it happened, though one view shows both.
    expect(info).toEqual([
      'Container app stopped without an exit code',
      `The task is STOPPED (+0 s): ${reason}`
    ])
  })

  it("reports a container's own reason when the task's is another", () => {
    const { info } = report([
      [
        {
          taskArn: A,
          lastStatus: 'STOPPED',
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'app', lastStatus: 'STOPPED', reason: 'OutOfMemoryError' }]
        }
      ]
    ])
    expect(info[0]).toBe('Container app stopped without an exit code (OutOfMemoryError)')
  })

  it('names each task when there are several', () => {
    const { info } = report([
      [
        { taskArn: A, lastStatus: 'RUNNING' },
        { taskArn: B, lastStatus: 'PENDING' }
      ],
      [
        { taskArn: A, lastStatus: 'RUNNING' },
        { taskArn: B, lastStatus: 'RUNNING', containers: app('STOPPED', 2) }
      ]
    ])
    expect(info).toEqual([
      'Task aaaa is RUNNING (+0 s)',
      'Task bbbb is RUNNING (+4 s)',
      'Task bbbb: container app exited with code 2'
    ])
  })

  it('says minutes past one minute, and a stopped reason without a doubled stop', () => {
    const info: string[] = []
    const progress = new ProgressReporter({
      say: (line) => info.push(line),
      debug: () => undefined,
      elapsed: () => 125_000
    })
    progress.update([{ taskArn: A, lastStatus: 'STOPPED', stoppedReason: 'Task stopped by user.' }])
    expect(info).toEqual(['The task is STOPPED (+2 min 5 s): Task stopped by user'])
  })
})

describe('ProgressReporter with the printer: the story in the order things happened', () => {
  /** The printer's visible text (commands switches dropped), progress and log lines together. */
  async function story(
    act: (p: { progress: ProgressReporter; printer: LogPrinter }) => Promise<void>
  ): Promise<string[]> {
    const chunks: string[] = []
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString())
        callback()
      }
    })
    const printer = new LogPrinter(out)
    const progress = new ProgressReporter({
      say: (line) => printer.noteSoon(line),
      debug: () => undefined,
      elapsed: () => 1000,
      sayAfterLogs: (labels, line) => printer.noteAfterSoon(labels, line)
    })
    printer.beforeFirstLine((label) => progress.beforeFirstLine(label))
    await act({ progress, printer })
    await printer.end()
    return chunks
      .join('')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('::'))
  }

  const stopped: Task = {
    taskArn: A,
    lastStatus: 'STOPPED',
    startedAt: new Date(0),
    stoppedReason: 'Essential container in task exited',
    containers: app('STOPPED', 0)
  }

  it('seen PROVISIONING then STOPPED, lines read after: RUNNING, the lines, the exit, STOPPED', async () => {
    const lines = await story(async ({ progress, printer }) => {
      printer.opened('aaaa/app')
      progress.update([{ taskArn: A, lastStatus: 'PROVISIONING' }])
      progress.update([stopped])
      await printer.write('aaaa/app', ['hello', 'done'])
      await printer.closed('aaaa/app')
    })
    expect(lines).toEqual([
      'The task is PROVISIONING (+1 s)',
      'The task is RUNNING (+1 s)',
      'hello',
      'done',
      'Container app exited with code 0',
      'The task is STOPPED (+1 s): Essential container in task exited'
    ])
  })

  it('lines before any poll saw it run: RUNNING comes first, and once', async () => {
    const lines = await story(async ({ progress, printer }) => {
      printer.opened('aaaa/app')
      progress.update([{ taskArn: A, lastStatus: 'PENDING' }])
      await printer.write('aaaa/app', ['hello'])
      progress.update([{ taskArn: A, lastStatus: 'RUNNING', containers: app('RUNNING') }])
      progress.update([stopped])
      await printer.closed('aaaa/app')
    })
    expect(lines).toEqual([
      'The task is RUNNING (+1 s)',
      'hello',
      'Container app exited with code 0',
      'The task is STOPPED (+1 s): Essential container in task exited'
    ])
  })

  it('a task that never started says no RUNNING; a stream not followed holds nothing', async () => {
    const lines = await story(async ({ progress }) => {
      progress.update([{ taskArn: A, lastStatus: 'PROVISIONING' }])
      progress.update([
        {
          taskArn: A,
          lastStatus: 'STOPPED',
          stopCode: 'TaskFailedToStart',
          stoppedReason: 'CannotPullContainerError: not found',
          containers: app('STOPPED')
        }
      ])
    })
    expect(lines).toEqual([
      'The task is PROVISIONING (+1 s)',
      'Container app stopped without an exit code',
      'The task is STOPPED (+1 s): CannotPullContainerError: not found'
    ])
  })
})
