import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { readRunState, TASK_IDS_PER_KEY, TaskRecord } from '../../../src/run/state.js'

vi.mock('@actions/core', async (importOriginal) =>
  (await import('../../support/core-mock.js')).spiedCore(importOriginal)
)

const arn = (i: number): string => `arn:aws:ecs:us-east-1:1:task/prod/${'0'.repeat(28)}${i + 1000}`

beforeEach(() => {
  vi.clearAllMocks()
})

describe('TaskRecord and readRunState: the tasks handed to the post step', () => {
  it('saves ids, rewriting only the key the new ids land in, and reads them all back', () => {
    const record = new TaskRecord()
    const arns = Array.from({ length: 3_000 }, (_, i) => arn(i))
    for (const a of arns) record.add([a])

    const saved = new Map<string, string>()
    for (const [key, value] of vi.mocked(core.saveState).mock.calls) saved.set(key, String(value))
    // One key written per start: 3,000 starts, 3,000 writes of at most 25 ids each.
    expect(vi.mocked(core.saveState)).toHaveBeenCalledTimes(3_000)
    expect(saved.size).toBe(3_000 / TASK_IDS_PER_KEY)
    const total = [...saved.values()].reduce((n, v) => n + v.length, 0)
    expect(total).toBeLessThan(110 * 1024)

    for (const [key, value] of saved) vi.stubEnv(`STATE_${key}`, value)
    vi.stubEnv('STATE_cluster', 'prod')
    expect(readRunState()).toMatchObject({
      cluster: 'prod',
      taskIds: arns.map((a) => a.split('/').pop()),
      settled: false,
      stopOnCancel: true
    })
  })
})
