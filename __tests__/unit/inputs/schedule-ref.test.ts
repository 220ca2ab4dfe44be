import { describe, expect, it } from 'vitest'
import { Problems } from '../../../src/inputs/problems.js'
import { scheduleRef } from '../../../src/inputs/schedule-ref.js'

const parse = (text: string) => {
  const p = new Problems()
  const value = scheduleRef(text, { input: 'schedule', p, env: {}, raw: () => '' })
  return { value, problems: p.lines }
}

describe('scheduleRef', () => {
  it.each([
    ['nightly', { kind: 'schedule', name: 'nightly' }],
    ['reports/nightly.v2', { kind: 'schedule', name: 'nightly.v2', group: 'reports' }],
    [
      'arn:aws:scheduler:eu-west-1:123456789012:schedule/reports/nightly',
      { kind: 'schedule', name: 'nightly', group: 'reports', region: 'eu-west-1' }
    ],
    [
      'arn:aws:events:eu-west-1:123456789012:rule/nightly',
      { kind: 'rule', name: 'nightly', region: 'eu-west-1' }
    ],
    [
      'arn:aws:events:eu-west-1:123456789012:rule/jobs/nightly',
      { kind: 'rule', name: 'nightly', bus: 'jobs', region: 'eu-west-1' }
    ]
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual({ value: { ...expected, text }, problems: [] })
  })

  it.each(['a/b/c', 'nightly report', 'arn:aws:events:eu-west-1:123:rule/x', 'x'.repeat(65)])(
    'refuses %s, saying what is accepted',
    (text) => {
      const { value, problems } = parse(text)
      expect(value).toBeUndefined()
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatch(/^Input "schedule" must be an EventBridge Scheduler schedule/)
    }
  )

  it('empty: none', () => {
    expect(parse('')).toEqual({ value: undefined, problems: [] })
  })
})
