import * as core from '@actions/core'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  AccessDeniedException,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  StopTaskCommand,
  type DescribeTasksCommandInput,
  type StopTaskCommandInput,
  type Task,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { stubRunEnv, withInputs } from '../../support/step-env.js'
import { VirtualClock } from '../../support/clocks.js'
import { deriveClientToken } from '../../../src/inputs/run-identity.js'
import { ReportedFailure } from '../../../src/kit/failures.js'
import { clause } from '../../../src/kit/sentences.js'
import { runTask, type Dependencies } from '../../../src/run/index.js'
import { everyClusterActive } from '../../support/clusters.js'

vi.mock('@actions/core', async (importOriginal) =>
  (await import('../../support/core-mock.js')).spiedCore(importOriginal)
)

const ecsMock = mockClient(ECSClient)
const logsMock = mockClient(CloudWatchLogsClient)

const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/db-migrate:7'
const A = 'arn:aws:ecs:us-east-1:123456789012:task/prod/aaaa'
const B = 'arn:aws:ecs:us-east-1:123456789012:task/prod/bbbb'
const C = 'arn:aws:ecs:us-east-1:123456789012:task/prod/cccc'
const RUN = 'https://github.com/acme/app/actions/runs/42/attempts/2'
const LOG_URL_A =
  'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1' +
  '#logsV2:log-groups/log-group/$252Fecs$252Fdb-migrate/log-events/ecs$252Fapp$252Faaaa'
const STOPPED_REASON = 'Essential container in task exited'

/** A non-essential sidecar first, so `app` is the main container only as the first essential one. */
const taskDefinition: TaskDefinition = {
  taskDefinitionArn: TD_ARN,
  family: 'db-migrate',
  revision: 7,
  containerDefinitions: [
    { name: 'proxy', essential: false },
    {
      name: 'app',
      essential: true,
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/db-migrate', 'awslogs-stream-prefix': 'ecs' }
      }
    }
  ]
}

/** ECS's story of one task: provisioning, running, `app` exited, stopped. */
function story(arn: string, exitCode: number): Task[] {
  const containers = (status: string, code?: number): Task['containers'] => [
    { name: 'proxy', lastStatus: status },
    { name: 'app', lastStatus: status, ...(code === undefined ? {} : { exitCode: code }) }
  ]
  return [
    { taskArn: arn, lastStatus: 'PROVISIONING', containers: containers('PENDING') },
    { taskArn: arn, lastStatus: 'RUNNING', containers: containers('RUNNING') },
    { taskArn: arn, lastStatus: 'DEACTIVATING', containers: containers('STOPPED', exitCode) },
    {
      taskArn: arn,
      lastStatus: 'STOPPED',
      stoppedReason: STOPPED_REASON,
      containers: containers('STOPPED', exitCode)
    }
  ]
}

/** RunTask starts `arns`; DescribeTasks answers each task with the next view of its story. */
function ecsAnswers(stories: Record<string, Task[]>): void {
  const arns = Object.keys(stories)
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition })
  ecsMock.on(RunTaskCommand).resolves({
    tasks: arns.map((taskArn) => ({ taskArn, lastStatus: 'PROVISIONING' })),
    failures: []
  })
  ecsMock.on(StopTaskCommand).resolves({})
  const asked = new Map<string, number>()
  ecsMock.on(DescribeTasksCommand).callsFake((input: DescribeTasksCommandInput) => ({
    tasks: (input.tasks ?? []).map((arn) => {
      const views = stories[arn] ?? []
      const n = asked.get(arn) ?? 0
      asked.set(arn, n + 1)
      return views[Math.min(n, views.length - 1)]
    }),
    failures: []
  }))
}

const deps = (clock = new VirtualClock()): Dependencies => ({
  clock,
  ecsClient: (region) =>
    new ECSClient({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
})

/** A run that is not cancelled (fresh each test: VirtualClock leaves a listener per sleep on it). */
let never: AbortSignal

/** What the runner would write to GITHUB_OUTPUT / GITHUB_STATE: core stringifies non-strings. */
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))
/** Every output but `results`, which the tests of results read on their own. */
const outputs = (): string[][] =>
  vi
    .mocked(core.setOutput)
    .mock.calls.map(([name, value]) => [name, text(value)])
    .filter(([name]) => name !== 'results')
const results = (): unknown =>
  JSON.parse(
    vi
      .mocked(core.setOutput)
      .mock.calls.filter(([name]) => name === 'results')
      .map(([, value]) => text(value))
      .at(-1) ?? 'null'
  )
const states = (): string[][] =>
  vi.mocked(core.saveState).mock.calls.map(([name, value]) => [name, text(value)])
const errors = (): unknown[][] => vi.mocked(core.error).mock.calls
const stopCalls = (): StopTaskCommandInput[] =>
  ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input)
const describedArns = (): string[][] =>
  ecsMock.commandCalls(DescribeTasksCommand).map((c) => c.args[0].input.tasks ?? [])

const startOutputs = (arns: string[]): string[][] => [
  ['task-outputs', '{}'],
  ['skipped', 'false'],
  ['task-definition-arn', TD_ARN],
  ['task-arn', arns[0] ?? ''],
  ['task-arns', JSON.stringify(arns)],
  ['task-id', (arns[0] ?? '').split('/').pop() ?? ''],
  ['log-url', LOG_URL_A],
  ['attempts', '1']
]
const preStartStates = [
  ['cluster', 'prod'],
  ['region', 'us-east-1'],
  ['stop-on-cancel', 'true'],
  ['stop-reason', `ecs-run-task: the workflow was cancelled (workflow run ${RUN})`]
]

let stdout: string[]

beforeEach(() => {
  ecsMock.reset()
  everyClusterActive(ecsMock)
  logsMock.reset()
  vi.clearAllMocks()
  never = new AbortController().signal
  stubRunEnv()
  stdout = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})

describe('runTask: a task that runs to its end', () => {
  it.each([
    {
      name: 'exit 0: succeeds',
      exitCode: 0,
      failure: undefined
    },
    {
      name: 'exit 3: fails with one annotation naming the task, container and code',
      exitCode: 3,
      failure: 'Task aaaa: container app exited with code 3.'
    }
  ])('$name', async ({ exitCode, failure }) => {
    withInputs({ command: '["bin/rails","db:migrate"]', 'stream-logs': 'false' })
    ecsAnswers({ [A]: story(A, exitCode) })
    const dependencies = deps()
    const ecsClient = vi.spyOn(dependencies, 'ecsClient')

    const result = runTask(dependencies, never)
    if (failure === undefined) await expect(result).resolves.toBeUndefined()
    else {
      await expect(result).rejects.toThrow(ReportedFailure)
      await expect(result).rejects.toThrow(failure)
    }

    expect(ecsClient).toHaveBeenCalledExactlyOnceWith('us-east-1')
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input)).toEqual(
      [{ taskDefinition: 'db-migrate' }]
    )
    const runs = ecsMock.commandCalls(RunTaskCommand)
    expect(runs).toHaveLength(1)
    const token = deriveClientToken(process.env, '0')
    expect(token).toMatch(/^gha-42-2-[0-9a-f]{32}$/)
    expect(runs[0]?.args[0].input).toEqual({
      cluster: 'prod',
      taskDefinition: TD_ARN,
      count: 1,
      clientToken: token,
      startedBy: 'gha/acme_app/42/2',
      enableECSManagedTags: false,
      enableExecuteCommand: false,
      overrides: { containerOverrides: [{ name: 'app', command: ['bin/rails', 'db:migrate'] }] }
    })
    // One call per poll, until ECS says STOPPED; nothing is stopped by the action.
    expect(describedArns()).toEqual([[A], [A], [A], [A]])
    expect(stopCalls()).toEqual([])

    expect(outputs()).toEqual([
      ...startOutputs([A]),
      ['exit-code', String(exitCode)],
      ['stopped-reason', STOPPED_REASON]
    ])
    expect(states()).toEqual([...preStartStates, ['task-ids-0', 'aaaa'], ['settled', 'true']])
    // No lines to quote (stream-logs is false): the annotation points at the log instead.
    const annotation = `${failure}\nRead its full log in CloudWatch: ${LOG_URL_A}`
    expect(errors()).toEqual(
      failure === undefined ? [] : [[annotation, { title: 'ECS task failed' }]]
    )
    expect(core.notice).toHaveBeenCalledWith(`Logs of app: ${LOG_URL_A}`, { title: 'Task logs' })
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('count 3: one RunTask for three tasks, one DescribeTasks per poll covering all three', async () => {
    withInputs({ count: '3', 'stream-logs': 'false' })
    ecsAnswers({ [A]: story(A, 0), [B]: story(B, 0), [C]: story(C, 0) })

    await runTask(deps(), never)

    const runs = ecsMock.commandCalls(RunTaskCommand)
    expect(runs).toHaveLength(1)
    expect(runs[0]?.args[0].input.count).toBe(3)
    expect(runs[0]?.args[0].input).not.toHaveProperty('overrides')
    expect(describedArns()).toEqual([
      [A, B, C],
      [A, B, C],
      [A, B, C],
      [A, B, C]
    ])
    expect(ecsMock.commandCalls(DescribeTasksCommand).map((c) => c.args[0].input.cluster)).toEqual([
      'prod',
      'prod',
      'prod',
      'prod'
    ])
    expect(outputs()).toEqual([
      ...startOutputs([A, B, C]),
      ['exit-code', '0'],
      ['stopped-reason', STOPPED_REASON]
    ])
    expect(errors()).toEqual([])
  })
})

describe('runTask: tasks not waited for', () => {
  it('partial placement: follows the placed task, warns at once and fails at the end', async () => {
    withInputs({ count: '2', 'stream-logs': 'false' })
    ecsAnswers({ [A]: story(A, 0) })
    ecsMock.on(RunTaskCommand).resolves({
      tasks: [{ taskArn: A, lastStatus: 'PROVISIONING' }],
      failures: [{ arn: 'arn:i2', reason: 'RESOURCE:CPU' }]
    })

    await expect(runTask(deps(), never)).rejects.toThrow(ReportedFailure)

    expect(vi.mocked(core.warning).mock.calls).toEqual([
      [
        "ECS started 1 of the 2 tasks asked for; RunTask's failures: arn:i2: RESOURCE:CPU.",
        { title: 'Partial placement' }
      ]
    ])
    expect(describedArns().every((arns) => arns.length === 1 && arns[0] === A)).toBe(true)
    expect(errors()).toEqual([
      [
        "ECS started 1 of the 2 tasks asked for; RunTask's failures: arn:i2: RESOURCE:CPU.\n" +
          'Add capacity to cluster "prod" or lower "count".',
        { title: 'Task not started' }
      ]
    ])
    expect(outputs()).toContainEqual(['exit-code', '0'])
  })

  it('partial start with no failures: says what RunTask answered, not failures it never gave', async () => {
    withInputs({ count: '3', 'stream-logs': 'false' })
    ecsAnswers({ [A]: story(A, 0) })
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: A, lastStatus: 'PROVISIONING' }] })

    await expect(runTask(deps(), never)).rejects.toThrow(ReportedFailure)

    const headline =
      'ECS started 1 of the 3 tasks asked for: RunTask answered 1 task and no failures, so ECS ' +
      'gave no reason for the others.'
    expect(vi.mocked(core.warning).mock.calls).toEqual([[headline, { title: 'Partial placement' }]])
    expect(errors()).toEqual([
      [
        `${headline}\nCheck the capacity of cluster "prod" (its capacity providers or container ` +
          'instances) and its events in the ECS console, or lower "count".',
        { title: 'Task not started' }
      ]
    ])
    expect(vi.mocked(core.info).mock.calls.flat()).toContain(
      'ECS placed 1 of 3 tasks and answered no failures'
    )
  })

  it('placement failure: fails naming every failure, describes and stops nothing', async () => {
    withInputs({ 'stream-logs': 'false' })
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition })
    ecsMock.on(RunTaskCommand).resolves({
      tasks: [],
      failures: [
        {
          arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-1',
          reason: 'RESOURCE:MEMORY',
          detail: 'needs 4096 MiB'
        },
        { arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-2', reason: 'AGENT' }
      ]
    })

    await expect(runTask(deps(), never)).rejects.toThrow(
      'ECS could not place the task: ' +
        'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-1: RESOURCE:MEMORY (needs 4096 MiB); ' +
        'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-2: AGENT'
    )
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(1)
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0)
    expect(stopCalls()).toEqual([])
    expect(outputs()).toEqual([
      ['task-outputs', '{}'],
      ['skipped', 'false'],
      ['task-definition-arn', TD_ARN]
    ])
    expect(states()).toEqual(preStartStates)
  })

  it('wait false: succeeds once started, without DescribeTasks', async () => {
    withInputs({ wait: 'false' })
    ecsAnswers({ [A]: story(A, 0) })

    await expect(runTask(deps(), never)).resolves.toBeUndefined()

    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(1)
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0)
    expect(stopCalls()).toEqual([])
    expect(logsMock.calls()).toHaveLength(0)
    // The end of a run that did not wait: the exit code and stopped reason are not known.
    expect(outputs()).toEqual([...startOutputs([A]), ['exit-code', ''], ['stopped-reason', '']])
    expect(results()).toEqual([
      {
        index: 0,
        'task-arn': A,
        'exit-code': null,
        'stopped-reason': null,
        attempts: 1,
        'task-outputs': {}
      }
    ])
    expect(states()).toEqual([...preStartStates, ['task-ids-0', 'aaaa'], ['settled', 'true']])
    expect(errors()).toEqual([])
  })
})

describe('runTask: tasks the action stops', () => {
  it.each([
    {
      stopOnCancel: 'true',
      stops: [
        {
          cluster: 'prod',
          task: A,
          reason: `ecs-run-task: the workflow was cancelled (workflow run ${RUN})`
        }
      ],
      warnings: []
    },
    {
      stopOnCancel: 'false',
      stops: [],
      warnings: [
        [
          'stop-on-cancel is false: aaaa keeps running; stop it in the ECS console if it should not.'
        ]
      ]
    }
  ])(
    'cancelled while RUNNING, stop-on-cancel $stopOnCancel',
    async ({ stopOnCancel, stops, warnings }) => {
      withInputs({ 'stream-logs': 'false', 'stop-on-cancel': stopOnCancel })
      ecsAnswers({ [A]: story(A, 0) })
      const cancel = new AbortController()
      const running = story(A, 0)[1]
      // The runner's SIGINT arrives while the step sleeps between two polls.
      ecsMock.on(DescribeTasksCommand).callsFake(() => {
        setImmediate(() => cancel.abort('SIGINT'))
        return { tasks: [running], failures: [] }
      })

      await expect(runTask(deps(), cancel.signal)).rejects.toThrow(
        stopOnCancel === 'true'
          ? 'The workflow was cancelled; the task was stopped. Run the workflow again to run the task.'
          : 'The workflow was cancelled; the task keeps running (stop-on-cancel is false). ' +
              'Stop the task in the ECS console if it should not run.'
      )

      expect(describedArns()).toEqual([[A]])
      expect(stopCalls()).toEqual(stops)
      expect(vi.mocked(core.warning).mock.calls).toEqual(warnings)
      // The running task has no exit code; stopped by the action, its reason is the one sent.
      expect(outputs()).toEqual([
        ...startOutputs([A]),
        ['exit-code', ''],
        ['stopped-reason', stops[0]?.reason ?? '']
      ])
      expect(states()).toEqual([
        ...preStartStates.map(([k, v]) =>
          k === 'stop-on-cancel' ? [k, stopOnCancel] : [k ?? '', v ?? '']
        ),
        ['task-ids-0', 'aaaa'],
        ['settled', 'true']
      ])
      expect(errors()).toEqual([])
    }
  )

  it('cancelled while RunTask is in flight: the tasks it started are stopped', async () => {
    withInputs({ 'stream-logs': 'false' })
    ecsAnswers({ [A]: story(A, 0) })
    const cancel = new AbortController()
    ecsMock.on(RunTaskCommand).callsFake(() => {
      cancel.abort('SIGINT')
      return { tasks: [{ taskArn: A, lastStatus: 'PROVISIONING' }], failures: [] }
    })

    await expect(runTask(deps(), cancel.signal)).rejects.toThrow(
      'The workflow was cancelled; the task was stopped.'
    )

    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0)
    expect(stopCalls()).toEqual([
      {
        cluster: 'prod',
        task: A,
        reason: `ecs-run-task: the workflow was cancelled (workflow run ${RUN})`
      }
    ])
    expect(outputs()).toEqual([
      ...startOutputs([A]),
      ['exit-code', ''],
      ['stopped-reason', `ecs-run-task: the workflow was cancelled (workflow run ${RUN})`]
    ])
    expect(states()).toContainEqual(['task-ids-0', 'aaaa'])
  })

  it('a StopTask that fails on cancel is warned about and left to the post step', async () => {
    withInputs({ 'stream-logs': 'false' })
    ecsAnswers({ [A]: story(A, 0) })
    ecsMock.on(StopTaskCommand).rejects(new Error('socket hang up'))
    const cancel = new AbortController()
    ecsMock.on(DescribeTasksCommand).callsFake(() => {
      setImmediate(() => cancel.abort('SIGINT'))
      return { tasks: [story(A, 0)[1]], failures: [] }
    })

    await expect(runTask(deps(), cancel.signal)).rejects.toThrow(
      'The workflow was cancelled; stopping the task failed (the post step tries again). ' +
        'Run the workflow again to run the task.'
    )

    expect(stopCalls()).toHaveLength(1)
    expect(vi.mocked(core.warning).mock.calls).toEqual([
      ['Could not stop task aaaa: socket hang up; the post step will try again.']
    ])
    expect(states()).toContainEqual(['task-ids-0', 'aaaa'])
    expect(states().map(([key]) => key)).not.toContain('settled')
  })

  it('wait-timeout 0.01 (0.6 s) passes: stops the task and fails', async () => {
    withInputs({ 'stream-logs': 'false', 'wait-timeout': '0.01' })
    ecsAnswers({ [A]: [story(A, 0)[1] as Task] })
    const clock = new VirtualClock()

    const result = runTask(deps(clock), never)
    await expect(result).rejects.toThrow(ReportedFailure)
    await expect(result).rejects.toThrow(
      'The task did not stop within wait-timeout (0.01 minutes); it was stopped.'
    )

    expect(clock.now()).toBe(600)
    expect(describedArns()).toEqual([[A]])
    expect(stopCalls()).toEqual([
      {
        cluster: 'prod',
        task: A,
        reason: `ecs-run-task: wait-timeout of 0.01 minutes passed (workflow run ${RUN})`
      }
    ])
    expect(outputs()).toEqual([
      ...startOutputs([A]),
      ['exit-code', ''],
      ['stopped-reason', `ecs-run-task: wait-timeout of 0.01 minutes passed (workflow run ${RUN})`]
    ])
    expect(errors()).toEqual([
      [
        'The task did not stop within wait-timeout (0.01 minutes); it was stopped.\n' +
          'Raise "wait-timeout" if the task needs longer.',
        { title: 'Timed out' }
      ]
    ])
    expect(states().at(-1)).toEqual(['settled', 'true'])
  })

  it('DescribeTasks denied: fails naming ecs:DescribeTasks and stops the unwatched task', async () => {
    withInputs({ 'stream-logs': 'false' })
    ecsAnswers({ [A]: story(A, 0) })
    ecsMock.on(DescribeTasksCommand).rejects(
      new AccessDeniedException({
        message: 'User: arn:aws:sts::123456789012:assumed-role/ci is not authorized',
        $metadata: { httpStatusCode: 400 }
      })
    )
    const denied =
      'Not allowed to call ecs:DescribeTasks on cluster prod: User: ' +
      'arn:aws:sts::123456789012:assumed-role/ci is not authorized. ' +
      `Grant "ecs:DescribeTasks" to the workflow's role.`

    const result = runTask(deps(), never)
    await expect(result).rejects.toThrow(denied)
    await expect(result).rejects.not.toThrow(ReportedFailure)

    expect(describedArns()).toEqual([[A]])
    const stops = stopCalls()
    expect(stops).toHaveLength(1)
    expect(stops[0]?.task).toBe(A)
    expect(stops[0]?.cluster).toBe('prod')
    expect(stops[0]?.reason).toMatch(
      /^ecs-run-task: the action could not follow the task \(Not allowed to call ecs:DescribeTasks/
    )
    expect(stops[0]?.reason?.endsWith(`(workflow run ${RUN})`)).toBe(true)
    expect(stops[0]?.reason?.length).toBeLessThanOrEqual(255)
    expect(outputs()).toEqual([
      ...startOutputs([A]),
      ['exit-code', ''],
      ['stopped-reason', stops[0]?.reason ?? '']
    ])
    expect(states().at(-1)).toEqual(['settled', 'true'])
    // main's catch annotates it: runTask itself reports nothing.
    expect(errors()).toEqual([])
  })
})

describe('runTask: log streaming (stream-logs default true)', () => {
  it('prints each CloudWatch event once, in order, and drains after the task stopped', async () => {
    withInputs({})
    ecsAnswers({ [A]: story(A, 0) })
    const lines = ['Migrating 12 tables', 'Done in 0.4 s']
    logsMock.on(GetLogEventsCommand).callsFake((input: { nextToken?: string }) =>
      input.nextToken === undefined
        ? {
            events: lines.map((message, i) => ({ timestamp: 1000 + i, message })),
            nextForwardToken: 'f/1',
            nextBackwardToken: 'b/0'
          }
        : { events: [], nextForwardToken: 'f/1', nextBackwardToken: 'b/0' }
    )
    const clock = new VirtualClock()

    await expect(runTask(deps(clock), never)).resolves.toBeUndefined()

    const printed = stdout.join('').split('\n')
    expect(printed.filter((line) => lines.includes(line))).toEqual(lines)
    const calls = logsMock.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input)
    expect(calls.length).toBeGreaterThanOrEqual(2)
    expect(calls[0]).toEqual({
      logGroupName: '/ecs/db-migrate',
      logStreamName: 'ecs/app/aaaa',
      startFromHead: true
    })
    for (const later of calls.slice(1)) expect(later).toMatchObject({ nextToken: 'f/1' })
    // The stream is followed for the quiet period after the container exited, in virtual time.
    expect(clock.now()).toBeGreaterThanOrEqual(5000)
    expect(outputs()).toEqual([
      ...startOutputs([A]),
      ['exit-code', '0'],
      ['stopped-reason', STOPPED_REASON]
    ])
    expect(errors()).toEqual([])
    expect(core.warning).not.toHaveBeenCalled()
  })
})

describe('runTask: tasks started again (retry-on)', () => {
  const PULL_LIMIT =
    'CannotPullContainerError: toomanyrequests: You have reached your pull rate limit.'
  const neverStarted = (arn: string): Task[] => [
    {
      taskArn: arn,
      lastStatus: 'PROVISIONING',
      containers: [{ name: 'app', lastStatus: 'PENDING' }]
    },
    {
      taskArn: arn,
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: PULL_LIMIT,
      containers: [
        { name: 'proxy', lastStatus: 'STOPPED' },
        { name: 'app', lastStatus: 'STOPPED', reason: PULL_LIMIT }
      ]
    }
  ]
  const LOG_URL_B = LOG_URL_A.replace('aaaa', 'bbbb')
  const printed = (): string => stdout.join('')

  function startsInTurn(...arns: string[]): void {
    const mock = ecsMock.on(RunTaskCommand)
    for (const arn of arns) mock.resolvesOnce({ tasks: [{ taskArn: arn }], failures: [] })
  }

  it('starts a task that never ran again with the attempt-2 token; outputs name the new task', async () => {
    withInputs({ 'stream-logs': 'false' })
    ecsAnswers({ [A]: neverStarted(A), [B]: story(B, 0) })
    startsInTurn(A, B)

    await expect(runTask(deps(), never)).resolves.toBeUndefined()

    const token = deriveClientToken(process.env, '0')
    const runs = ecsMock.commandCalls(RunTaskCommand).map((c) => c.args[0].input)
    expect(runs.map((r) => [r.clientToken, r.count])).toEqual([
      [token, 1],
      [`${token}-a2`, 1]
    ])
    expect(outputs()).toEqual([
      ...startOutputs([A]),
      ['task-arn', B],
      ['task-arns', JSON.stringify([B])],
      ['task-id', 'bbbb'],
      ['log-url', LOG_URL_B],
      ['attempts', '2'],
      ['exit-code', '0'],
      ['stopped-reason', STOPPED_REASON]
    ])
    expect(states()).toEqual([
      ...preStartStates,
      ['task-ids-0', 'aaaa'],
      ['task-ids-0', 'aaaa,bbbb'],
      ['settled', 'true']
    ])
    expect(printed()).toMatch(
      new RegExp(
        `Task aaaa never started: the registry rate limit was hit ` +
          `\\(transient\\); starting attempt 2 of 3 in \\d+ s\\.\\n`
      )
    )
    expect(vi.mocked(core.info).mock.calls.map(([line]) => line)).toContainEqual(
      expect.stringMatching(
        /^Started task bbbb \(attempt 2 of 3\): https:\/\/us-east-1\.console\.aws\.amazon\.com\/ecs\//
      )
    )
    expect(core.notice).toHaveBeenCalledWith(`Logs of app: ${LOG_URL_B}`, { title: 'Task logs' })
    expect(errors()).toEqual([])
    expect(stopCalls()).toEqual([])
  })

  it('fails at max-attempts, quoting the stopped reason', async () => {
    withInputs({ 'stream-logs': 'false', 'max-attempts': '2' })
    ecsAnswers({ [A]: neverStarted(A), [B]: neverStarted(B) })
    startsInTurn(A, B)

    const result = runTask(deps(), never)
    await expect(result).rejects.toThrow(ReportedFailure)

    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(2)
    expect(errors().map(([message]) => message)).toEqual([
      `Task bbbb: container app never ran or was killed before it exited (${clause(PULL_LIMIT)}) ` +
        `[TaskFailedToStart]. It was attempt 2 of 2 ("max-attempts").\n` +
        "Check that the image exists and that the task definition's execution role may pull it."
    ])
    expect(outputs()).toContainEqual(['attempts', '2'])
    expect(outputs().at(-1)).toEqual(['stopped-reason', PULL_LIMIT])
  })

  it('a cancel during attempt 2 stops the task of attempt 2 only', async () => {
    withInputs({ 'stream-logs': 'false' })
    ecsAnswers({ [A]: neverStarted(A), [B]: story(B, 0) })
    startsInTurn(A, B)
    const cancel = new AbortController()
    const asked = new Map<string, number>()
    ecsMock.on(DescribeTasksCommand).callsFake((input: DescribeTasksCommandInput) => {
      const tasks = (input.tasks ?? []).map((arn) => {
        const n = asked.get(arn) ?? 0
        asked.set(arn, n + 1)
        if (arn === B) setImmediate(() => cancel.abort('SIGINT'))
        return arn === A ? neverStarted(A)[Math.min(n, 1)] : story(B, 0)[1]
      })
      return { tasks, failures: [] }
    })

    await expect(runTask(deps(), cancel.signal)).rejects.toThrow(
      'The workflow was cancelled; the task was stopped.'
    )

    expect(stopCalls().map((c) => c.task)).toEqual([B])
    expect(states()).toContainEqual(['task-ids-0', 'aaaa,bbbb'])
    expect(states().at(-1)).toEqual(['settled', 'true'])
  })

  it('a wait-timeout during the backoff starts nothing more and stops nothing that stopped', async () => {
    withInputs({ 'stream-logs': 'false', 'wait-timeout': '0.02' })
    ecsAnswers({ [A]: neverStarted(A), [B]: story(B, 0) })
    startsInTurn(A, B)
    const clock = new VirtualClock()

    await expect(runTask(deps(clock), never)).rejects.toThrow('did not stop within wait-timeout')

    expect(clock.now()).toBe(1_200)
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(1)
    expect(stopCalls()).toEqual([])
    expect(states().at(-1)).toEqual(['settled', 'true'])
  })
})

describe('runTask: a failure says why', () => {
  it('quotes the last log lines of the failed container in its annotation', async () => {
    withInputs({})
    ecsAnswers({ [A]: story(A, 1) })
    const lines = [
      '== AddEmailVerifiedToUsers: migrating ==',
      'PG::UndefinedColumn: ERROR:  column "email_verified" does not exist',
      '::add-mask::hunter2'
    ]
    logsMock.on(GetLogEventsCommand).callsFake((input: { nextToken?: string }) =>
      input.nextToken === undefined
        ? {
            events: lines.map((message, i) => ({ timestamp: 1000 + i, message })),
            nextForwardToken: 'f/1',
            nextBackwardToken: 'b/0'
          }
        : { events: [], nextForwardToken: 'f/1', nextBackwardToken: 'b/0' }
    )

    await expect(runTask(deps(), never)).rejects.toThrow(ReportedFailure)

    expect(errors()).toEqual([
      [
        [
          'Task aaaa: container app exited with code 1. Its last 3 lines:',
          ...lines.map((line) => `  ${line}`),
          `Read its full log in CloudWatch: ${LOG_URL_A}`
        ].join('\n'),
        { title: 'ECS task failed' }
      ]
    ])
    // The step log: the status changes that matter, with the time since RunTask; no
    // DEACTIVATING line at info level.
    const printed = stdout.join('').split('\n')
    expect(printed.filter((l) => /^The task is /.test(l))).toEqual([
      expect.stringMatching(/^The task is PROVISIONING \(\+\d+ s\)$/),
      expect.stringMatching(/^The task is RUNNING \(\+\d+ s\)$/),
      expect.stringMatching(/^The task is STOPPED \(\+\d+ s\): Essential container in task exited$/)
    ])
    expect(printed).toContain('Container app exited with code 1')
    expect(printed.join('\n')).not.toContain('DEACTIVATING')
  })
})

describe('runTask: start-timeout covers preparation and RunTask together', () => {
  const throttled = (): Error =>
    Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 }
    })

  it('preparation throttled, then RunTask throttled: gives up at one deadline', async () => {
    withInputs({ 'start-timeout': '1', 'stream-logs': 'false' })
    ecsAnswers({ [A]: story(A, 0) })
    const clock = new VirtualClock()
    // DescribeTaskDefinition is throttled for the first 40 s, RunTask for ever after.
    ecsMock.on(DescribeTaskDefinitionCommand).callsFake(() => {
      if (clock.now() < 40_000) throw throttled()
      return { taskDefinition }
    })
    ecsMock.on(RunTaskCommand).rejects(throttled())

    await expect(runTask(deps(clock), never)).rejects.toThrow(
      'RunTask kept failing with a throttled (ThrottlingException) until "start-timeout" ran out'
    )
    expect(clock.now()).toBeGreaterThanOrEqual(40_000)
    expect(clock.now()).toBeLessThanOrEqual(60_000)
    expect(ecsMock.commandCalls(RunTaskCommand).length).toBeGreaterThan(0)
    const lines = vi.mocked(core.info).mock.calls.map(([m]) => m)
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^DescribeTaskDefinition: throttled \(ThrottlingException\); retry 1 in \d+\.\d s$/
      )
    )
  })
})
