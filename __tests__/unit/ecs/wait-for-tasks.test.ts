import {
  AccessDeniedException,
  ClusterNotFoundException,
  DescribeTasksCommand,
  ECSClient,
  ECSServiceException,
  ServerException,
  type DescribeTasksCommandInput,
  type DescribeTasksCommandOutput,
  type Task
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../../support/clocks.js'
import { DescribePacing } from '../../../src/ecs/describe-pacing.js'
import { waitForTasks, type WaitOptions } from '../../../src/ecs/wait-for-tasks.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'us-east-1' })

const A = 'arn:aws:ecs:us-east-1:123456789012:task/prod/aaaa'
const B = 'arn:aws:ecs:us-east-1:123456789012:task/prod/bbbb'
const HOUR = 60 * 60_000

function options(clock: FakeClock, extra: Partial<WaitOptions> = {}): WaitOptions {
  return {
    clock,
    cluster: 'prod',
    region: 'us-east-1',
    taskArns: [A],
    deadline: clock.now() + HOUR,
    onUpdate: vi.fn(),
    log: vi.fn(),
    ...extra
  }
}

const running = (arn: string): Task => ({
  taskArn: arn,
  lastStatus: 'RUNNING',
  containers: [{ name: 'app', lastStatus: 'RUNNING' }]
})
const stopping = (arn: string): Task => ({
  taskArn: arn,
  lastStatus: 'DEACTIVATING',
  containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }]
})
const stopped = (arn: string): Task => ({
  taskArn: arn,
  lastStatus: 'STOPPED',
  containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 0 }]
})
const missing = (...arns: string[]): Partial<DescribeTasksCommandOutput> => ({
  tasks: [],
  failures: arns.map((arn) => ({ arn, reason: 'MISSING' }))
})
const throttling = (): ECSServiceException =>
  new ECSServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    message: 'Rate exceeded',
    $metadata: { httpStatusCode: 400 }
  })

/** Answers by the clock: `script(now)` gives the tasks (by ARN asked) at that moment. */
function byTime(clock: FakeClock, script: (now: number, arn: string) => Task | 'MISSING'): void {
  ecsMock.on(DescribeTasksCommand).callsFake((input: DescribeTasksCommandInput) => {
    const tasks: Task[] = []
    const failures: Array<{ arn: string; reason: string }> = []
    for (const arn of input.tasks ?? []) {
      const answer = script(clock.now(), arn)
      if (answer === 'MISSING') failures.push({ arn, reason: 'MISSING' })
      else tasks.push(answer)
    }
    return { tasks, failures }
  })
}

const described = (): string[][] =>
  ecsMock.commandCalls(DescribeTasksCommand).map((c) => c.args[0].input.tasks ?? [])

beforeEach(() => {
  ecsMock.reset()
})

describe('waitForTasks', () => {
  it('asks about every task in one DescribeTasks call', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [stopped(A), stopped(B)] })
    const clock = new FakeClock()
    const onUpdate = vi.fn()
    const outcome = await waitForTasks(ecs, options(clock, { taskArns: [A, B], onUpdate }))
    expect(outcome).toEqual({ kind: 'stopped', tasks: [stopped(A), stopped(B)] })
    expect(ecsMock.commandCalls(DescribeTasksCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', tasks: [A, B] }
    ])
    expect(onUpdate).toHaveBeenCalledWith([stopped(A), stopped(B)])
  })

  it('does not ask about a task again once it stopped', async () => {
    const clock = new FakeClock()
    let calls = 0
    ecsMock.on(DescribeTasksCommand).callsFake(() => {
      calls++
      return calls === 1
        ? { tasks: [stopped(A), running(B)] }
        : calls === 2
          ? { tasks: [running(B)] }
          : { tasks: [stopped(B)] }
    })
    const outcome = await waitForTasks(ecs, options(clock, { taskArns: [A, B] }))
    expect(outcome).toEqual({ kind: 'stopped', tasks: [stopped(A), stopped(B)] })
    expect(described()).toEqual([[A, B], [B], [B]])
  })

  it('waits out MISSING answers right after RunTask', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .resolvesOnce(missing(A))
      .resolvesOnce(missing(A))
      .resolves({ tasks: [stopped(A)] })
    const clock = new FakeClock()
    const log = vi.fn()
    const onUpdate = vi.fn()
    const outcome = await waitForTasks(ecs, options(clock, { log, onUpdate }))
    expect(outcome.kind).toBe('stopped')
    expect(described()).toEqual([[A], [A], [A]])
    expect(log.mock.calls).toEqual([
      ['Task aaaa not visible yet (MISSING); asking again'],
      ['Task aaaa not visible yet (MISSING); asking again']
    ])
    expect(onUpdate.mock.calls[0]).toEqual([[{ taskArn: A, lastStatus: 'MISSING' }]])
  })

  it('fails once a task stays MISSING for MISSING_LIMIT_MS', async () => {
    ecsMock.on(DescribeTasksCommand).resolves(missing(A))
    const clock = new FakeClock()
    await expect(waitForTasks(ecs, options(clock))).rejects.toThrow(
      `Task aaaa is still not known to DescribeTasks (MISSING) ${DescribePacing.MISSING_LIMIT_MS / 1000} s ` +
        'after it was started in cluster "prod" (us-east-1).'
    )
    expect(clock.now()).toBeGreaterThanOrEqual(DescribePacing.MISSING_LIMIT_MS)
    expect(clock.now()).toBeLessThan(DescribePacing.MISSING_LIMIT_MS + DescribePacing.STEADY_MS + 1)
  })

  it('tolerates throttling and server errors with a growing backoff', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(new ServerException({ message: 'oops', $metadata: { httpStatusCode: 500 } }))
      .rejectsOnce(throttling())
      .rejectsOnce(new ServerException({ message: 'oops', $metadata: { httpStatusCode: 503 } }))
      .rejectsOnce(throttling())
      .rejectsOnce(throttling())
      .resolves({ tasks: [stopped(A)] })
    const clock = new FakeClock()
    const log = vi.fn()
    const outcome = await waitForTasks(ecs, options(clock, { log }))
    expect(outcome.kind).toBe('stopped')
    expect(clock.sleeps).toEqual([2000, 4000, 8000, 16000, 16000, 16000])
    expect(log.mock.calls[0]).toEqual([
      'DescribeTasks: throttled (ThrottlingException); backing off (1 failed in a row)'
    ])
    expect(log.mock.calls[1]).toEqual([
      'DescribeTasks: server error (ServerException); backing off (2 failed in a row)'
    ])
  })

  it('polls at the normal pace again after an error clears', async () => {
    ecsMock
      .on(DescribeTasksCommand)
      .rejectsOnce(throttling())
      .resolvesOnce({ tasks: [running(A)] })
      .resolves({ tasks: [stopped(A)] })
    const clock = new FakeClock()
    await waitForTasks(ecs, options(clock))
    expect(clock.sleeps).toEqual([2000, DescribePacing.FAST_MS])
  })

  it('returns the timeout outcome with the latest view when the deadline passes', async () => {
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [running(A)] })
    const clock = new FakeClock()
    const outcome = await waitForTasks(ecs, options(clock, { deadline: 30_000 }))
    expect(outcome).toEqual({ kind: 'timeout', tasks: [running(A)] })
    expect(clock.now()).toBe(30_000)
  })

  it('returns the cancelled outcome when the signal aborts', async () => {
    const controller = new AbortController()
    let calls = 0
    ecsMock.on(DescribeTasksCommand).callsFake(() => {
      if (++calls === 3) controller.abort()
      return { tasks: [running(A)] }
    })
    const clock = new FakeClock()
    const outcome = await waitForTasks(ecs, options(clock, { signal: controller.signal }))
    expect(outcome).toEqual({ kind: 'cancelled', tasks: [running(A)] })
    expect(calls).toBe(3)
  })

  it('makes no call when the signal has already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const outcome = await waitForTasks(ecs, options(new FakeClock(), { signal: controller.signal }))
    expect(outcome).toEqual({ kind: 'cancelled', tasks: [{ taskArn: A, lastStatus: 'MISSING' }] })
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0)
  })

  it.each([
    {
      name: 'AccessDenied',
      error: () =>
        new AccessDeniedException({
          message: 'not authorized',
          $metadata: { httpStatusCode: 400 }
        }),
      message:
        'Not allowed to call ecs:DescribeTasks on cluster prod: not authorized. ' +
        'Grant "ecs:DescribeTasks" to the workflow\'s role.'
    },
    {
      name: 'ClusterNotFound',
      error: () =>
        new ClusterNotFoundException({
          message: 'Cluster not found.',
          $metadata: { httpStatusCode: 400 }
        }),
      message: 'Cluster "prod" was not found in us-east-1.'
    },
    {
      name: 'another client error',
      error: () => Object.assign(new Error('bad request'), { name: 'InvalidParameterException' }),
      message: 'DescribeTasks failed: InvalidParameterException: bad request'
    },
    {
      name: 'a proxy page instead of an AWS answer',
      error: () =>
        Object.assign(
          new SyntaxError(
            `Unexpected token '<', "<html>" is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`
          ),
          { $metadata: { httpStatusCode: 403 } }
        ),
      message:
        'DescribeTasks failed: the endpoint answered HTTP 403 with a page that is not an AWS API response'
    }
  ])('fails at once on $name', async ({ error, message }) => {
    ecsMock.on(DescribeTasksCommand).rejects(error())
    await expect(waitForTasks(ecs, options(new FakeClock()))).rejects.toThrow(message)
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(1)
  })

  it('stays within 40 DescribeTasks calls a minute for a long-running task', async () => {
    const clock = new FakeClock()
    const tenMinutes = 10 * 60_000
    byTime(clock, (now, arn) => (now < tenMinutes ? running(arn) : stopped(arn)))
    const outcome = await waitForTasks(ecs, options(clock, { taskArns: [A, B] }))
    expect(outcome.kind).toBe('stopped')
    const calls = ecsMock.commandCalls(DescribeTasksCommand).length
    expect(calls / 10).toBeLessThanOrEqual(40)
    // Steady state after the young phase: one call every STEADY_MS.
    const steady = clock.sleeps.filter((ms) => ms === DescribePacing.STEADY_MS).length
    expect(steady).toBeGreaterThan(0)
    // Every minute window, not just the average, stays within budget.
    const times: number[] = []
    let t = 0
    times.push(0)
    for (const ms of clock.sleeps) times.push((t += ms))
    for (let start = 0; start < tenMinutes; start += 1000) {
      expect(times.filter((x) => x >= start && x < start + 60_000).length).toBeLessThanOrEqual(40)
    }
  })

  it('polls fast once a container has exited, so the step ends soon after STOPPED', async () => {
    const clock = new FakeClock()
    byTime(clock, (now, arn) =>
      now < 5 * 60_000 ? running(arn) : now < 5 * 60_000 + 10_000 ? stopping(arn) : stopped(arn)
    )
    await waitForTasks(ecs, options(clock))
    const last = clock.sleeps.slice(-5)
    expect(last).toEqual([1000, 1000, 1000, 1000, 1000])
    expect(clock.now()).toBeLessThanOrEqual(5 * 60_000 + 10_000 + DescribePacing.FAST_MS)
  })

  it('polls every STEADY_MS for a running task past its first YOUNG_TASK_MS', async () => {
    const clock = new FakeClock()
    byTime(clock, (now, arn) => (now < 61_000 ? running(arn) : stopped(arn)))
    await waitForTasks(ecs, options(clock))
    const young = DescribePacing.YOUNG_TASK_MS / DescribePacing.FAST_MS
    expect(clock.sleeps.slice(0, young)).toEqual(Array(young).fill(DescribePacing.FAST_MS))
    expect(clock.sleeps.slice(young)).toEqual(
      Array((61_000 - DescribePacing.YOUNG_TASK_MS) / DescribePacing.STEADY_MS).fill(
        DescribePacing.STEADY_MS
      )
    )
  })
})

describe('waitForTasks: tasks started again while waiting', () => {
  /** A restart that appends `arn` to `taskArns` after `afterMs`, as Attempts does. */
  function restartAfter(clock: FakeClock, taskArns: string[], arn: string, afterMs: number) {
    let busy = true
    const done = clock.sleep(afterMs).then(() => {
      taskArns.push(arn)
      busy = false
    })
    return {
      get busy() {
        return busy
      },
      idle: () => done
    }
  }

  it('waits while a task is being started again, then follows it to STOPPED', async () => {
    const clock = new FakeClock()
    const taskArns = [A]
    let restarts: ReturnType<typeof restartAfter> | undefined
    byTime(clock, (now, arn) => (arn === A ? stopped(A) : now < 8_000 ? running(B) : stopped(B)))
    const onUpdate = vi.fn((tasks: Task[]) => {
      if (tasks[0]?.lastStatus === 'STOPPED') restarts ??= restartAfter(clock, taskArns, B, 3_000)
    })
    const outcome = await waitForTasks(ecs, {
      ...options(clock, { taskArns, onUpdate }),
      attempts: {
        get busy() {
          return restarts?.busy ?? false
        },
        idle: () => restarts?.idle() ?? Promise.resolve()
      }
    })
    expect(outcome.kind).toBe('stopped')
    expect(outcome.tasks.map((t) => [t.taskArn, t.lastStatus])).toEqual([
      [A, 'STOPPED'],
      [B, 'STOPPED']
    ])
    // Nothing is asked about while only the restart is pending; then the new task, alone.
    expect(described()[0]).toEqual([A])
    expect(
      described()
        .slice(1)
        .every((arns) => arns.length === 1 && arns[0] === B)
    ).toBe(true)
  })

  it('times out while a task is still being started again', async () => {
    const clock = new FakeClock()
    byTime(clock, () => stopped(A))
    const outcome = await waitForTasks(ecs, {
      ...options(clock, { deadline: 10_000 }),
      attempts: { busy: true, idle: () => new Promise(() => undefined) }
    })
    expect(outcome.kind).toBe('timeout')
    expect(clock.now()).toBe(10_000)
    expect(described()).toEqual([[A]])
  })
})
