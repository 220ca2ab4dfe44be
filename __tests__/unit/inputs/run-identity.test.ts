import { describe, expect, it } from 'vitest'
import { deriveClientToken, deriveStartedBy } from '../../../src/inputs/run-identity.js'

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
