/**
 * retry-on and max-attempts through the bundled action: a task that never ran is started again
 * with the token of its attempt, only the tasks that need it, never two tasks for one attempt,
 * and the outputs, log and summary say which attempt ran.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { deriveClientToken } from '../../src/inputs/run-identity.js'
import { useEmulator, runAction, startAction } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'
import { annotations, githubEnv, visibleLines } from '../support/runner.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('job'))
})

const PULL_LIMIT =
  'CannotPullContainerError: inspect image has been retried 5 time(s): httpReaderSeeker: failed ' +
  'open: unexpected status code https://registry-1.docker.io/v2/library/app/manifests/sha256:2bb ' +
  'Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.'
const NOT_FOUND =
  'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ' +
  'ref registry.example/app:1: registry.example/app:1: not found'

const tokens = (): string[] => emu.callsOf('RunTask').map((c) => c.input.clientToken as string)
const arnsOf = (text: string | undefined): string[] => JSON.parse(text ?? '[]') as string[]
const idsOf = (...arns: Array<string | undefined>): string =>
  arns.map((arn) => arn?.split('/').pop()).join(',')

describe('a task that never started', () => {
  it('is started again for a transient cause: attempt 2 sends its own token and runs', async () => {
    emu.script('job', {
      failToStart: { stoppedReason: PULL_LIMIT, times: 1 },
      containers: { app: { logs: numbered('second', 3) } }
    })
    const env = githubEnv({ GITHUB_RUN_ID: '4242' })
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })

    expect(result.code, result.stdout).toBe(0)
    // No job-index input: the runner evaluates its default only in a matrix-aware workflow.
    const step = deriveClientToken(env, '')
    expect(tokens()).toEqual([step, `${step}-a2`])
    expect(emu.tasks()).toHaveLength(2)
    const [first, second] = emu.tasks()
    expect(first?.stopCode).toBe('TaskFailedToStart')
    expect(result.outputs['attempts']).toBe('2')
    expect(result.outputs['task-arn']).toBe(second?.taskArn)
    expect(arnsOf(result.outputs['task-arns'])).toEqual([second?.taskArn])
    expect(result.outputs['exit-code']).toBe('0')
    expect(result.outputs['log-url']).toContain(second?.taskArn.split('/').pop())
    expect(result.state['task-ids-0']).toBe(idsOf(first?.taskArn, second?.taskArn))
    const shown = visibleLines(result)
    const firstId = first?.taskArn.split('/').pop()
    expect(shown).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Task ${firstId} never started: ` +
            `the registry rate limit was hit \\(transient\\); starting attempt 2 of 3 in \\d+ s\\.$`
        )
      )
    )
    expect(shown).toContainEqual(
      expect.stringMatching(/^Started task [0-9a-f]{32} \(attempt 2 of 3\)/)
    )
    expect(shown.filter((l) => /^second line/.test(l))).toEqual([
      'second line 1',
      'second line 2',
      'second line 3'
    ])
    expect(result.summary).toContain('| Task | Attempt | Container |')
    expect(result.summary).toContain('**Attempts:** 2')
    expect(result.summary).toMatch(
      /\| `[0-9a-f]{32}` \| 1 \| app \| – \| .* \| CannotPullContainerError/
    )
    expect(result.summary).toMatch(/\| `[0-9a-f]{32}` \| 2 \| app \| 0 \|/)
  })

  it('is not started again for a permanent cause, and the failure quotes why', async () => {
    emu.script('job', { failToStart: { stoppedReason: NOT_FOUND } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })

    expect(result.code).toBe(1)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
    expect(result.outputs['attempts']).toBe('1')
    expect(result.stdout).toContain(
      `never started: the image or tag does not exist (permanent); not starting it again.`
    )
    expect(annotations(result).filter((a) => a.level === 'error')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/container app never ran.*not found/)
      })
    ])
    expect(result.summary).not.toContain('Attempt')
  })

  it('fails once max-attempts is reached, quoting the stopped reason', async () => {
    emu.script('job', { failToStart: { stoppedReason: PULL_LIMIT } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'max-attempts': '2', subnets: 'subnet-0e2e' }
    })

    expect(result.code).toBe(1)
    expect(emu.tasks()).toHaveLength(2)
    expect(new Set(tokens()).size).toBe(2)
    expect(result.outputs['attempts']).toBe('2')
    expect(result.outputs['task-arn']).toBe(emu.tasks()[1]?.taskArn)
    expect(result.outputs['stopped-reason']).toBe(PULL_LIMIT)
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(
      /^Task [0-9a-f]{32}: container app never ran or was killed before it exited \(CannotPullContainerError: .*toomanyrequests.*\) \[TaskFailedToStart\]\. It was attempt 2 of 2 \("max-attempts"\)\./
    )
    expect(result.summary).toContain('**Attempts:** 2')
  })

  it('with count 2, starts again only the task that failed; the other runs on', async () => {
    emu.script('job', {
      failToStart: { stoppedReason: PULL_LIMIT, times: 1 },
      containers: { app: { runMs: 4_000 } }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'job',
        count: '2',
        'client-token': 'nightly-7',
        subnets: 'subnet-0e2e'
      }
    })

    expect(result.code, result.stdout).toBe(0)
    const runs = emu.callsOf('RunTask').map((c) => [c.input.clientToken, c.input.count ?? 1])
    expect(runs).toEqual([
      ['nightly-7', 2],
      ['nightly-7-a2-t1', 1]
    ])
    const [failed, other, again] = emu.tasks()
    expect(emu.tasks()).toHaveLength(3)
    expect(failed?.stopCode).toBe('TaskFailedToStart')
    // The second task was never stopped by the action: it ran to its own end.
    expect(other?.stopCode).toBe('EssentialContainerExited')
    expect(emu.callsOf('StopTask')).toHaveLength(0)
    expect(arnsOf(result.outputs['task-arns'])).toEqual([again?.taskArn, other?.taskArn])
    expect(result.outputs['attempts']).toBe('2')
  })

  it('a lost RunTask answer on attempt 2 still starts exactly one task for attempt 2', async () => {
    emu.script('job', { failToStart: { stoppedReason: PULL_LIMIT, times: 1 } })
    emu.inject({ op: 'RunTask', fault: 'drop-response', skip: 1, times: 1 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'client-token': 'deploy-42', subnets: 'subnet-0e2e' }
    })

    expect(result.code, result.stdout).toBe(0)
    expect(tokens()).toEqual(['deploy-42', 'deploy-42-a2', 'deploy-42-a2'])
    expect(emu.callsOf('RunTask')[1]?.fault).toBe('drop-response')
    expect(emu.tasks()).toHaveLength(2)
    expect(result.outputs['task-arn']).toBe(emu.tasks()[1]?.taskArn)
  })

  it('a cancel during attempt 2 stops the task of attempt 2', async () => {
    emu.script('job', {
      failToStart: { stoppedReason: PULL_LIMIT, times: 1 },
      containers: { app: { runMs: 120_000, logs: [{ atMs: 10, message: 'working' }] } }
    })
    const action = startAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })
    await action.waitFor(/^working$/m)
    action.child.kill('SIGINT')
    const result = await action.done

    expect(result.code).toBe(1)
    const [first, second] = emu.tasks()
    expect(emu.callsOf('StopTask').map((c) => c.input.task)).toEqual([second?.taskArn])
    expect(second?.desiredStatus).toBe('STOPPED')
    expect(result.state['task-ids-0']).toBe(idsOf(first?.taskArn, second?.taskArn))
    expect(result.state['settled']).toBe('true')
    const post = await runAction({ endpoint: emu.url, entry: 'post', state: result.state })
    expect(post.code).toBe(0)
    expect(emu.callsOf('StopTask')).toHaveLength(1)
  })
})

describe('a Fargate Spot task', () => {
  const spot = {
    'task-definition': 'job',
    'capacity-provider-strategy': 'FARGATE_SPOT:1',
    subnets: 'subnet-1'
  }
  const interrupted = {
    spotInterruption: { afterMs: 200, times: 1 },
    containers: { app: { runMs: 1_500, logs: numbered('spot', 3, 100) } }
  }

  it('is started again after an interruption when retry-on has spot-interruption', async () => {
    emu.script('job', interrupted)
    const result = await runAction({
      endpoint: emu.url,
      inputs: { ...spot, 'retry-on': 'start-failure\nspot-interruption' }
    })

    expect(result.code, result.stdout).toBe(0)
    expect(emu.tasks()).toHaveLength(2)
    expect(emu.tasks()[0]?.stopCode).toBe('SpotInterruption')
    expect(emu.tasks()[1]?.capacityProviderName).toBe('FARGATE_SPOT')
    expect(result.outputs['attempts']).toBe('2')
    expect(result.stdout).toMatch(
      /Task [0-9a-f]{32} was interrupted by Fargate Spot: the Spot capacity was reclaimed; starting attempt 2 of 3 in \d+ s\./
    )
  })

  it('sets task-outputs from the task that replaced it', async () => {
    emu.script('job', {
      spotInterruption: { afterMs: 500, times: 1 },
      containers: {
        app: {
          runMs: 1_500,
          logs: [
            { atMs: 100, message: 'ECS_RUN_TASK_OUTPUT stage=started' },
            // Only the second task lives to print this.
            { atMs: 1_000, message: 'ECS_RUN_TASK_OUTPUT rows=40' }
          ]
        }
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        ...spot,
        'retry-on': 'spot-interruption',
        'task-outputs': 'stage, rows'
      }
    })

    expect(result.code, result.stdout).toBe(0)
    expect(emu.tasks()).toHaveLength(2)
    expect(JSON.parse(result.outputs['task-outputs'] ?? '')).toEqual({
      stage: 'started',
      rows: '40'
    })
  })

  it('is not started again by default, and the log says how to opt in', async () => {
    emu.script('job', interrupted)
    const result = await runAction({ endpoint: emu.url, inputs: spot })

    expect(result.code).toBe(1)
    expect(emu.tasks()).toHaveLength(1)
    expect(result.stdout).toContain(
      'retry-on does not include spot-interruption; not starting it again.'
    )
  })
})
