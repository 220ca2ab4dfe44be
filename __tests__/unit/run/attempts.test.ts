import {
  ECSClient,
  RunTaskCommand,
  type RunTaskCommandInput,
  type RunTaskCommandOutput,
  type Task
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../support/clocks.js'
import {
  ATTEMPT_BACKOFF_BASE_MS,
  ATTEMPT_BACKOFF_MAX_MS,
  Attempts,
  attemptDelay,
  type Attempt,
  type AttemptsOptions
} from '../../../src/run/attempts.js'
import type { RetryCause } from '../../../src/inputs/parsers.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'us-east-1' })

const TOKEN = 'gha-42-1-0123456789abcdef0123456789abcdef'
const arn = (id: string) => `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`
const REQUEST: RunTaskCommandInput = {
  cluster: 'prod',
  taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/job:3',
  count: 1,
  clientToken: TOKEN,
  startedBy: 'gha/acme_app/42/1'
}
const PULL_LIMIT =
  'CannotPullContainerError: inspect image has been retried 5 time(s): httpReaderSeeker: failed ' +
  'open: unexpected status code https://registry-1.docker.io/v2/manifests/sha256:2bb Too Many ' +
  'Requests - Server message: toomanyrequests: You have reached your pull rate limit.'
const NOT_FOUND =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ' +
  'ref docker.io/acme/app:v9: docker.io/acme/app:v9: not found'

/** A task that stopped before any container ran, with `stoppedReason`. */
const failedToStart = (id: string, stoppedReason = PULL_LIMIT): Task => ({
  taskArn: arn(id),
  lastStatus: 'STOPPED',
  stopCode: 'TaskFailedToStart',
  stoppedReason,
  containers: [{ name: 'app', lastStatus: 'STOPPED', reason: stoppedReason }]
})
const spotInterrupted = (id: string): Task => ({
  taskArn: arn(id),
  lastStatus: 'STOPPED',
  stopCode: 'SpotInterruption',
  stoppedReason: 'Your Spot Task was interrupted.',
  startedAt: new Date(0),
  containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 143 }]
})
const exited = (id: string, exitCode = 0): Task => ({
  taskArn: arn(id),
  lastStatus: 'STOPPED',
  stopCode: 'EssentialContainerExited',
  startedAt: new Date(0),
  containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode }]
})

/** RunTask answers the ids in turn, one task per call. */
function runTaskStarts(...ids: string[]): void {
  const mock = ecsMock.on(RunTaskCommand)
  for (const id of ids) mock.resolvesOnce({ tasks: [{ taskArn: arn(id) }], failures: [] })
}
const runs = (): RunTaskCommandInput[] =>
  ecsMock.commandCalls(RunTaskCommand).map((call) => call.args[0].input)

interface Harness {
  attempts: Attempts
  clock: VirtualClock
  lines: string[]
  started: Attempt[]
}

function harness(
  options: {
    retryOn?: RetryCause[]
    maxAttempts?: number
    count?: number
    signal?: AbortSignal
  } = {}
): Harness {
  const clock = new VirtualClock()
  const lines: string[] = []
  const started: Attempt[] = []
  const attemptsOptions: AttemptsOptions = {
    ecs,
    clock,
    request: { ...REQUEST, count: options.count ?? 1 },
    startTimeoutMs: 10 * 60_000,
    retryOn: options.retryOn ?? ['start-failure'],
    maxAttempts: options.maxAttempts ?? 3,
    signal: options.signal ?? new AbortController().signal,
    listener: {
      log: (line) => lines.push(line),
      started: (attempt) => started.push(attempt)
    },
    context: { cluster: 'prod', region: 'us-east-1', taskDefinition: 'job:3', clientToken: TOKEN },
    random: () => 0.5
  }
  const attempts = new Attempts(attemptsOptions)
  return { attempts, clock, lines, started }
}

beforeEach(() => ecsMock.reset())

describe('attemptDelay', () => {
  it('doubles from ATTEMPT_BACKOFF_BASE_MS per attempt, half of it random, up to the max', () => {
    expect(attemptDelay(2, () => 0)).toBe(ATTEMPT_BACKOFF_BASE_MS / 2)
    expect(attemptDelay(2, () => 1)).toBe(ATTEMPT_BACKOFF_BASE_MS)
    expect(attemptDelay(3, () => 1)).toBe(2 * ATTEMPT_BACKOFF_BASE_MS)
    expect(attemptDelay(10, () => 1)).toBe(ATTEMPT_BACKOFF_MAX_MS)
    expect(attemptDelay(10, () => 0)).toBe(ATTEMPT_BACKOFF_MAX_MS / 2)
  })
})

describe('Attempts', () => {
  it('attempt 1 is the step RunTask with the step token, one slot per task', async () => {
    const h = harness({ count: 2 })
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: arn('a') }, { taskArn: arn('b') }] })
    await h.attempts.start()
    expect(runs()).toEqual([{ ...REQUEST, count: 2 }])
    expect(h.attempts.attempts).toEqual([
      { slot: 1, number: 1, taskArn: arn('a'), clientToken: TOKEN },
      { slot: 2, number: 1, taskArn: arn('b'), clientToken: TOKEN }
    ])
    expect(h.attempts.taskArns).toEqual([arn('a'), arn('b')])
    expect(h.attempts.highest).toBe(1)
    expect(h.started).toEqual([])
  })

  it('starts a task that never ran again after a backoff, with the token of attempt 2', async () => {
    const h = harness()
    runTaskStarts('a', 'b')
    await h.attempts.start()
    h.attempts.observe([failedToStart('a')])
    expect(h.attempts.busy).toBe(true)
    expect(h.lines).toEqual([
      `Task a never started: the registry rate limit was hit (transient); ` +
        'starting attempt 2 of 3 in 4 s.'
    ])
    await h.attempts.idle()
    expect(h.clock.now()).toBe(attemptDelay(2, () => 0.5))
    expect(runs()).toEqual([REQUEST, { ...REQUEST, clientToken: `${TOKEN}-a2` }])
    const second = { slot: 1, number: 2, taskArn: arn('b'), clientToken: `${TOKEN}-a2` }
    expect(h.started).toEqual([second])
    expect(h.attempts.latest()).toEqual([second])
    expect(h.attempts.taskArns).toEqual([arn('a'), arn('b')])
    expect(h.attempts.highest).toBe(2)
    expect(h.attempts.attempts[0]?.restartedBecause).toContain('registry rate limit')
    expect(h.attempts.busy).toBe(false)
    expect(h.attempts.problems).toEqual([])
  })

  it('decides once per task, however often ECS reports it stopped', async () => {
    const h = harness()
    runTaskStarts('a', 'b')
    await h.attempts.start()
    h.attempts.observe([failedToStart('a')])
    h.attempts.observe([failedToStart('a')])
    await h.attempts.idle()
    h.attempts.observe([failedToStart('a'), { taskArn: arn('b'), lastStatus: 'RUNNING' }])
    await h.attempts.idle()
    expect(runs()).toHaveLength(2)
  })

  it('does not start again a task whose start failure is permanent, and says why', async () => {
    const h = harness()
    runTaskStarts('a')
    await h.attempts.start()
    h.attempts.observe([failedToStart('a', NOT_FOUND)])
    expect(h.attempts.busy).toBe(false)
    expect(h.lines).toEqual([
      `Task a never started: the image or tag does not exist (permanent); ` +
        'not starting it again.'
    ])
    expect(runs()).toHaveLength(1)
    expect(h.attempts.problems).toEqual([])
  })

  it('ignores tasks that ran and exited, whatever their exit code', async () => {
    const h = harness({ retryOn: ['start-failure', 'spot-interruption'] })
    runTaskStarts('a')
    await h.attempts.start()
    h.attempts.observe([exited('a', 1)])
    expect(h.lines).toEqual([])
    expect(h.attempts.busy).toBe(false)
  })

  it('stops at max-attempts, naming the attempt', async () => {
    const h = harness({ maxAttempts: 2 })
    runTaskStarts('a', 'b', 'c')
    await h.attempts.start()
    h.attempts.observe([failedToStart('a')])
    await h.attempts.idle()
    h.attempts.observe([failedToStart('a'), failedToStart('b')])
    expect(h.attempts.busy).toBe(false)
    expect(runs()).toHaveLength(2)
    expect(h.lines.at(-1)).toBe(
      `Task b never started: the registry rate limit was hit (transient); that ` +
        'was attempt 2 of 2 (max-attempts), so it is not started again.'
    )
    expect(h.attempts.exhausted).toEqual(new Set([arn('b')]))
    expect(h.attempts.problems).toEqual([])
  })

  it('never starts again with max-attempts 1 or an empty retry-on', async () => {
    for (const options of [{ maxAttempts: 1 }, { retryOn: [] }]) {
      ecsMock.reset()
      const h = harness(options)
      runTaskStarts('a')
      await h.attempts.start()
      h.attempts.observe([failedToStart('a')])
      expect(h.attempts.busy).toBe(false)
      expect(runs()).toHaveLength(1)
    }
  })

  it('starts again only the task that needs it when the step started several', async () => {
    const h = harness({ count: 3 })
    ecsMock
      .on(RunTaskCommand)
      .resolvesOnce({ tasks: ['a', 'b', 'c'].map((id) => ({ taskArn: arn(id) })) })
      .resolvesOnce({ tasks: [{ taskArn: arn('b2') }] })
    await h.attempts.start()
    h.attempts.observe([
      { taskArn: arn('a'), lastStatus: 'RUNNING' },
      failedToStart('b'),
      { taskArn: arn('c'), lastStatus: 'RUNNING' }
    ])
    await h.attempts.idle()
    expect(runs()[1]).toEqual({ ...REQUEST, count: 1, clientToken: `${TOKEN}-a2-t2` })
    expect(h.attempts.latest().map((a) => [a.slot, a.number, a.taskArn])).toEqual([
      [1, 1, arn('a')],
      [2, 2, arn('b2')],
      [3, 1, arn('c')]
    ])
  })

  it('starts again a Spot-interrupted task only when retry-on has spot-interruption', async () => {
    const off = harness()
    runTaskStarts('a')
    await off.attempts.start()
    off.attempts.observe([spotInterrupted('a')])
    expect(off.attempts.busy).toBe(false)
    expect(off.lines).toEqual([
      'Task a was interrupted by Fargate Spot: Spot ' +
        'interruption, and retry-on does not include spot-interruption; not starting it again.'
    ])

    ecsMock.reset()
    const on = harness({ retryOn: ['start-failure', 'spot-interruption'] })
    runTaskStarts('a', 'b')
    await on.attempts.start()
    on.attempts.observe([spotInterrupted('a')])
    await on.attempts.idle()
    expect(on.lines[0]).toBe(
      'Task a was interrupted by Fargate Spot: the Spot ' +
        'capacity was reclaimed; starting attempt 2 of 3 in 4 s.'
    )
    expect(on.started.map((a) => a.taskArn)).toEqual([arn('b')])
  })

  it('starts nothing once halted during the backoff', async () => {
    const h = harness()
    runTaskStarts('a', 'b')
    await h.attempts.start()
    h.attempts.observe([failedToStart('a')])
    await h.attempts.halt()
    expect(h.attempts.busy).toBe(false)
    expect(runs()).toHaveLength(1)
    expect(h.clock.now()).toBe(0)
    h.attempts.observe([failedToStart('b')])
    expect(h.attempts.busy).toBe(false)
  })

  it('starts nothing after a cancel', async () => {
    const cancel = new AbortController()
    const h = harness({ signal: cancel.signal })
    runTaskStarts('a', 'b')
    await h.attempts.start()
    h.attempts.observe([failedToStart('a')])
    cancel.abort()
    await h.attempts.idle()
    expect(runs()).toHaveLength(1)
  })

  it('lets a RunTask in flight finish when halted, so its task is known (to be stopped)', async () => {
    const h = harness()
    let answer: (value: Partial<RunTaskCommandOutput>) => void = () => undefined
    ecsMock
      .on(RunTaskCommand)
      .resolvesOnce({ tasks: [{ taskArn: arn('a') }] })
      .callsFakeOnce(() => new Promise((resolve) => (answer = resolve)))
    await h.attempts.start()
    h.attempts.observe([failedToStart('a')])
    while (runs().length < 2) await new Promise((resolve) => setImmediate(resolve))
    let halted = false
    const halting = h.attempts.halt().then(() => (halted = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(halted).toBe(false)
    answer({ tasks: [{ taskArn: arn('b') }], failures: [] })
    await halting
    expect(h.attempts.taskArns).toEqual([arn('a'), arn('b')])
  })

  it('retries a lost RunTask answer of attempt 2 with the same attempt-2 token', async () => {
    const h = harness()
    ecsMock
      .on(RunTaskCommand)
      .resolvesOnce({ tasks: [{ taskArn: arn('a') }] })
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .resolvesOnce({ tasks: [{ taskArn: arn('b') }] })
    await h.attempts.start()
    h.attempts.observe([failedToStart('a')])
    await h.attempts.idle()
    expect(runs().map((r) => r.clientToken)).toEqual([TOKEN, `${TOKEN}-a2`, `${TOKEN}-a2`])
    expect(h.attempts.taskArns).toEqual([arn('a'), arn('b')])
  })

  it('records a problem when attempt 2 cannot be started', async () => {
    const h = harness()
    ecsMock
      .on(RunTaskCommand)
      .resolvesOnce({ tasks: [{ taskArn: arn('a') }] })
      .resolvesOnce({ tasks: [], failures: [{ arn: 'arn:ci', reason: 'RESOURCE:MEMORY' }] })
    await h.attempts.start()
    h.attempts.observe([failedToStart('a')])
    await h.attempts.idle()
    expect(h.attempts.problems).toEqual([
      'Attempt 2 of 3 in place of task a could not be started: ECS could not place the task: ' +
        'arn:ci: RESOURCE:MEMORY. Add capacity to cluster "prod" or lower the task\'s cpu and memory.'
    ])
    expect(h.lines.at(-1)).toBe(h.attempts.problems[0])
    expect(h.attempts.latest().map((a) => a.taskArn)).toEqual([arn('a')])
  })
})
