import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { capResults, type ResultEntry } from '../../../src/run/finish.js'

vi.mock('@actions/core', async (importOriginal) =>
  (await import('../../support/core-mock.js')).spiedCore(importOriginal)
)

beforeEach(() => {
  vi.clearAllMocks()
})

const entry = (index: number, value: string): ResultEntry => ({
  index,
  'task-arn': `arn:aws:ecs:us-east-1:1:task/prod/${index}`,
  'exit-code': 0,
  'stopped-reason': 'Essential container in task exited',
  attempts: 1,
  'task-outputs': { report: value }
})

describe('capResults: the results output stays under 512 KiB', () => {
  it('is the entries as they are when they fit', () => {
    const entries = [entry(0, 'a'), entry(1, 'b')]
    expect(JSON.parse(capResults(entries))).toEqual([entry(0, 'a'), entry(1, 'b')])
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('drops task-outputs from the last entries first, and says so', () => {
    // 1,000 shards, each with 1 KiB of outputs: about 1.1 MB as given.
    const entries = Array.from({ length: 1_000 }, (_, i) => entry(i, 'x'.repeat(1000)))
    const text = capResults(entries, 512 * 1024)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(512 * 1024)
    const out = JSON.parse(text) as ResultEntry[]
    expect(out).toHaveLength(1_000)
    expect(out[0]?.['task-outputs']).toEqual({ report: 'x'.repeat(1000) })
    expect(out[999]?.['task-outputs']).toBeUndefined()
    expect(out[999]?.['exit-code']).toBe(0)
    expect(vi.mocked(core.warning).mock.calls[0]?.[0]).toMatch(
      /^The results output would pass 512 KiB: \d+ entries leave out "task-outputs"/
    )
  })
})
