import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, posix, resolve } from 'node:path'
import GithubSlugger from 'github-slugger'
import { describe, expect, it } from 'vitest'

// The README is one page (the Marketplace shows it whole) and the rest of the manual is in docs/,
// one page per topic: every section moved there must stay one working link away.

const ROOT = resolve(import.meta.dirname, '../..')
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8')
const pages = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  'SECURITY.md',
  'emulator/README.md',
  'bench/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`)
]

/** Markdown without its fenced code blocks: a `#` or `](…)` in a code block is neither. */
const prose = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '')

/** The anchors GitHub gives the headings of a page. */
function anchors(file: string): Set<string> {
  const slugger = new GithubSlugger()
  const headings = [...prose(read(file)).matchAll(/^#{1,6} (.+)$/gm)]
  return new Set(headings.map((m) => slugger.slug(m[1] ?? '')))
}

/** Links to this repository's files (not to a website), as written, with the page they are on. */
function localLinks(file: string): string[] {
  const targets = [...prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '')
  return targets.filter((target) => !/^[a-z][a-z+.-]*:/i.test(target))
}

describe('the pages of the manual', () => {
  it.each(pages)('%s links only to files and headings that exist', (file) => {
    const broken = localLinks(file).filter((target) => {
      const [path = '', anchor] = target.split('#')
      const linked = path === '' ? file : posix.join(dirname(file), path)
      if (!existsSync(join(ROOT, linked))) return true
      if (anchor === undefined || !linked.endsWith('.md')) return false
      return !anchors(linked).has(anchor)
    })
    expect(broken).toEqual([])
  })

  it('links every page of docs/ from the README', () => {
    const linked = new Set(localLinks('README.md').map((target) => target.split('#')[0]))
    const unlinked = pages.filter((file) => file.startsWith('docs/') && !linked.has(file))
    expect(unlinked).toEqual([])
  })

  it('keeps the README one page: a topic of its own goes to a page of docs/', () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThan(24 * 1024)
  })
})
