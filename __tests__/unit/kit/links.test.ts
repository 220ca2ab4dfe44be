import { describe, expect, it } from 'vitest'
import { runUrl } from '../../../src/kit/links.js'

describe('runUrl', () => {
  const run = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' }

  it('is built from GITHUB_SERVER_URL (GitHub Enterprise Server)', () => {
    expect(runUrl({ ...run, GITHUB_SERVER_URL: 'https://ghe.example.com' })).toBe(
      'https://ghe.example.com/acme/shop/actions/runs/42/attempts/2'
    )
  })

  it('falls back to github.com when GITHUB_SERVER_URL is unset or empty', () => {
    const expected = 'https://github.com/acme/shop/actions/runs/42/attempts/2'
    expect(runUrl(run)).toBe(expected)
    expect(runUrl({ ...run, GITHUB_SERVER_URL: '' })).toBe(expected)
  })

  it('is undefined outside a workflow run', () => {
    expect(runUrl({ GITHUB_SERVER_URL: 'https://ghe.example.com' })).toBeUndefined()
  })
})
