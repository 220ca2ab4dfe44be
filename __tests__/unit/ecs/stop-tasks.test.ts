import { ECSClient, ServerException, StopTaskCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { StopPace, stopReason, stopTasks } from '../../../src/ecs/stop-tasks.js'
import { VirtualClock } from '../../support/clocks.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'us-east-1' })

const A = 'arn:aws:ecs:us-east-1:1:task/prod/aaaa'
const B = 'arn:aws:ecs:us-east-1:1:task/prod/bbbb'

const RUN_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '2'
}
const RUN_URL = 'https://github.com/acme/app/actions/runs/42/attempts/2'

beforeEach(() => {
  ecsMock.reset()
})

describe('stopReason', () => {
  it.each([
    {
      name: 'names the workflow run',
      why: 'the workflow was cancelled',
      env: RUN_ENV,
      reason: `ecs-run-task: the workflow was cancelled (workflow run ${RUN_URL})`
    },
    {
      name: 'without a run id, just the reason',
      why: 'the workflow was cancelled',
      env: {},
      reason: 'ecs-run-task: the workflow was cancelled'
    }
  ])('$name', ({ why, env, reason }) => {
    expect(stopReason(why, env)).toBe(reason)
  })

  it.each([
    { name: 'a long reason', why: 'x'.repeat(400), repository: 'acme/app' },
    {
      name: 'a long repository name',
      why: 'wait-timeout of 360 minutes passed',
      repository: `${'o'.repeat(39)}/${'r'.repeat(100)}`
    }
  ])('stays within 255 characters and keeps the run URL with $name', ({ why, repository }) => {
    const env = { ...RUN_ENV, GITHUB_REPOSITORY: repository }
    const reason = stopReason(why, env)
    expect(reason.length).toBeLessThanOrEqual(255)
    expect(reason).toContain(
      `(workflow run https://github.com/${repository}/actions/runs/42/attempts/2)`
    )
    expect(reason.startsWith('ecs-run-task: ')).toBe(true)
  })
})

const clock = new VirtualClock()
const options = () => ({ clock, timeoutMs: 1000, deadline: clock.now() + 6_000 })
/** ECS's throttling answer as the SDK raises it (ECS models no ThrottlingException class). */
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 }
  })

describe('stopTasks', () => {
  it('sends StopTask for each task and returns the reason it sent', async () => {
    ecsMock.on(StopTaskCommand).resolves({})
    await expect(stopTasks(ecs, 'prod', [A, B], 'ecs-run-task: bye', options())).resolves.toEqual([
      { taskArn: A, ok: true, reason: 'ecs-run-task: bye' },
      { taskArn: B, ok: true, reason: 'ecs-run-task: bye' }
    ])
    expect(ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', task: A, reason: 'ecs-run-task: bye' },
      { cluster: 'prod', task: B, reason: 'ecs-run-task: bye' }
    ])
  })

  it('reports a failure per task instead of throwing; a hang-up is not asked again', async () => {
    ecsMock
      .on(StopTaskCommand, { task: B })
      .rejects(new Error('socket hang up'))
      .on(StopTaskCommand, { task: A })
      .resolves({})
    await expect(stopTasks(ecs, 'prod', [A, B], 'r', options())).resolves.toEqual([
      { taskArn: A, ok: true, reason: 'r' },
      { taskArn: B, ok: false, error: 'bbbb: socket hang up' }
    ])
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(2)
  })

  it('asks again after throttling or a server error, within the deadline', async () => {
    ecsMock
      .on(StopTaskCommand, { task: A })
      .rejectsOnce(throttled())
      .rejectsOnce(new ServerException({ message: 'busy', $metadata: { httpStatusCode: 500 } }))
      .resolves({})
    await expect(stopTasks(ecs, 'prod', [A], 'r', options())).resolves.toEqual([
      { taskArn: A, ok: true, reason: 'r' }
    ])
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(3)
  })

  it('paces 100 tasks at StopPace: no more than PER_SECOND calls start in any second', async () => {
    const starts: number[] = []
    ecsMock.on(StopTaskCommand).callsFake(() => {
      starts.push(clock.now())
      return {}
    })
    const arns = Array.from({ length: 100 }, (_, i) => `arn:aws:ecs:us-east-1:1:task/prod/t${i}`)
    const results = await stopTasks(ecs, 'prod', arns, 'r', options())
    expect(results.every((r) => r.ok)).toBe(true)
    for (const at of starts) {
      expect(starts.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(
        StopPace.PER_SECOND
      )
    }
  })

  it('gives up what the deadline leaves unsent, saying so', async () => {
    ecsMock.on(StopTaskCommand).rejects(throttled())
    const [result] = await stopTasks(ecs, 'prod', [A], 'r', options())
    expect(result).toMatchObject({ taskArn: A, ok: false, error: 'aaaa: Rate exceeded' })
    // Asked again at StopPace until the 6 s deadline, then given up.
    expect(ecsMock.commandCalls(StopTaskCommand).length).toBeGreaterThan(10)
  })

  it('sends nothing for no tasks', async () => {
    await expect(stopTasks(ecs, 'prod', [], 'r', options())).resolves.toEqual([])
    expect(ecsMock.calls()).toHaveLength(0)
  })
})
