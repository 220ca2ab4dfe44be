import * as core from '@actions/core'
import { ECSClient, StopTaskCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup } from '../../../src/run/cleanup.js'
import { VirtualClock } from '../../support/clocks.js'

vi.mock('@actions/core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@actions/core')>()),
  info: vi.fn(),
  warning: vi.fn(),
  setFailed: vi.fn(),
  error: vi.fn()
}))

const ecsMock = mockClient(ECSClient)

const REASON =
  'ecs-run-task: the workflow was cancelled (workflow run https://github.com/acme/app/actions/runs/42)'

function state(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) vi.stubEnv(`STATE_${key}`, value)
}

const mainStepKilled = {
  'task-ids-0': 'aaaa,bbbb',
  cluster: 'prod',
  region: 'us-east-1',
  'stop-on-cancel': 'true',
  'stop-reason': REASON
}

beforeEach(() => {
  ecsMock.reset()
  vi.mocked(core.info).mockReset()
  vi.mocked(core.warning).mockReset()
  vi.mocked(core.setFailed).mockReset()
})

describe('cleanup', () => {
  it.each([
    { name: 'no task was started', values: {} },
    { name: 'an empty task list', values: { ...mainStepKilled, 'task-ids-0': '' } },
    { name: 'the main step settled', values: { ...mainStepKilled, settled: 'true' } },
    { name: 'stop-on-cancel is false', values: { ...mainStepKilled, 'stop-on-cancel': 'false' } }
  ])('stops nothing when $name', async ({ values }) => {
    state(values)
    await cleanup(new VirtualClock())
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(0)
    expect(core.warning).not.toHaveBeenCalled()
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('says which tasks it leaves running when stop-on-cancel is false', async () => {
    state({ ...mainStepKilled, 'stop-on-cancel': 'false' })
    await cleanup(new VirtualClock())
    expect(core.info).toHaveBeenCalledWith('stop-on-cancel is false: leaving aaaa, bbbb running.')
  })

  it('stops every recorded task with the saved reason', async () => {
    state(mainStepKilled)
    ecsMock.on(StopTaskCommand).resolves({})
    await cleanup(new VirtualClock())
    expect(ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', task: 'aaaa', reason: REASON },
      { cluster: 'prod', task: 'bbbb', reason: REASON }
    ])
    expect(core.info).toHaveBeenCalledWith('Stopped task aaaa.')
    expect(core.info).toHaveBeenCalledWith('Stopped task bbbb.')
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('uses a default reason when none was saved', async () => {
    const values: Record<string, string> = { ...mainStepKilled }
    delete values['stop-reason']
    state(values)
    ecsMock.on(StopTaskCommand).resolves({})
    await cleanup(new VirtualClock())
    expect(ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input.reason)).toEqual([
      'ecs-run-task: the workflow step ended',
      'ecs-run-task: the workflow step ended'
    ])
  })

  it('only warns when StopTask fails', async () => {
    state(mainStepKilled)
    ecsMock
      .on(StopTaskCommand, { task: 'aaaa' })
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))
      .on(StopTaskCommand, { task: 'bbbb' })
      .resolves({})
    await expect(cleanup(new VirtualClock())).resolves.toBeUndefined()
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith(
      'Could not stop task aaaa: not authorized; stop it in the ECS console.'
    )
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('stops the ids of every key, 25 a key, and says how many more than ten', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, '0')}`)
    state({
      ...mainStepKilled,
      'task-ids-0': ids.slice(0, 25).join(','),
      'task-ids-1': ids.slice(25).join(',')
    })
    ecsMock.on(StopTaskCommand).resolves({})
    await cleanup(new VirtualClock())
    expect(ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input.task)).toEqual(ids)
    expect(core.info).toHaveBeenCalledWith(
      `The main step ended before its tasks stopped; stopping ${ids.slice(0, 10).join(', ')} and 20 more.`
    )
    expect(core.info).toHaveBeenCalledWith('Stopped 30 tasks.')
  })
})
