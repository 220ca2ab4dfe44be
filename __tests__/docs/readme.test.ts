import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DECLARATIONS } from '../../src/inputs/declarations.js'

// The README and the pages of docs/ are the action's user manual: the README's input and output
// tables must say exactly what action.yml declares, and the examples of every page may only use
// inputs and outputs that exist.

const ROOT = resolve(import.meta.dirname, '../..')
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8')

interface Entry {
  description?: string
  default?: string
  required?: boolean
}

interface ActionMetadata {
  inputs: Map<string, Entry>
  outputs: Map<string, Entry>
}

function parseActionYml(text: string): ActionMetadata {
  const yaml = parse(text) as { inputs: Record<string, Entry>; outputs: Record<string, Entry> }
  return {
    inputs: new Map(Object.entries(yaml.inputs)),
    outputs: new Map(Object.entries(yaml.outputs))
  }
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

/** Keys under `with:` (and the id) of every step in a ```yaml block that uses this action. */
function exampleSteps(markdown: string): { block: number; keys: string[]; id?: string }[] {
  const steps: { block: number; keys: string[]; id?: string }[] = []
  const visit = (node: unknown, block: number): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, block))
    if (typeof node !== 'object' || node === null) return
    const record = node as Record<string, unknown>
    if (typeof record['uses'] === 'string' && record['uses'].startsWith('org/ecs-run-task@')) {
      const keys = Object.keys((record['with'] as object | undefined) ?? {})
      const id = typeof record['id'] === 'string' ? record['id'] : undefined
      steps.push({ block, keys, ...(id ? { id } : {}) })
    }
    Object.values(record).forEach((value) => visit(value, block))
  }
  const blocks = [...markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)]
  blocks.forEach((block, i) => visit(parse(block[1] ?? ''), i + 1))
  return steps
}

const action = parseActionYml(read('action.yml'))
const readme = read('README.md')
const pages = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`)
]
/** Every page of the manual, one after the other (each page's yaml blocks stay whole). */
const manual = pages.map(read).join('\n')

describe('action.yml', () => {
  it('describes every input and every output', () => {
    const undescribed = [...action.inputs, ...action.outputs]
      .filter(([, entry]) => !entry.description?.trim())
      .map(([name]) => name)
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

  it('gives every input the default of action.yml, or the one applied in code (an empty cell when it has none)', () => {
    const mismatches = inputRows.flatMap((row) => {
      const name = unquote(row['Input'] ?? '')
      // A value a schedule can supply has no action.yml default (the runner would pass it as
      // given); the README still shows the one the code applies.
      const expected = action.inputs.get(name)?.default ?? DECLARATIONS[name]?.codeDefault
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
      if (entry.required === true) expect(description(name)).toMatch(/required/i)
    }
    expect(description('job-index')).toMatch(/internal/i)
  })

  it('lists every output of action.yml once, and no other, each described', () => {
    const listed = outputRows.map((row) => unquote(row['Output'] ?? ''))
    expect(new Set(listed).size).toBe(listed.length)
    expect([...listed].sort()).toEqual([...action.outputs.keys()].sort())
    for (const row of outputRows) expect(row['Description']?.trim(), row['Output']).toBeTruthy()
  })

  it('uses only real inputs in the examples of every page, and never the internal job-index', () => {
    const steps = exampleSteps(manual)
    expect(steps.length).toBeGreaterThanOrEqual(10)
    const unknown = steps.flatMap(({ block, keys }) =>
      keys
        .filter((k) => !action.inputs.has(k) || k === 'job-index')
        .map((k) => `${k} (yaml block ${block})`)
    )
    expect(unknown).toEqual([])
    const used = new Set(steps.flatMap((s) => s.keys))
    expect(used).toContain('task-definition')
    expect(used).toContain('capacity-provider-strategy')
  })

  it('reads only real outputs of its steps in the examples of every page', () => {
    // Other steps (a build, a token) have outputs of their own.
    const ids = new Set(exampleSteps(manual).flatMap((step) => (step.id ? [step.id] : [])))
    const read = [...manual.matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)]
      .filter((m) => ids.has(m[1] ?? ''))
      .map((m) => m[2] ?? '')
    expect(read.length).toBeGreaterThan(0)
    expect(read.filter((name) => !action.outputs.has(name))).toEqual([])
  })

  it('shows the set-up commands', () => {
    expect(readme).toContain('npm ci && npm test')
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('uses: org/ecs-run-task@v1')
  })
})
