import type { Container, Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { judge } from '../../../src/report/verdict.js'

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0'
const ID = '0123456789abcdef0'

function task(containers: Container[], extra: Partial<Task> = {}): Task {
  return { taskArn: ARN, lastStatus: 'STOPPED', containers, ...extra }
}

/** The sidecar every task below has unless a case is about it: essential, exited 0. */
const proxy: Container = { name: 'db-proxy', lastStatus: 'STOPPED', exitCode: 0 }

const essential = new Set(['app', 'db-proxy'])

describe('judge', () => {
  const cases: Array<{ name: string; tasks: Task[]; ok: boolean; problems: string[] }> = [
    {
      name: 'every container exited 0',
      tasks: [
        task([
          { name: 'app', lastStatus: 'STOPPED', exitCode: 0 },
          { name: 'db-proxy', lastStatus: 'STOPPED', exitCode: 0 }
        ])
      ],
      ok: true,
      problems: []
    },
    {
      name: 'an essential container exited nonzero',
      tasks: [
        task([
          { name: 'app', lastStatus: 'STOPPED', exitCode: 3 },
          { name: 'db-proxy', lastStatus: 'STOPPED', exitCode: 0 }
        ])
      ],
      ok: false,
      problems: [`Task ${ID}: container app exited with code 3.`]
    },
    {
      name: 'exit 137 with the container reason',
      tasks: [
        task([
          { name: 'app', lastStatus: 'STOPPED', exitCode: 137, reason: 'OutOfMemoryError' },
          proxy
        ])
      ],
      ok: false,
      problems: [
        `Task ${ID}: container app exited with code 137 (OutOfMemoryError). ` +
          'Give the container more memory, in the task definition or "overrides".'
      ]
    },
    {
      name: 'a non-essential container exited nonzero',
      tasks: [
        task([
          { name: 'app', lastStatus: 'STOPPED', exitCode: 0 },
          proxy,
          { name: 'log-router', lastStatus: 'STOPPED', exitCode: 1 }
        ])
      ],
      ok: true,
      problems: []
    },
    {
      name: 'a container that never ran',
      tasks: [
        task([{ name: 'app', lastStatus: 'STOPPED' }, proxy], {
          stopCode: 'TaskFailedToStart',
          stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)'
        })
      ],
      ok: false,
      problems: [
        `Task ${ID}: container app never ran or was killed before it exited ` +
          '(CannotPullContainerError: pull image manifest has been retried 5 time(s)) [TaskFailedToStart]. ' +
          "Check that the image exists and that the task definition's execution role may pull it."
      ]
    },
    {
      name: 'an exit code of null counts as none',
      tasks: [
        task([{ name: 'app', lastStatus: 'STOPPED', exitCode: null as unknown as number }, proxy], {
          stopCode: 'TaskFailedToStart',
          stoppedReason: 'ResourceInitializationError: unable to pull secrets'
        })
      ],
      ok: false,
      problems: [
        `Task ${ID}: container app never ran or was killed before it exited ` +
          '(ResourceInitializationError: unable to pull secrets) [TaskFailedToStart]. ' +
          "Check the execution role's access to the secrets, registry and log group the task " +
          'uses, and that its subnets reach them (a NAT gateway, a public IP or VPC endpoints).'
      ]
    },
    {
      name: 'a task that did not stop',
      tasks: [task([{ name: 'app', lastStatus: 'RUNNING' }], { lastStatus: 'RUNNING' })],
      ok: false,
      problems: [`Task ${ID} did not stop (last status RUNNING).`]
    },
    {
      name: 'one problem per failing task',
      tasks: [
        task([{ name: 'app', exitCode: 0 }, proxy], { taskArn: 'arn:aws:ecs:r:1:task/prod/aaa' }),
        task([{ name: 'app', exitCode: 2 }, proxy], { taskArn: 'arn:aws:ecs:r:1:task/prod/bbb' }),
        task([], { taskArn: 'arn:aws:ecs:r:1:task/prod/ccc', lastStatus: 'MISSING' })
      ],
      ok: false,
      problems: [
        'Task bbb: container app exited with code 2.',
        'Task ccc did not stop (last status MISSING).'
      ]
    },
    {
      name: 'an essential container DescribeTasks does not report',
      tasks: [task([{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }])],
      ok: false,
      problems: [
        `Task ${ID}: essential container db-proxy is not in ECS's description of the task ` +
          '(DescribeTasks), so whether it ran and how it exited is unknown.'
      ]
    },
    {
      name: 'a task described without any container',
      tasks: [task([])],
      ok: false,
      problems: ['app', 'db-proxy'].map(
        (name) =>
          `Task ${ID}: essential container ${name} is not in ECS's description of the task ` +
          '(DescribeTasks), so whether it ran and how it exited is unknown.'
      )
    }
  ]

  it.each(cases)('$name', ({ tasks, ok, problems }) => {
    const verdict = judge(tasks, essential)
    expect({ ok: verdict.ok, problems: verdict.problems }).toEqual({ ok, problems })
    expect(verdict.failures).toHaveLength(problems.length)
  })

  it('ties each failure to its task and container, headline apart from the advice', () => {
    const verdict = judge(
      [task([{ name: 'app', lastStatus: 'STOPPED', exitCode: 137 }, proxy])],
      essential
    )
    expect(verdict.failures).toEqual([
      {
        taskArn: ARN,
        container: 'app',
        headline: `Task ${ID}: container app exited with code 137.`,
        advice:
          'Check its memory use: 137 means it was killed (SIGKILL), most often for lack of memory'
      }
    ])
  })

  it('quotes a stopped reason that ends with a stop without doubling it', () => {
    const verdict = judge(
      [
        task([{ name: 'app', lastStatus: 'STOPPED' }, proxy], {
          stopCode: 'SpotInterruption',
          stoppedReason: 'Your Spot Task was interrupted.'
        })
      ],
      essential
    )
    expect(verdict.problems).toEqual([
      `Task ${ID}: container app never ran or was killed before it exited ` +
        '(Your Spot Task was interrupted) [SpotInterruption]. ' +
        'Run the workflow again, or add spot-interruption to "retry-on".'
    ])
  })
})
