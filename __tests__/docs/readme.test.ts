import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The README is the action's user manual: its input and output tables must say exactly what
// action.yml declares, and its examples may only use inputs and outputs that exist.

const ROOT = resolve(import.meta.dirname, '../..')
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8')

interface Entry {
  name: string
  description?: string
  default?: string
  required?: string
}

interface ActionMetadata {
  inputs: Map<string, Entry>
  outputs: Map<string, Entry>
}

const KEY = /^(\s*)([A-Za-z0-9_.-]+):(?:\s+(.*))?$/

const indentOf = (line: string): number => line.length - line.trimStart().length

/** One YAML scalar written inline: 'single' ('' for '), "double", or plain (a comment dropped). */
function inlineScalar(text: string): string {
  const t = text.trim()
  if (t.startsWith("'")) {
    if (t.length < 2 || !t.endsWith("'")) throw new Error(`unterminated scalar: ${t}`)
    return t.slice(1, -1).replace(/''/g, "'")
  }
  if (t.startsWith('"')) return JSON.parse(t) as string
  return t.replace(/\s+#.*$/, '')
}

/** A property's value: inline (possibly folded over more-indented lines) or a block scalar. */
function scalarValue(first: string, continuation: string[]): string {
  const block = /^([|>])[+-]?$/.exec(first.trim())
  if (block) {
    const lines = continuation.filter((l) => l.trim() !== '')
    const margin = Math.min(...lines.map(indentOf))
    const body = continuation.map((l) => l.slice(margin)).join('\n')
    return (block[1] === '|' ? body : body.replace(/\n(?!\n)/g, ' ')).trim()
  }
  const parts = [first, ...continuation.map((l) => l.trim())].filter((p) => p !== '')
  return inlineScalar(parts.join(' '))
}

/**
 * Reads the `inputs:` and `outputs:` maps of action.yml. A line-based reader of the plain
 * structure action.yml uses (no `yaml` package is installed); a line it cannot place fails.
 */
function parseActionYml(text: string): ActionMetadata {
  const result: ActionMetadata = { inputs: new Map(), outputs: new Map() }
  const lines = text.split(/\r?\n/)
  let section: Map<string, Entry> | undefined
  let entryIndent: number | undefined
  let entry: Entry | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (/^\s*(#.*)?$/.test(line)) continue
    const indent = indentOf(line)
    const key = KEY.exec(line)
    if (indent === 0) {
      const name = key?.[2]
      section = name === 'inputs' || name === 'outputs' ? result[name] : undefined
      entryIndent = undefined
      entry = undefined
      continue
    }
    if (!section) continue
    if (!key) throw new Error(`action.yml line ${i + 1} is not a "key: value" line: ${line}`)
    entryIndent ??= indent
    if (indent === entryIndent) {
      const name = key[2] ?? ''
      if (section.has(name)) throw new Error(`action.yml declares "${name}" twice`)
      entry = { name }
      section.set(name, entry)
      continue
    }
    if (!entry || indent < entryIndent) {
      throw new Error(`action.yml line ${i + 1} is not under an input or output: ${line}`)
    }
    const continuation: string[] = []
    while (i + 1 < lines.length) {
      const next = lines[i + 1] ?? ''
      if (next.trim() !== '' && indentOf(next) <= indent) break
      continuation.push(next)
      i++
    }
    const property = key[2] ?? ''
    const value = scalarValue(key[3] ?? '', continuation)
    if (property === 'description' || property === 'default' || property === 'required') {
      entry[property] = value
    }
  }
  return result
}

/** Cells of a Markdown table row; `\|` stays inside a cell. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim())
}

/** The first table after the `## heading` line, as records keyed by the header's cells. */
function tableAfter(markdown: string, heading: string): Record<string, string>[] {
  const lines = markdown.split(/\r?\n/)
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`)
  if (start < 0) throw new Error(`README has no "## ${heading}" section`)
  const rows: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,2} /.test(line)) break
    if (line.trimStart().startsWith('|')) rows.push(line)
    else if (rows.length > 0) break
  }
  const [header, separator, ...body] = rows
  if (!header || !separator || !cells(separator).every((c) => /^:?-+:?$/.test(c))) {
    throw new Error(`README's "## ${heading}" section has no table`)
  }
  const columns = cells(header)
  return body.map((row) => {
    const values = cells(row)
    return Object.fromEntries(columns.map((column, i) => [column, values[i] ?? '']))
  })
}

/** `code` → code; an empty cell stays empty; anything else is returned as written. */
const unquote = (cell: string): string => /^`([^`]*)`$/.exec(cell)?.[1] ?? cell

/** Keys under `with:` of every step in a ```yaml block that uses this action. */
function exampleSteps(markdown: string): { line: number; keys: string[] }[] {
  const steps: { line: number; keys: string[] }[] = []
  const blocks = markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)
  for (const block of blocks) {
    const offset = markdown.slice(0, block.index).split('\n').length
    const lines = (block[1] ?? '').split('\n')
    lines.forEach((line, at) => {
      const uses = /^(\s*)(- )?uses: org\/ecs-run-task@/.exec(line)
      if (!uses) return
      const stepIndent = (uses[1] ?? '').length + (uses[2] ?? '').length
      const keys: string[] = []
      let withIndent: number | undefined
      let inWith = false
      for (const next of lines.slice(at + 1)) {
        if (next.trim() === '' || next.trim().startsWith('#')) continue
        const indent = indentOf(next)
        if (indent < stepIndent) break // the next step (`- …`) or the end of the steps
        if (indent === stepIndent) {
          inWith = /^\s*with:\s*$/.test(next)
          continue
        }
        if (!inWith) continue
        withIndent ??= indent
        const key = indent === withIndent ? KEY.exec(next) : null
        if (key?.[2]) keys.push(key[2])
      }
      steps.push({ line: offset + at + 1, keys })
    })
  }
  return steps
}

const action = parseActionYml(read('action.yml'))
const readme = read('README.md')

describe('action.yml', () => {
  it('is read by the line parser (sanity check of the parser itself)', () => {
    expect(action.inputs.size).toBeGreaterThan(10)
    expect(action.outputs.size).toBeGreaterThan(3)
    expect(action.inputs.get('task-definition')?.required).toBe('true')
    expect(action.inputs.get('cluster')?.default).toBe('default')
    expect(action.inputs.get('job-index')?.default).toBe('${{ strategy.job-index }}')
    expect(action.outputs.get('task-arn')?.description).toBe('ARN of the first task.')
  })

  it('describes every input and every output', () => {
    const undescribed = [...action.inputs.values(), ...action.outputs.values()]
      .filter((entry) => !entry.description?.trim())
      .map((entry) => entry.name)
    expect(undescribed).toEqual([])
  })
})

describe('README.md', () => {
  const inputRows = tableAfter(readme, 'Inputs')
  const outputRows = tableAfter(readme, 'Outputs')

  it('lists every input of action.yml once, and no other', () => {
    const listed = inputRows.map((row) => unquote(row['Input'] ?? ''))
    expect(new Set(listed).size).toBe(listed.length)
    expect([...listed].sort()).toEqual([...action.inputs.keys()].sort())
  })

  it('gives every input the default of action.yml (an empty cell when it has none)', () => {
    const mismatches = inputRows.flatMap((row) => {
      const name = unquote(row['Input'] ?? '')
      const expected = action.inputs.get(name)?.default
      const cell = row['Default'] ?? ''
      const ok = expected === undefined ? cell === '' : cell === `\`${expected}\``
      return ok ? [] : [`${name}: README says "${cell}", action.yml says ${String(expected)}`]
    })
    expect(mismatches).toEqual([])
  })

  it('describes every input, marks the required one and the internal one', () => {
    for (const row of inputRows) expect(row['Description']?.trim(), row['Input']).toBeTruthy()
    const description = (name: string): string =>
      inputRows.find((row) => unquote(row['Input'] ?? '') === name)?.['Description'] ?? ''
    for (const [name, entry] of action.inputs) {
      if (entry.required === 'true') expect(description(name)).toMatch(/required/i)
    }
    expect(description('job-index')).toMatch(/internal/i)
  })

  it('lists every output of action.yml once, and no other, each described', () => {
    const listed = outputRows.map((row) => unquote(row['Output'] ?? ''))
    expect(new Set(listed).size).toBe(listed.length)
    expect([...listed].sort()).toEqual([...action.outputs.keys()].sort())
    for (const row of outputRows) expect(row['Description']?.trim(), row['Output']).toBeTruthy()
  })

  it('uses only real inputs in its examples, and never the internal job-index', () => {
    const steps = exampleSteps(readme)
    expect(steps.length).toBeGreaterThanOrEqual(10)
    const unknown = steps.flatMap(({ line, keys }) =>
      keys
        .filter((k) => !action.inputs.has(k) || k === 'job-index')
        .map((k) => `${k} (line ${line})`)
    )
    expect(unknown).toEqual([])
    const used = new Set(steps.flatMap((s) => s.keys))
    expect(used).toContain('task-definition')
    expect(used).toContain('capacity-provider-strategy')
  })

  it('reads only real outputs in its examples', () => {
    const read = [...readme.matchAll(/steps\.[A-Za-z0-9_-]+\.outputs\.([A-Za-z0-9_-]+)/g)].map(
      (m) => m[1] ?? ''
    )
    expect(read.length).toBeGreaterThan(0)
    expect(read.filter((name) => !action.outputs.has(name))).toEqual([])
  })

  it('shows the set-up commands', () => {
    expect(readme).toContain('npm ci && npm test')
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('uses: org/ecs-run-task@v1')
  })
})
