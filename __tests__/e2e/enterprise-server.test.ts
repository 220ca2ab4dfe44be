/**
 * GitHub Enterprise Server: every link to GitHub the action writes (summary, log, the StopTask
 * reason ECS keeps) is built from GITHUB_SERVER_URL, never github.com.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { githubEnv } from '../support/runner.js'
import { runAction, startAction, useEmulator } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('migrate'))
})

const GHES = 'https://ghe.example.com'
const env = githubEnv({ GITHUB_SERVER_URL: GHES, GITHUB_RUN_ID: '4242' })

describe('links on GitHub Enterprise Server', () => {
  it('links the commit in the summary to the server, and nothing to github.com', async () => {
    emu.script('migrate', { containers: { app: { exitCode: 3 } } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate' },
      env
    })
    expect(result.code).toBe(1)
    expect(result.summary).toContain(`${GHES}/acme/shop/commit/${env.GITHUB_SHA}`)
    for (const text of [result.summary, result.stdout, JSON.stringify(result.outputs)]) {
      expect(text).not.toMatch(/github\.com/)
    }
  })

  it('names the run on the server in the reason of a StopTask after a cancel', async () => {
    emu.script('migrate', {
      containers: { app: { runMs: 120_000, logs: [{ atMs: 10, message: 'working' }] } }
    })
    const action = startAction({ endpoint: emu.url, inputs: { 'task-definition': 'migrate' }, env })
    await action.waitFor(/working/)
    action.child.kill('SIGINT')
    const result = await action.done
    expect(result.code).toBe(1)
    const [stop] = emu.callsOf('StopTask')
    expect(stop?.input.reason).toContain(
      `(workflow run ${GHES}/acme/shop/actions/runs/4242/attempts/1)`
    )
    for (const text of [result.summary, result.stdout, JSON.stringify(result.outputs)]) {
      expect(text).not.toMatch(/github\.com/)
    }
  })
})
