import { describe, expect, it } from 'vitest'
import {
  attemptClientToken,
  deriveClientToken,
  deriveStartedBy
} from '../../../src/inputs/run-identity.js'

const RUN = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/my.app',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'migrate',
  GITHUB_ACTION: 'run-task'
}
const VALID_TOKEN = /^[\x21-\x7e]{1,64}$/

describe('deriveClientToken', () => {
  it('is stable for the same step of the same run attempt', () => {
    expect(deriveClientToken({ ...RUN }, '0')).toBe(deriveClientToken({ ...RUN }, '0'))
  })

  it('has a readable prefix and a hash', () => {
    expect(deriveClientToken(RUN, '0')).toMatch(/^gha-9876543210-1-[0-9a-f]{32}$/)
  })

  it.each([
    ['a re-run attempt', { GITHUB_RUN_ATTEMPT: '2' }, '0'],
    ['another step', { GITHUB_ACTION: '__run_2' }, '0'],
    ['another job', { GITHUB_JOB: 'seed' }, '0'],
    ['another matrix leg', {}, '1'],
    ['another run', { GITHUB_RUN_ID: '9876543211' }, '0'],
    ['another repository', { GITHUB_REPOSITORY: 'octo-org/other' }, '0'],
    ['another workflow', { GITHUB_WORKFLOW: 'nightly' }, '0'],
    ['another server', { GITHUB_SERVER_URL: 'https://ghe.example.com' }, '0']
  ])('differs for %s', (_name, change, jobIndex) => {
    expect(deriveClientToken({ ...RUN, ...change }, jobIndex)).not.toBe(deriveClientToken(RUN, '0'))
  })

  it('cannot be confused by parts that shift text between fields', () => {
    const a = deriveClientToken({ ...RUN, GITHUB_JOB: 'a-b', GITHUB_ACTION: 'c' }, '0')
    const b = deriveClientToken({ ...RUN, GITHUB_JOB: 'a', GITHUB_ACTION: 'b-c' }, '0')
    expect(a).not.toBe(b)
  })

  it('stays within 64 characters of ASCII 33-126 for long run ids and attempts', () => {
    const long = deriveClientToken({ ...RUN, GITHUB_RUN_ID: '12345678901234567890' }, '0')
    expect(long).toMatch(VALID_TOKEN)
    expect(long).toMatch(/^gha-12345678901234567890-1-[0-9a-f]{32}$/)
    const huge = deriveClientToken(
      { ...RUN, GITHUB_RUN_ID: '9'.repeat(40), GITHUB_RUN_ATTEMPT: '3' },
      '0'
    )
    expect(huge).toMatch(VALID_TOKEN)
    expect(huge).toMatch(/^gha-[0-9a-f]{48}$/)
    const odd = deriveClientToken({ ...RUN, GITHUB_RUN_ID: 'x y', GITHUB_RUN_ATTEMPT: 'é' }, 'ü')
    expect(odd).toMatch(VALID_TOKEN)
  })

  it('is random outside GitHub Actions: there is no run to derive from', () => {
    const a = deriveClientToken({}, '')
    expect(a).toMatch(/^ecs-run-task-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(a).toMatch(VALID_TOKEN)
    expect(deriveClientToken({}, '')).not.toBe(a)
  })
})

describe('deriveStartedBy', () => {
  const VALID = /^[A-Za-z0-9_/-]{1,128}$/

  it('names the repository, run and attempt', () => {
    expect(deriveStartedBy(RUN)).toBe('gha/octo-org_my_app/9876543210/1')
    expect(deriveStartedBy({ ...RUN, GITHUB_RUN_ATTEMPT: '2' })).toBe(
      'gha/octo-org_my_app/9876543210/2'
    )
  })

  it('shortens the repository so that the run id and attempt survive', () => {
    const startedBy = deriveStartedBy({
      ...RUN,
      GITHUB_REPOSITORY: `${'o'.repeat(39)}/${'r'.repeat(100)}`,
      GITHUB_RUN_ID: '12345678901234567890'
    })
    expect(startedBy).toHaveLength(128)
    expect(startedBy).toMatch(VALID)
    expect(startedBy.endsWith('/12345678901234567890/1')).toBe(true)
  })

  it('keeps to [A-Za-z0-9_/-]', () => {
    expect(
      deriveStartedBy({ GITHUB_RUN_ID: '1', GITHUB_REPOSITORY: 'a b/ü.c', GITHUB_RUN_ATTEMPT: '1' })
    ).toBe('gha/a_b___c/1/1')
  })

  it('is ecs-run-task outside GitHub Actions', () => {
    expect(deriveStartedBy({})).toBe('ecs-run-task')
  })
})

describe('attemptClientToken', () => {
  const step = deriveClientToken(RUN, '0')

  it('sends the step token unchanged on attempt 1', () => {
    expect(attemptClientToken(step, 1)).toBe(step)
    expect(attemptClientToken(step, 1, 2, 3)).toBe(step)
  })

  it('derives a readable token per attempt, and per task when the step started several', () => {
    expect(attemptClientToken(step, 2)).toBe(`${step}-a2`)
    expect(attemptClientToken(step, 3)).toBe(`${step}-a3`)
    expect(attemptClientToken(step, 2, 1, 2)).toBe(`${step}-a2-t1`)
    expect(attemptClientToken(step, 2, 2, 2)).toBe(`${step}-a2-t2`)
  })

  it('is the same for the same step, attempt and task, and differs otherwise', () => {
    expect(attemptClientToken(step, 2, 3, 10)).toBe(attemptClientToken(step, 2, 3, 10))
    const all = new Set<string>()
    for (const token of [step, 'deploy-42', 'x'.repeat(64), 'y'.repeat(60)]) {
      for (let attempt = 1; attempt <= 10; attempt++) {
        for (let slot = 1; slot <= 10; slot++) all.add(attemptClientToken(token, attempt, slot, 10))
      }
    }
    // 4 step tokens × (attempt 1 + 9 later attempts × 10 tasks)
    expect(all.size).toBe(4 * (1 + 9 * 10))
  })

  it.each([
    ['the default token', step],
    ['a short token', 'deploy-42'],
    ['a 64-character token', 'x'.repeat(64)],
    ['a 58-character token', 'z'.repeat(58)],
    [
      'every printable character',
      Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))
        .join('')
        .slice(0, 64)
    ]
  ])('stays a valid ECS client token for %s', (_name, token) => {
    for (const [attempt, slot, count] of [
      [2, 1, 1],
      [10, 10, 10]
    ] as const) {
      const derived = attemptClientToken(token, attempt, slot, count)
      expect(derived).toMatch(VALID_TOKEN)
      expect(derived).not.toBe(token)
    }
  })

  it('keeps tokens apart that share their first characters when they must be shortened', () => {
    const a = attemptClientToken(`${'p'.repeat(60)}AAAA`, 2, 1, 2)
    const b = attemptClientToken(`${'p'.repeat(60)}BBBB`, 2, 1, 2)
    expect(a).not.toBe(b)
    expect(a.length).toBe(64)
  })
})

describe('shardClientToken', () => {
  it('derives a token per shard and attempt, never the same twice', async () => {
    const { shardClientToken } = await import('../../../src/inputs/run-identity.js')
    expect(shardClientToken('nightly', 3, 1)).toBe('nightly-s3')
    expect(shardClientToken('nightly', 3, 2)).toBe('nightly-s3-a2')
    const long = 'x'.repeat(64)
    const tokens = new Set<string>()
    for (let shard = 0; shard < 1000; shard++) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const token = shardClientToken(long, shard, attempt)
        expect(token.length).toBeLessThanOrEqual(64)
        tokens.add(token)
      }
    }
    expect(tokens.size).toBe(3000)
    expect(shardClientToken(long, 999, 10)).toBe(shardClientToken(long, 999, 10))
  })
})
