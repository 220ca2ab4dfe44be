#!/usr/bin/env node
// The release workflow's version check (CONTRIBUTING, "Releasing"): the tag vX.Y.Z, package.json's
// version, the user agent the action sends (src/aws/clients.ts and the built bundles) and a
// CHANGELOG section `## [X.Y.Z]` must all agree. Writes that section to <notes file> for the
// GitHub release.
//
//   node scripts/release-check.mjs vX.Y.Z <notes file>
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Every disagreement between the tag and the sources, one line each; and the release notes. */
export function checkRelease(root, tag) {
  const problems = []
  const match = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(tag)
  if (!match) return { problems: [`Tag "${tag}" is not vX.Y.Z (or vX.Y.Z-pre.N).`], notes: '' }
  const version = match[1]
  const read = (file) => readFileSync(join(root, file), 'utf8')
  const manifest = JSON.parse(read('package.json'))
  if (manifest.version !== version) {
    problems.push(`package.json's version is ${manifest.version}, the tag is ${tag}.`)
  }
  const agent = /USER_AGENT = '([^']*)'/.exec(read('src/aws/clients.ts'))?.[1]
  if (agent !== `ecs-run-task/${version}`) {
    problems.push(
      `The user agent in src/aws/clients.ts is "${agent}", not "ecs-run-task/${version}".`
    )
  }
  for (const bundle of ['dist/index.js', 'dist/cleanup/index.js']) {
    if (!read(bundle).includes(`ecs-run-task/${version}`)) {
      problems.push(`${bundle} does not send the user agent "ecs-run-task/${version}".`)
    }
  }
  const notes = changelogSection(read('CHANGELOG.md'), version)
  if (notes === undefined) problems.push(`CHANGELOG.md has no section "## [${version}]".`)
  else if (notes === '') problems.push(`CHANGELOG.md's section "## [${version}]" is empty.`)
  return { problems, notes: notes ?? '', version, prerelease: version.includes('-') }
}

/** The body of `## [version]` (up to the next `## ` heading or the link list), trimmed. */
export function changelogSection(changelog, version) {
  const lines = changelog.split('\n')
  const start = lines.findIndex((l) => l.startsWith(`## [${version}]`))
  if (start < 0) return undefined
  const rest = lines.slice(start + 1)
  const end = rest.findIndex((l) => l.startsWith('## ') || /^\[[^\]]+\]: /.test(l))
  return (end < 0 ? rest : rest.slice(0, end)).join('\n').trim()
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [tag, notesFile] = process.argv.slice(2)
  if (!tag || !notesFile) {
    console.error('usage: node scripts/release-check.mjs vX.Y.Z <notes file>')
    process.exit(2)
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const result = checkRelease(root, tag)
  for (const problem of result.problems) console.log(`::error title=Release ${tag}::${problem}`)
  if (result.problems.length > 0) process.exit(1)
  writeFileSync(notesFile, `${result.notes}\n`)
  console.log(`${tag}: package.json, the user agent and CHANGELOG.md agree (${result.version}).`)
}
