import type { Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { ProgressReporter } from '../../../src/report/progress.js'

const A = 'arn:aws:ecs:us-east-1:1:task/prod/aaaa'
const B = 'arn:aws:ecs:us-east-1:1:task/prod/bbbb'

function report(views: Task[][]): string[] {
  const lines: string[] = []
  const progress = new ProgressReporter((line) => lines.push(line))
  for (const view of views) progress.update(view)
  return lines
}

describe('ProgressReporter', () => {
  it('says one line per status change and never repeats one', () => {
    const views: Task[][] = [
      [{ taskArn: A, lastStatus: 'MISSING' }],
      [{ taskArn: A, lastStatus: 'PROVISIONING' }],
      [{ taskArn: A, lastStatus: 'PROVISIONING' }],
      [{ taskArn: A, lastStatus: 'PENDING', containers: [{ name: 'app', lastStatus: 'PENDING' }] }],
      [{ taskArn: A, lastStatus: 'RUNNING', containers: [{ name: 'app', lastStatus: 'RUNNING' }] }],
      [{ taskArn: A, lastStatus: 'RUNNING', containers: [{ name: 'app', lastStatus: 'RUNNING' }] }],
      [
        {
          taskArn: A,
          lastStatus: 'RUNNING',
          containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }]
        }
      ],
      [
        {
          taskArn: A,
          lastStatus: 'STOPPING',
          containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }]
        }
      ],
      [
        {
          taskArn: A,
          lastStatus: 'STOPPED',
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }]
        }
      ],
      [
        {
          taskArn: A,
          lastStatus: 'STOPPED',
          containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }]
        }
      ]
    ]
    expect(report(views)).toEqual([
      'Task is PROVISIONING',
      'Task is PENDING',
      'Task is RUNNING',
      'Task: container app exited with code 0',
      'Task is STOPPING',
      'Task is STOPPED (Essential container in task exited)'
    ])
  })

  it('reports a container that stopped without an exit code, with its reason', () => {
    expect(
      report([
        [
          {
            taskArn: A,
            lastStatus: 'STOPPED',
            stoppedReason: 'CannotPullContainerError: not found',
            containers: [
              { name: 'app', lastStatus: 'STOPPED', reason: 'CannotPullContainerError: not found' }
            ]
          }
        ]
      ])
    ).toEqual([
      'Task is STOPPED (CannotPullContainerError: not found)',
      'Task: container app stopped without an exit code (CannotPullContainerError: not found)'
    ])
  })

  it('names each task when there are several', () => {
    expect(
      report([
        [
          { taskArn: A, lastStatus: 'RUNNING' },
          { taskArn: B, lastStatus: 'PENDING' }
        ],
        [
          { taskArn: A, lastStatus: 'RUNNING' },
          {
            taskArn: B,
            lastStatus: 'RUNNING',
            containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 2 }]
          }
        ]
      ])
    ).toEqual([
      'Task aaaa is RUNNING',
      'Task bbbb is PENDING',
      'Task bbbb is RUNNING',
      'Task bbbb: container app exited with code 2'
    ])
  })
})
