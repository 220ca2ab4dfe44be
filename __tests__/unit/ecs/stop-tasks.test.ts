import { ECSClient, ServerException, StopTaskCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { stopReason, stopTasks } from '../../../src/ecs/stop-tasks.js'

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

describe('stopTasks', () => {
  it('sends StopTask for each task with the reason', async () => {
    ecsMock.on(StopTaskCommand).resolves({})
    await expect(stopTasks(ecs, 'prod', [A, B], 'ecs-run-task: bye', 1000)).resolves.toEqual([
      { taskArn: A, ok: true },
      { taskArn: B, ok: true }
    ])
    expect(ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', task: A, reason: 'ecs-run-task: bye' },
      { cluster: 'prod', task: B, reason: 'ecs-run-task: bye' }
    ])
  })

  it('reports a failure per task instead of throwing', async () => {
    ecsMock
      .on(StopTaskCommand, { task: B })
      .rejects(new ServerException({ message: 'try later', $metadata: { httpStatusCode: 500 } }))
      .on(StopTaskCommand, { task: A })
      .resolves({})
    await expect(stopTasks(ecs, 'prod', [A, B], 'r', 1000)).resolves.toEqual([
      { taskArn: A, ok: true },
      { taskArn: B, ok: false, error: 'bbbb: try later' }
    ])
  })

  it('sends nothing for no tasks', async () => {
    await expect(stopTasks(ecs, 'prod', [], 'r', 1000)).resolves.toEqual([])
    expect(ecsMock.calls()).toHaveLength(0)
  })
})
