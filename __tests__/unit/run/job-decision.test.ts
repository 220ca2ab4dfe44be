import type { Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import {
  decide,
  retryCause,
  type IndexView,
  type Move,
  type Policy
} from '../../../src/run/job-decision.js'

const policy: Policy = {
  maxParallel: 2,
  failFast: true,
  maxAttempts: 3,
  retryOn: ['start-failure'],
  primary: 'app',
  essential: new Set(['app']),
  together: false
}

const arn = (i: number): string => `arn:aws:ecs:us-east-1:1:task/prod/t${i}`

/** A task of index `i` as DescribeTasks shows it once it stopped. */
function stopped(i: number, exitCode: number | undefined, more: Partial<Task> = {}): Task {
  return {
    taskArn: arn(i),
    lastStatus: 'STOPPED',
    stopCode: exitCode === undefined ? 'TaskFailedToStart' : 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [
      {
        name: 'app',
        lastStatus: 'STOPPED',
        ...(exitCode === undefined ? {} : { exitCode })
      }
    ],
    ...more
  }
}

const running = (i: number, attempts = 1): IndexView => ({
  index: i,
  phase: 'running',
  attempts,
  task: { taskArn: arn(i), lastStatus: 'RUNNING' }
})
const waiting = (i: number): IndexView => ({ index: i, phase: 'waiting', attempts: 0 })
const ended = (i: number, exitCode: number | undefined, attempts = 1): IndexView => ({
  index: i,
  phase: 'running',
  attempts,
  task: stopped(i, exitCode)
})

const PULL_LIMIT =
  'CannotPullContainerError: toomanyrequests: You have reached your pull rate limit.'

describe('decide: what the job does next, from what it saw', () => {
  const cases: Array<{
    name: string
    views: IndexView[]
    policy?: Partial<Policy>
    now?: number
    moves: Move[]
    done: boolean
  }> = [
    {
      name: 'the first pass starts as many indexes as max-parallel allows, in index order',
      views: [waiting(0), waiting(1), waiting(2)],
      moves: [
        { kind: 'start', indexes: [0], attempt: 1 },
        { kind: 'start', indexes: [1], attempt: 1 }
      ],
      done: false
    },
    {
      name: 'a slot held by a starting or running index is not free',
      views: [{ index: 0, phase: 'starting', attempts: 0 }, running(1), waiting(2)],
      moves: [],
      done: false
    },
    {
      name: 'an index that stopped with exit 0 frees its slot for the next in the same pass',
      views: [ended(0, 0), running(1), waiting(2)],
      moves: [
        { kind: 'settle', index: 0, result: 'succeeded' },
        { kind: 'start', indexes: [2], attempt: 1 }
      ],
      done: false
    },
    {
      name: 'with fail-fast a failed index stops the running and skips the waiting',
      views: [ended(0, 1), running(1), waiting(2)],
      moves: [
        {
          kind: 'settle',
          index: 0,
          result: 'failed',
          failure: 'Task t0: container app exited with code 1.'
        },
        { kind: 'stop', index: 1, why: 'shard 0 failed' },
        { kind: 'skip', index: 2 }
      ],
      done: false
    },
    {
      name: 'a stop already sent is not sent again; the job is done once it stopped',
      views: [
        { index: 0, phase: 'failed', attempts: 1 },
        { ...ended(1, 143), stopSent: true },
        { index: 2, phase: 'unstarted', attempts: 0 }
      ],
      moves: [{ kind: 'settle', index: 1, result: 'stopped' }],
      done: true
    },
    {
      name: 'without fail-fast a failure starts the next index as any other end',
      views: [ended(0, 1), running(1), waiting(2)],
      policy: { failFast: false },
      moves: [
        {
          kind: 'settle',
          index: 0,
          result: 'failed',
          failure: 'Task t0: container app exited with code 1.'
        },
        { kind: 'start', indexes: [2], attempt: 1 }
      ],
      done: false
    },
    {
      name: 'a transient start failure is started again after a backoff, not at once',
      views: [
        {
          index: 0,
          phase: 'running',
          attempts: 1,
          task: stopped(0, undefined, { stoppedReason: PULL_LIMIT })
        }
      ],
      moves: [
        {
          kind: 'again',
          index: 0,
          attempt: 2,
          why: 'Task t0 never started: the registry rate limit was hit (transient)'
        }
      ],
      done: false
    },
    {
      name: 'an index ready to start again goes before the waiting ones, in a free slot',
      views: [{ index: 0, phase: 'pausing', attempts: 1, readyAt: 5_000 }, running(1), waiting(2)],
      now: 5_000,
      moves: [{ kind: 'start', indexes: [0], attempt: 2 }],
      done: false
    },
    {
      name: 'an index still in its backoff holds no slot and does not start',
      views: [{ index: 0, phase: 'pausing', attempts: 1, readyAt: 9_000 }, waiting(1)],
      now: 5_000,
      moves: [{ kind: 'start', indexes: [1], attempt: 1 }],
      done: false
    },
    {
      name: 'max-attempts reached: failed for good, saying why',
      views: [
        {
          index: 0,
          phase: 'running',
          attempts: 3,
          task: stopped(0, undefined, { stoppedReason: PULL_LIMIT })
        }
      ],
      moves: [
        {
          kind: 'settle',
          index: 0,
          result: 'failed',
          exhausted: true,
          why:
            'Task t0 never started: the registry rate limit was hit (transient); that was attempt ' +
            '3 of 3 (max-attempts), so it is not started again.'
        }
      ],
      done: true
    },
    {
      name: 'count: the first attempts of every index are one RunTask',
      views: [waiting(0), waiting(1), waiting(2)],
      policy: { together: true, maxParallel: 3, failFast: false },
      moves: [{ kind: 'start', indexes: [0, 1, 2], attempt: 1 }],
      done: false
    },
    {
      name: 'count: a task started again is a RunTask of its own',
      views: [{ index: 1, phase: 'pausing', attempts: 1, readyAt: 0 }, running(0)],
      policy: { together: true, maxParallel: 2, failFast: false },
      moves: [{ kind: 'start', indexes: [1], attempt: 2 }],
      done: false
    },
    {
      name: 'everything settled: done, nothing to do',
      views: [
        { index: 0, phase: 'succeeded', attempts: 1 },
        { index: 1, phase: 'failed', attempts: 2 }
      ],
      policy: { failFast: false },
      moves: [],
      done: true
    }
  ]

  it.each(cases)('$name', ({ views, policy: more, now, moves, done }) => {
    expect(decide(views, { ...policy, ...more }, now ?? 0)).toEqual({ moves, done })
  })
})

describe('retryCause: why a stopped task may start again', () => {
  const exitCodes: Policy = { ...policy, retryOn: ['exit-code:75'] }
  it.each([
    {
      name: 'the primary exited with a listed code on its own',
      task: stopped(0, 75),
      cause: 'exit-code:75'
    },
    { name: 'a code not listed', task: stopped(0, 1), cause: undefined },
    {
      name: 'a listed code after a StopTask (not on its own)',
      task: stopped(0, 75, { stopCode: 'UserInitiated' }),
      cause: undefined
    },
    {
      name: 'a listed code with a reason from ECS (killed, not on its own)',
      task: {
        ...stopped(0, 75),
        containers: [
          { name: 'app', lastStatus: 'STOPPED', exitCode: 75, reason: 'OutOfMemoryError' }
        ]
      },
      cause: undefined
    },
    {
      name: 'a sidecar exiting with the code is not the primary',
      task: {
        ...stopped(0, 0),
        containers: [
          { name: 'app', lastStatus: 'STOPPED', exitCode: 0 },
          { name: 'agent', lastStatus: 'STOPPED', exitCode: 75 }
        ]
      },
      cause: undefined
    }
  ])('$name', ({ task, cause }) => {
    expect(retryCause(task, exitCodes).cause).toBe(cause)
  })

  it('says the code in the log line', () => {
    expect(retryCause(stopped(4, 75), exitCodes).why).toBe(
      'Task t4: container app exited with code 75 (retry-on exit-code:75)'
    )
  })
})
