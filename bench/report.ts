// What a scenario hands back, and the table printed at the end of `npm run bench`.

import type { StreamCompleteness } from './measure.js'

export interface Figure {
  figure: string
  value: number | string
  unit?: string
  /** Human-readable target, e.g. '≤ 250 ms'; absent for informational figures. */
  target?: string
  pass?: boolean
}

export interface ScenarioResult {
  scenario: string
  figures: Figure[]
  /** Per-stream completeness of every run that logged (the completeness scenario sums them up). */
  completeness: Array<StreamCompleteness & { run: string }>
  /** Raw measurements for latest.json. */
  details: Record<string, unknown>
}

export interface Options {
  quick: boolean
  smoke?: boolean
  /** Run the working tree's dist/ rather than the committed one. */
  worktree: boolean
  only: string[] | undefined
}

export function atMost(
  value: number,
  limit: number,
  unit: string
): Pick<Figure, 'target' | 'pass'> {
  return { target: `≤ ${limit.toLocaleString('en-US')} ${unit}`.trim(), pass: value <= limit }
}

export function atLeast(
  value: number,
  limit: number,
  unit: string
): Pick<Figure, 'target' | 'pass'> {
  return { target: `≥ ${limit.toLocaleString('en-US')} ${unit}`.trim(), pass: value >= limit }
}

function show(value: number | string, unit?: string): string {
  if (typeof value === 'string') return value
  const text = Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 2 : 1 })
  return unit ? `${text} ${unit}` : text
}

export function table(results: ScenarioResult[]): string {
  const rows: string[][] = [['scenario', 'figure', 'value', 'target', 'result']]
  for (const r of results) {
    for (const f of r.figures) {
      rows.push([
        r.scenario,
        f.figure,
        show(f.value, f.unit),
        f.target ?? '',
        f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS'
      ])
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)))
  const line = (row: string[]): string =>
    row.map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].map((l) => l.trimEnd()).join('\n')
}

/** The completeness scenario: every logged run of the other scenarios, summed up. */
export function completenessSummary(results: ScenarioResult[]): ScenarioResult {
  const figures: Figure[] = []
  const all = results.flatMap((r) => r.completeness.map((c) => ({ ...c, scenario: r.scenario })))
  for (const r of results) {
    if (r.completeness.length === 0) continue
    const streams = r.completeness
    const expected = streams.reduce((a, s) => a + s.expected, 0)
    const unique = streams.reduce((a, s) => a + s.unique, 0)
    const duplicates = streams.reduce((a, s) => a + s.duplicates, 0)
    const outOfOrder = streams.reduce((a, s) => a + s.outOfOrder, 0)
    const pct = expected === 0 ? 100 : (unique / expected) * 100
    const ok = streams.every((s) => s.ok)
    figures.push({
      figure: `${r.scenario}: ${streams.length} stream${streams.length === 1 ? '' : 's'}, ${expected.toLocaleString('en-US')} lines`,
      value: `${pct === 100 ? '100' : pct.toFixed(3)} %, ${duplicates} dup, ${outOfOrder} out of order`,
      target: '100 %, 0 dup, in order',
      pass: ok
    })
  }
  const late = results.find((r) => r.details['lateLinePrinted'] !== undefined)
  if (late) {
    const printed = late.details['lateLinePrinted'] as { printed: number; runs: number }
    figures.push({
      figure: 'line ingested 4 s after the stop printed',
      value: `${printed.printed}/${printed.runs} runs`,
      target: 'every run',
      pass: printed.printed === printed.runs
    })
  }
  return {
    scenario: 'completeness',
    figures,
    completeness: [],
    details: { streams: all.filter((s) => !s.ok), checkedStreams: all.length }
  }
}
