/**
 * dist/'s licence files name every package the bundler included, with its licence text, and
 * every licence is one CONTRIBUTING allows ("Licences of bundled packages"). Reads the webpack
 * stats the build (`npm run build`, run by `npm test` first) leaves in node_modules/.cache.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/runner.js'
import { bundledPackages } from '../../scripts/licenses.mjs'

interface Bundled {
  name: string
  version: string
}

interface Entry {
  id: string
  license: string
  /** The `--- <file>` sections: licence and NOTICE texts. */
  texts: string[]
}

const STATS = join(ROOT, 'node_modules/.cache/ecs-run-task')
const BUNDLES = [
  {
    what: 'main step (dist/index.js and its chunks)',
    stats: 'main-stats.json',
    file: 'dist/licenses.txt'
  },
  {
    what: 'post step (dist/cleanup/index.js)',
    stats: 'post-stats.json',
    file: 'dist/cleanup/licenses.txt'
  }
]

/** The allow list, as CONTRIBUTING writes it: `Allowed licences: `MIT`, `ISC`, …`. */
function allowedLicences(): string[] {
  const contributing = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8')
  const line = /^Allowed licences: (.+)$/m.exec(contributing)?.[1] ?? ''
  return [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '')
}

/** An SPDX expression is allowed when one side of each OR, and every side of an AND, is. */
function licenceAllowed(expression: string, allowed: readonly string[]): boolean {
  const bare = expression.replace(/^\((.*)\)$/, '$1').trim()
  if (/ OR /.test(bare)) return bare.split(/ OR /).some((e) => licenceAllowed(e, allowed))
  if (/ AND /.test(bare)) return bare.split(/ AND /).every((e) => licenceAllowed(e, allowed))
  return allowed.includes(bare)
}

function entriesOf(text: string): Entry[] {
  return text
    .split(/^={78}$/m)
    .slice(1)
    .map((block) => {
      const lines = block.trim().split('\n')
      return {
        id: lines[0] ?? '',
        license: /^License: (.*)$/.exec(lines[1] ?? '')?.[1] ?? '',
        texts: block
          .split(/^--- .*$/m)
          .slice(1)
          .map((t) => t.trim())
          .filter((t) => t !== '')
      }
    })
}

/** One message per gap, naming the package: what the check prints when it fails. */
function licenceGaps(
  bundled: readonly Bundled[],
  entries: readonly Entry[],
  allowed: readonly string[]
): string[] {
  const byId = new Map(entries.map((e) => [e.id, e]))
  const gaps: string[] = []
  for (const p of bundled) {
    const id = `${p.name}@${p.version}`
    const entry = byId.get(id)
    if (!entry) gaps.push(`${id} is bundled but has no entry`)
    else if (entry.texts.length === 0) gaps.push(`${id} has no licence text`)
    else if (!licenceAllowed(entry.license, allowed)) {
      gaps.push(`${id} is under ${entry.license}, which is not in CONTRIBUTING's allow list`)
    }
  }
  const ids = new Set(bundled.map((p) => `${p.name}@${p.version}`))
  for (const e of entries) if (!ids.has(e.id)) gaps.push(`${e.id} has an entry but is not bundled`)
  return gaps
}

describe("dist/'s licence files", () => {
  it('the allow list is written down in CONTRIBUTING', () => {
    expect(allowedLicences()).toEqual([
      'MIT',
      'ISC',
      'Apache-2.0',
      'BSD-2-Clause',
      'BSD-3-Clause',
      '0BSD'
    ])
  })

  for (const bundle of BUNDLES) {
    it(`${bundle.file}: every package bundled into the ${bundle.what}, with its licence text`, () => {
      const statsFile = join(STATS, bundle.stats)
      expect(existsSync(statsFile), `no ${statsFile}: run npm run build`).toBe(true)
      const bundled = bundledPackages(JSON.parse(readFileSync(statsFile, 'utf8')))
      // The bundle holds the SDK and the toolkit: a stats file that lists few is not read right.
      expect(bundled.length).toBeGreaterThan(30)
      if (bundle.stats === 'main-stats.json') {
        // Every runtime dependency is imported by the main step, so it must be found bundled.
        const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
          dependencies: Record<string, string>
        }
        const names = new Set(bundled.map((p) => p.name))
        expect(Object.keys(manifest.dependencies).filter((d) => !names.has(d))).toEqual([])
      }
      const entries = entriesOf(readFileSync(join(ROOT, bundle.file), 'utf8'))
      expect(licenceGaps(bundled, entries, allowedLicences())).toEqual([])
    })
  }

  it('a gap fails the check: a package left out, a licence outside the list, no text', () => {
    const bundled = [
      { name: 'a', version: '1.0.0' },
      { name: 'b', version: '2.0.0' },
      { name: 'c', version: '3.0.0' },
      { name: 'd', version: '4.0.0' }
    ]
    const entries: Entry[] = [
      { id: 'b@2.0.0', license: 'GPL-3.0-only', texts: ['GNU GENERAL PUBLIC LICENSE'] },
      { id: 'c@3.0.0', license: 'MIT', texts: [] },
      { id: 'd@4.0.0', license: '(MIT OR GPL-3.0-only)', texts: ['MIT License'] },
      { id: 'e@5.0.0', license: 'MIT', texts: ['MIT License'] }
    ]
    expect(licenceGaps(bundled, entries, ['MIT'])).toEqual([
      'a@1.0.0 is bundled but has no entry',
      "b@2.0.0 is under GPL-3.0-only, which is not in CONTRIBUTING's allow list",
      'c@3.0.0 has no licence text',
      'e@5.0.0 has an entry but is not bundled'
    ])
  })
})
