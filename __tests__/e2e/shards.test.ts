/**
 * shards, max-parallel, fail-fast and results through the bundled action, on a virtual clock:
 * each shard sees its index, one RunTask per shard whatever is retried, fail-fast stops the rest,
 * a cancel or the post step leaves no shard running, and `results` says how each shard ended.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { annotations, githubEnv, visibleLines } from '../support/runner.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { runAction, startAction, useEmulator } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('backfill'))
})
useRealTimersAfterEach()

const SAY_INDEX = `["sh","-c","echo shard $ECS_RUN_TASK_SHARD of $ECS_RUN_TASK_SHARDS"]`

interface Result {
  index: number
  'task-arn': string | null
  'exit-code': number | null
  'stopped-reason': string | null
  attempts: number
  'task-outputs': Record<string, string>
}
const resultsOf = (text: string | undefined): Result[] => JSON.parse(text ?? '[]') as Result[]
const tokens = (): string[] => emu.callsOf('RunTask').map((c) => c.input.clientToken as string)
const shardOf = (input: {
  overrides?: {
    containerOverrides?: Array<{ environment?: Array<{ name: string; value: string }> }>
  }
}): string | undefined =>
  input.overrides?.containerOverrides
    ?.flatMap((o) => o.environment ?? [])
    .find((e) => e.name === 'ECS_RUN_TASK_SHARD')?.value

/** The most tasks the emulator had between RunTask and STOPPED at any one moment. */
function peakRunning(): number {
  const events = emu
    .tasks()
    .flatMap((t) => [
      { at: Number(t.createdAt), d: 1 },
      { at: t.stoppedAt === undefined ? Infinity : Number(t.stoppedAt), d: -1 }
    ])
    .sort((a, b) => a.at - b.at || a.d - b.d)
  let now = 0
  let peak = 0
  for (const e of events) peak = Math.max(peak, (now += e.d))
  return peak
}

describe('shards', () => {
  it('runs 25 shards, each seeing its index, one RunTask each, and succeeds', async () => {
    const env = { ...virtualClock(emu), ...githubEnv({ GITHUB_RUN_ID: '77' }) }
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: {
        'task-definition': 'backfill',
        shards: '25',
        command: SAY_INDEX,
        'client-token': 'backfill-77'
      }
    })

    expect(result.code, result.stdout).toBe(0)
    const lines = visibleLines(result)
    for (let i = 0; i < 25; i++) {
      expect(lines.filter((l) => l === `[${i}] app | shard ${i} of 25`)).toHaveLength(1)
    }
    // The line that says every shard ended comes after every shard's lines, once.
    const ended = lines.filter((l) => l.startsWith('Shards: 25 succeeded'))
    expect(ended).toHaveLength(1)
    const lastShardLine = Math.max(...lines.map((l, i) => (/^\[\d+\] app \| /.test(l) ? i : -1)))
    expect(lines.indexOf(ended[0]!)).toBeGreaterThan(lastShardLine)
    const runs = emu.callsOf('RunTask')
    expect(runs).toHaveLength(25)
    expect(runs.every((c) => (c.input.count ?? 1) === 1)).toBe(true)
    expect(new Set(runs.map((c) => shardOf(c.input))).size).toBe(25)
    expect(tokens().sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => `backfill-77-s${i}`).sort()
    )
    expect(emu.tasks()).toHaveLength(25)
    for (const call of emu.callsOf('DescribeTasks')) {
      expect((call.input.tasks as string[]).length).toBeLessThanOrEqual(100)
    }
    const results = resultsOf(result.outputs['results'])
    expect(results.map((r) => r.index)).toEqual(Array.from({ length: 25 }, (_, i) => i))
    expect(results.every((r) => r['exit-code'] === 0 && r.attempts === 1)).toBe(true)
    expect(result.outputs['task-arn']).toBe(results[0]?.['task-arn'])
    expect(JSON.parse(result.outputs['task-arns'] ?? '[]')).toEqual(
      results.map((r) => r['task-arn'])
    )
    expect(result.outputs['exit-code']).toBe('0')
    expect(result.state['settled']).toBe('true')
    // Task ids, 25 a key: the state of 1,000 shards stays small.
    expect(result.state['task-ids-0']?.split(',')).toHaveLength(25)
    expect(
      annotations(result).filter((a) => a.level === 'notice' && /Logs of/.test(a.message))
    ).toHaveLength(1)
  })

  it('fails naming the failed shard; fail-fast stops the running shards and starts no more', async () => {
    emu.script('backfill', {
      containers: { app: { runMs: 600_000 } },
      shards: { 2: { containers: { app: { exitCode: 1, runMs: 2_000 } } } }
    })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'backfill', shards: '6', 'max-parallel': '4' }
    })

    expect(result.code, result.stdout).toBe(1)
    // Shards 0-3 started; 2 failed; 0, 1 and 3 were stopped; 4 and 5 never started.
    expect(
      emu
        .callsOf('RunTask')
        .map((c) => shardOf(c.input))
        .sort()
    ).toEqual(['0', '1', '2', '3'])
    const stops = emu.callsOf('StopTask')
    expect(stops).toHaveLength(3)
    for (const stop of stops)
      expect(stop.input.reason).toMatch(/^ecs-run-task: shard 2 failed \(fail-fast\)/)
    expect(emu.tasks().every((t) => t.desiredStatus === 'STOPPED')).toBe(true)
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(
      errors.some((a) =>
        /^Shard 2: Task [0-9a-f]{32}: container app exited with code 1/.test(a.message)
      )
    ).toBe(true)
    expect(visibleLines(result)).toContainEqual(
      expect.stringMatching(/^Shard 2 failed: Task [0-9a-f]{32}: container app exited with code 1/)
    )
    // Each stop names its shard.
    expect(
      visibleLines(result)
        .filter((l) => l.startsWith('Stopped task '))
        .map((l) => l.replace(/[0-9a-f]{32}/, 'ID'))
        .sort()
    ).toEqual([0, 1, 3].map((i) => `Stopped task ID (shard ${i}): shard 2 failed (fail-fast).`))
    // One row per shard, the failed one first, those never started too.
    expect(
      result.summary
        .split('\n')
        .filter((l) => /^\| \d+ \| /.test(l))
        .map((l) => l.split(' | ').slice(0, 1).join() + (/not started/.test(l) ? ' -' : ''))
    ).toEqual(['| 2', '| 0', '| 1', '| 3', '| 4 -', '| 5 -'])
    const results = resultsOf(result.outputs['results'])
    expect(results).toHaveLength(6)
    expect(results[2]).toMatchObject({ index: 2, 'exit-code': 1, attempts: 1 })
    expect(results[0]?.['stopped-reason']).toMatch(/shard 2 failed/)
    for (const i of [4, 5]) {
      expect(results[i]).toEqual({
        index: i,
        'task-arn': null,
        'exit-code': null,
        'stopped-reason': null,
        attempts: 0,
        'task-outputs': {}
      })
    }
  })

  it('with fail-fast false runs every shard and reports them all', async () => {
    emu.script('backfill', {
      shards: { 1: { containers: { app: { exitCode: 3 } } } }
    })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: {
        'task-definition': 'backfill',
        shards: '4',
        'max-parallel': '2',
        'fail-fast': 'false'
      }
    })

    expect(result.code, result.stdout).toBe(1)
    expect(emu.callsOf('RunTask')).toHaveLength(4)
    expect(emu.callsOf('StopTask')).toHaveLength(0)
    expect(resultsOf(result.outputs['results']).map((r) => r['exit-code'])).toEqual([0, 3, 0, 0])
  })

  it('keeps to max-parallel: a shard holds its slot until its task is STOPPED', async () => {
    emu.script('backfill', { containers: { app: { runMs: 3_000 } } })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'backfill', shards: '9', 'max-parallel': '3' }
    })

    expect(result.code, result.stdout).toBe(0)
    expect(emu.tasks()).toHaveLength(9)
    expect(peakRunning()).toBe(3)
  })

  it('paces RunTask on its side: 100 shards all start within 9 s, never faster than 20 + 10/s', async () => {
    emu.script('backfill', { containers: { app: { runMs: 1_000 } } })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'backfill', shards: '100' }
    })

    expect(result.code, result.stdout).toBe(0)
    const starts = emu.callsOf('RunTask').map((c) => c.at)
    expect(starts).toHaveLength(100)
    const first = Math.min(...starts)
    expect(Math.max(...starts) - first).toBeLessThanOrEqual(9_000)
    for (const at of starts) {
      const allowed = 20 + Math.floor(((at - first) * 10) / 1000)
      expect(starts.filter((t) => t <= at).length).toBeLessThanOrEqual(allowed)
    }
    // One DescribeTasks per 100 running tasks a poll, not one per task.
    for (const call of emu.callsOf('DescribeTasks')) {
      expect((call.input.tasks as string[]).length).toBeLessThanOrEqual(100)
    }
    expect(emu.callsOf('DescribeTasks').length).toBeLessThan(60)
  })

  it('never starts a shard twice through a lost RunTask answer and throttling', async () => {
    const env = virtualClock(emu)
    emu.inject({ op: 'RunTask', fault: 'drop-response', skip: 2, times: 1 })
    emu.inject({ op: 'RunTask', fault: 'throttle', skip: 4, times: 6 })
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'backfill', shards: '10', 'client-token': 'nightly' }
    })

    expect(result.code, result.stdout).toBe(0)
    expect(emu.tasks()).toHaveLength(10)
    expect(emu.callsOf('RunTask').length).toBeGreaterThan(10)
    // Every call for a shard sent that shard's token: ECS answers a repeat with the same task.
    for (const call of emu.callsOf('RunTask')) {
      expect(call.input.clientToken).toBe(`nightly-s${shardOf(call.input)}`)
    }
    expect(new Set(resultsOf(result.outputs['results']).map((r) => r['task-arn'])).size).toBe(10)
  })

  it('a cancel leaves no shard running', async () => {
    emu.script('backfill', {
      containers: { app: { runMs: 600_000, logs: [{ atMs: 10, message: 'working' }] } }
    })
    const action = startAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'backfill', shards: '5' }
    })
    await action.waitFor(/\[4\] app \| working/)
    action.child.kill('SIGINT')
    const result = await action.done

    expect(result.code).toBe(1)
    expect(emu.tasks()).toHaveLength(5)
    expect(emu.tasks().every((t) => t.desiredStatus === 'STOPPED')).toBe(true)
    expect(emu.callsOf('StopTask')).toHaveLength(5)
    expect(result.state['settled']).toBe('true')
    expect(annotations(result).some((a) => a.title === 'Cancelled')).toBe(true)
  })

  it('wait-timeout stops every running shard and fails, each result with the reason sent', async () => {
    emu.script('backfill', { containers: { app: { runMs: 600_000 } } })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: {
        'task-definition': 'backfill',
        shards: '4',
        'max-parallel': '3',
        'wait-timeout': '1'
      }
    })

    expect(result.code).toBe(1)
    expect(emu.tasks()).toHaveLength(3)
    expect(emu.tasks().every((t) => t.desiredStatus === 'STOPPED')).toBe(true)
    expect(annotations(result).some((a) => a.title === 'Timed out')).toBe(true)
    const results = resultsOf(result.outputs['results'])
    expect(
      results
        .slice(0, 3)
        .every((r) => /wait-timeout of 1 minute passed/.test(r['stopped-reason'] ?? ''))
    ).toBe(true)
    expect(results[3]).toMatchObject({ index: 3, 'task-arn': null, attempts: 0 })
    expect(result.state['settled']).toBe('true')
  })

  it('the post step stops every recorded shard when the main step was killed', async () => {
    emu.script('backfill', {
      containers: { app: { runMs: 600_000, logs: [{ atMs: 10, message: 'working' }] } }
    })
    const action = startAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'backfill', shards: '3' }
    })
    await action.waitFor(/\[2\] app \| working/)
    action.child.kill('SIGKILL')
    const killed = await action.done
    expect(emu.callsOf('StopTask')).toHaveLength(0)

    const post = await runAction({ endpoint: emu.url, entry: 'post', state: killed.state })
    expect(post.code).toBe(0)
    const ids = emu.tasks().map((t) => t.taskArn.split('/').pop())
    expect(
      emu
        .callsOf('StopTask')
        .map((c) => c.input.task)
        .sort()
    ).toEqual(ids.sort())
    expect(emu.tasks().every((t) => t.desiredStatus === 'STOPPED')).toBe(true)
  })
})

describe('retry-on exit-code:N', () => {
  it('starts a task again when its primary exited with a listed code, saying so', async () => {
    emu.script('backfill', { containers: { app: { exitCode: 75 } } })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: {
        'task-definition': 'backfill',
        'retry-on': 'exit-code:75',
        'max-attempts': '2',
        'client-token': 'later'
      }
    })

    expect(result.code).toBe(1)
    expect(tokens()).toEqual(['later', 'later-a2'])
    expect(result.outputs['attempts']).toBe('2')
    expect(visibleLines(result)).toContainEqual(
      expect.stringMatching(
        /^Task [0-9a-f]{32}: container app exited with code 75 \(retry-on exit-code:75\); starting attempt 2 of 2 in \d+ s\.$/
      )
    )
  })

  it('does not start it again for a code not listed', async () => {
    emu.script('backfill', { containers: { app: { exitCode: 1 } } })
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'backfill', 'retry-on': 'exit-code:75' }
    })

    expect(result.code).toBe(1)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
    expect(resultsOf(result.outputs['results'])).toEqual([
      expect.objectContaining({ index: 0, 'exit-code': 1, attempts: 1, 'task-outputs': {} })
    ])
  })
})

describe('shards inputs', () => {
  it('refuses shards with count, naming both, before any AWS call', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'backfill', shards: '4', count: '2' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('Inputs "shards" and "count" cannot be used together')
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })

  it("refuses shards whose widest overrides pass ECS's 8,192 characters, before starting any", async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'backfill',
        shards: '1000',
        environment: `PAYLOAD=${'x'.repeat(8_100)}`
      }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /The overrides of shard 999 would be \d+ characters, over ECS's 8192 \(with ECS_RUN_TASK_SHARD and ECS_RUN_TASK_SHARDS added to "app"'s environment\)/
    )
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })

  it('the dry run shows the shard plan and starts nothing', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'backfill',
        shards: '40',
        'max-parallel': '10',
        'dry-run': 'true'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).toContain(
      '40 shards (0 to 39), one RunTask each, at most 10 at once; app gets ' +
        'ECS_RUN_TASK_SHARD=<index> and ECS_RUN_TASK_SHARDS=40; fail-fast on: a shard failed for ' +
        'good stops the rest'
    )
    expect(result.outputs['results']).toBe('[]')
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })
})
