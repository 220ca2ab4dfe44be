#!/usr/bin/env node
// Writes the licence file of each bundle in dist/ from what ncc bundled, not from package.json:
// every package with a module in the webpack stats of its build (all chunks), with its licence
// text and its NOTICE file. `npm run build` runs it after ncc; CONTRIBUTING ("Licences of bundled
// packages") says what the check in __tests__/docs/licenses.test.ts accepts.
//
//   node scripts/licenses.mjs <stats.json> <licence file>
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The resource path of a webpack module: no loaders (`a!b!path`), no `|hash` or `?query`. */
function resourceOf(module) {
  const id = module.nameForCondition ?? module.identifier ?? ''
  return id.split('!').pop().split('|')[0].split('?')[0]
}

/** The package directory a file belongs to: the deepest node_modules/<name> (or @scope/name). */
function packageDirOf(file) {
  const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)
  return match ? match[1] : undefined
}

/** Every module of the build, those concatenated into one included. */
function* modulesOf(stats) {
  const walk = function* (modules) {
    for (const m of modules ?? []) {
      yield m
      yield* walk(m.modules)
    }
  }
  yield* walk(stats.modules)
  for (const chunk of stats.chunks ?? []) yield* walk(chunk.modules)
}

/** The bundled packages of a webpack stats file: `{ dir, name, version, license }`, sorted. */
export function bundledPackages(stats) {
  const dirs = new Set()
  for (const m of modulesOf(stats)) {
    const dir = packageDirOf(resourceOf(m))
    if (dir) dirs.add(dir)
  }
  const packages = new Map()
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const license =
      typeof manifest.license === 'string'
        ? manifest.license
        : (manifest.license?.type ??
          manifest.licenses?.map((l) => l.type ?? l).join(' OR ') ??
          'UNKNOWN')
    const key = `${manifest.name}@${manifest.version}`
    const repository = repositoryOf(manifest)
    packages.set(key, { dir, name: manifest.name, version: manifest.version, license, repository })
  }
  return [...packages.values()].sort((a, b) =>
    `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`)
  )
}

/** The repository URL without `git+` and `.git`: packages of one monorepo share it. */
function repositoryOf(manifest) {
  const url =
    typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url
  return url?.replace(/^git\+/, '').replace(/\.git$/, '')
}

const LICENCE_FILE = /^(licen[cs]e|copying)([.-].*)?$/i
const NOTICE_FILE = /^notice([.-].*)?$/i

/** The package's own licence and NOTICE files (by name, in its directory), in name order. */
export function licenceFiles(dir) {
  const names = readdirSync(dir).sort()
  return {
    licences: names.filter((n) => LICENCE_FILE.test(n)),
    notices: names.filter((n) => NOTICE_FILE.test(n))
  }
}

/** The text of a licence file: one entry per package, as the check reads it back. */
export function render(packages, what) {
  const parts = [
    "Third-party software bundled into these files, found in the bundler's module list:",
    ...what.map((file) => `  ${file}`),
    'Each entry: the package and its version, its licence (SPDX), then its licence text and',
    'NOTICE file as the package ships them.',
    ''
  ]
  for (const p of packages) {
    const { licences, notices } = licenceFiles(p.dir)
    parts.push(`${'='.repeat(78)}`, `${p.name}@${p.version}`, `License: ${p.license}`, '')
    for (const file of [...licences, ...notices]) {
      parts.push(`--- ${file}`, readFileSync(join(p.dir, file), 'utf8').trimEnd(), '')
    }
    if (licences.length > 0) continue
    // Some packages of a monorepo ship no licence file (the AWS SDK's internal ones): the
    // licence is the repository's, which a sibling of the same licence ships.
    const sibling = packages.find(
      (o) =>
        o !== p &&
        o.repository !== undefined &&
        o.repository === p.repository &&
        o.license === p.license &&
        licenceFiles(o.dir).licences.length > 0
    )
    if (!sibling) {
      parts.push('(no licence file in the package)', '')
      continue
    }
    for (const file of licenceFiles(sibling.dir).licences) {
      parts.push(
        `--- ${file} of ${sibling.name}@${sibling.version} (this package ships none; both are from ${p.repository})`,
        readFileSync(join(sibling.dir, file), 'utf8').trimEnd(),
        ''
      )
    }
  }
  return `${parts.join('\n').trimEnd()}\n`
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [statsFile, out] = process.argv.slice(2)
  if (!statsFile || !out || !existsSync(statsFile)) {
    console.error('usage: node scripts/licenses.mjs <webpack stats.json> <licence file>')
    process.exit(2)
  }
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  const outputs = (stats.assets ?? [])
    .map((a) => a.name)
    .filter((n) => n.endsWith('.js'))
    .sort()
  const where = relative(ROOT, dirname(resolve(out)))
  const what = outputs.map((n) => `${where}/${n}`)
  const packages = bundledPackages(stats)
  writeFileSync(out, render(packages, what))
  console.log(`${relative(ROOT, resolve(out))}: ${packages.length} packages`)
}
