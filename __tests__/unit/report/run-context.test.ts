import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadRunContext, runContextOf } from '../../../src/report/run-context.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('runContextOf', () => {
  it('reads the event, a short ref, the commit and its link, the actor and the pull request', () => {
    expect(
      runContextOf(
        {
          eventName: 'pull_request',
          ref: 'refs/pull/12/merge',
          sha: 'abc',
          actor: 'octocat',
          serverUrl: 'https://github.example',
          payload: {
            pull_request: { number: 12, html_url: 'https://github.example/a/b/pull/12', title: 'T' }
          }
        },
        { GITHUB_REPOSITORY: 'a/b' }
      )
    ).toEqual({
      event: 'pull_request',
      ref: 'refs/pull/12/merge',
      sha: 'abc',
      actor: 'octocat',
      commitUrl: 'https://github.example/a/b/commit/abc',
      pullRequest: { number: 12, url: 'https://github.example/a/b/pull/12', title: 'T' }
    })
    expect(runContextOf({ eventName: 'push', ref: 'refs/heads/main', payload: {} }, {})).toEqual({
      event: 'push',
      ref: 'main'
    })
  })
})

describe('loadRunContext', () => {
  it("reads @actions/github's context from the runner's variables and event file", async () => {
    const event = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
    writeFileSync(event, JSON.stringify({ pull_request: { number: 5, title: 'Add a column' } }))
    vi.stubEnv('GITHUB_EVENT_PATH', event)
    vi.stubEnv('GITHUB_EVENT_NAME', 'pull_request')
    vi.stubEnv('GITHUB_SHA', 'ffff')
    vi.stubEnv('GITHUB_REPOSITORY', 'acme/shop')
    vi.stubEnv('GITHUB_SERVER_URL', 'https://github.com')
    const context = await loadRunContext(process.env)
    expect(context).toMatchObject({
      event: 'pull_request',
      sha: 'ffff',
      commitUrl: 'https://github.com/acme/shop/commit/ffff',
      pullRequest: { number: 5, title: 'Add a column' }
    })
  })

  it('an unreadable event file costs only the context', async () => {
    // @actions/github reads the event file when it is first imported, and throws if it is not JSON.
    const load = () => Promise.reject(new SyntaxError('Unexpected token n in JSON at position 2'))
    await expect(loadRunContext(process.env, load)).resolves.toEqual({})
  })
})
