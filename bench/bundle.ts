// What the bench runs: a snapshot of the bundle taken once at start, so that parallel rebuilds of
// the working tree (`npm run build` empties dist/ first) neither break a 15-minute run nor change
// what is measured half-way. By default the COMMITTED bundle (`git archive HEAD dist`); with
// `--worktree` the working tree's dist/ as it is at start.
// The runner stand-in (__tests__/support/runner.ts) starts `<root>/dist/index.js` of the snapshot.

import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startAction } from '../__tests__/support/runner.js'

export const REPO = resolve(import.meta.dirname, '..')

export interface Bundle {
  source: 'HEAD' | 'worktree'
  /** The commit the snapshot was taken at (HEAD even for --worktree, which may differ from it). */
  commit: string
  /** The snapshot's root: `<root>/dist/index.js` is what runs. */
  root: string
  startAction: typeof startAction
  dispose(): void
}

export async function snapshotBundle(source: Bundle['source']): Promise<Bundle> {
  const root = mkdtempSync(join(tmpdir(), 'ecs-run-task-bench-'))
  const git = (...args: string[]): Buffer =>
    execFileSync('git', args, { cwd: REPO, maxBuffer: 256 << 20 })
  const commit = git('rev-parse', 'HEAD').toString().trim()
  if (source === 'HEAD') {
    execFileSync('tar', ['-x', '-C', root], {
      input: git('archive', '--format=tar', commit, 'dist')
    })
  } else {
    cpSync(join(REPO, 'dist'), join(root, 'dist'), { recursive: true })
  }
  return {
    source,
    commit,
    root,
    startAction: (options) => startAction({ ...options, root }),
    dispose: () => rmSync(root, { recursive: true, force: true })
  }
}
