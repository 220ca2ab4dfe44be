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
        `Task ${ID}: container app was killed for lack of memory (OutOfMemoryError), exit code 137. ` +
          "Give container app more memory: its memory (or the task's) in the task definition, or " +
          'in "overrides" (containerOverrides[].memory, memory).'
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

describe('judge with a primary container', () => {
  const mesh = new Set(['datadog-agent', 'app', 'envoy'])
  const stopped = (name: string, exitCode?: number, reason?: string): Container => ({
    name,
    lastStatus: 'STOPPED',
    ...(exitCode === undefined ? {} : { exitCode }),
    ...(reason ? { reason } : {})
  })

  it.each([
    [143, 'SIGTERM'],
    [137, 'SIGKILL after its stop timeout']
  ])(
    'a sidecar %i with no reason after the primary exited 0: a note, not a failure',
    (code, signal) => {
      const verdict = judge(
        [task([stopped('datadog-agent', 0), stopped('app', 0), stopped('envoy', code)])],
        mesh,
        'app'
      )
      expect(verdict.ok).toBe(true)
      expect(verdict.notes).toEqual([
        {
          taskArn: ARN,
          container: 'envoy',
          short: `stopped with the task (${signal}) after app exited 0`,
          text:
            `Container envoy exited with code ${code}: ECS stopped with the task (${signal}) after ` +
            'app exited 0; not a failure (the primary container decides).'
        }
      ])
    }
  )

  it('a sidecar that crashes fails the step: another code, or a reason from ECS', () => {
    const verdict = judge(
      [
        task([
          stopped('datadog-agent', 1),
          stopped('app', 0),
          stopped('envoy', 137, 'OutOfMemoryError: Container killed due to memory usage')
        ])
      ],
      mesh,
      'app'
    )
    expect(verdict.problems).toEqual([
      `Task ${ID}: container datadog-agent exited with code 1.`,
      `Task ${ID}: container envoy was killed for lack of memory (OutOfMemoryError: Container ` +
        'killed due to memory usage), exit code 137. Give container envoy more memory: its ' +
        'memory (or the task\'s) in the task definition, or in "overrides" ' +
        '(containerOverrides[].memory, memory).'
    ])
    expect(verdict.notes).toEqual([])
  })

  it('the primary at 143 fails even beside a clean sidecar; an OOM-killed primary is named', () => {
    expect(
      judge([task([stopped('app', 143), stopped('envoy', 0)])], new Set(['app', 'envoy']), 'app')
        .problems
    ).toEqual([
      `Task ${ID}: container app exited with code 143. ECS stopped app with the task when envoy ` +
        'exited 0: if envoy runs the job, give "container: envoy".'
    ])
    const oom = judge(
      [
        task([
          stopped('app', 137, 'OutOfMemoryError: Container killed due to memory usage'),
          stopped('envoy', 143)
        ])
      ],
      new Set(['app', 'envoy']),
      'app'
    )
    // Envoy was stopped with the task: only the app is a failure, and envoy is no note either.
    expect(oom.failures.map((f) => f.container)).toEqual(['app'])
    expect(oom.notes).toEqual([])
  })

  it('a non-essential primary still decides', () => {
    const verdict = judge(
      [task([stopped('job', 2), stopped('envoy', 0)])],
      new Set(['envoy']),
      'job'
    )
    expect(verdict.problems).toEqual([`Task ${ID}: container job exited with code 2.`])
  })

  it('a StopTask the action did not send fails, quoting its reason, whatever the exit codes', () => {
    const verdict = judge(
      [
        task([stopped('app', 0), stopped('envoy', 143)], {
          stopCode: 'UserInitiated',
          stoppedReason: 'Task stopped by user'
        })
      ],
      mesh,
      'app'
    )
    expect(verdict.failures).toEqual([
      {
        taskArn: ARN,
        container: 'app',
        headline:
          `Task ${ID} was stopped by a StopTask that this step did not send (stop code ` +
          'UserInitiated): "Task stopped by user".',
        advice:
          'Someone or something stopped it (the console, the CLI, another pipeline): find who ' +
          'in CloudTrail (StopTask events), then run the workflow again'
      }
    ])
  })

  it("the action's own StopTask is not someone else's", () => {
    const verdict = judge(
      [
        task([stopped('app', 0)], {
          stopCode: 'UserInitiated',
          stoppedReason: 'ecs-run-task: the workflow was cancelled'
        })
      ],
      new Set(['app']),
      'app'
    )
    expect(verdict.ok).toBe(true)
  })
})

describe('judge: a primary stopped with the task', () => {
  it('says which container exited 0 and how to make it primary', () => {
    const verdict = judge(
      [
        task([
          { name: 'datadog-agent', lastStatus: 'STOPPED', exitCode: 143 },
          { name: 'app', lastStatus: 'STOPPED', exitCode: 0 }
        ])
      ],
      new Set(['datadog-agent', 'app']),
      'datadog-agent'
    )
    expect(verdict.problems).toEqual([
      `Task ${ID}: container datadog-agent exited with code 143. ECS stopped datadog-agent with ` +
        'the task when app exited 0: if app runs the job, give "container: app".'
    ])
  })
})
