import type { Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
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
