import { describe, expect, it } from 'vitest'
import { between, formatDuration } from '../../../src/kit/time.js'

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-5_000, '0 s'],
    [12_400, '12 s'],
    [59_600, '1 min 0 s'],
    [65_000, '1 min 5 s'],
    [3_599_000, '59 min 59 s'],
    [7_380_000, '2 h 3 min']
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('between', () => {
  it('is the duration from one instant to another, when both are known', () => {
    const start = new Date('2026-12-07T03:17:00Z')
    expect(between(start, new Date('2026-12-07T03:19:05Z'))).toBe('2 min 5 s')
    expect(between(start, undefined)).toBeUndefined()
    expect(between(undefined, start)).toBeUndefined()
  })
})
