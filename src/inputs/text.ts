/** Generic helpers for the text forms inputs arrive in: lists, KEY=VALUE lines, booleans, numbers. */

/** Items separated by commas and/or newlines, trimmed, empty ones dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

export interface KeyValueLine {
  /** 1-based line number in the input, for messages that must not quote the line. */
  line: number
  key: string
  value: string
}

/**
 * `KEY=VALUE` lines: split at the first `=` (the value may contain more), whitespace around
 * the line, the key and the value trimmed, blank lines ignored. Lines without `=` are returned
 * by number only, since their text may be a secret.
 */
export function parseKeyValueLines(text: string): { entries: KeyValueLine[]; badLines: number[] } {
  const entries: KeyValueLine[] = []
  const badLines: number[] = []
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim()
    if (line === '') return
    const eq = line.indexOf('=')
    if (eq < 0) {
      badLines.push(index + 1)
      return
    }
    entries.push({
      line: index + 1,
      key: line.slice(0, eq).trim(),
      value: line.slice(eq + 1).trim()
    })
  })
  return { entries, badLines }
}

/** A YAML 1.2 core schema boolean, exactly as core.getBooleanInput; undefined for anything else. */
export function parseBoolean(text: string): boolean | undefined {
  if (text === 'true' || text === 'True' || text === 'TRUE') return true
  if (text === 'false' || text === 'False' || text === 'FALSE') return false
  return undefined
}

/** A plain decimal (`360`, `0.5`, `.5`): no sign, exponent, hex or `Infinity`. */
export function parseDecimal(text: string): number | undefined {
  return /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : undefined
}

/** Minutes (fractions allowed) to whole milliseconds; undefined when not a plain decimal. */
export function parseMinutes(text: string): number | undefined {
  const minutes = parseDecimal(text)
  return minutes === undefined ? undefined : Math.round(minutes * 60_000)
}

export function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined
  const n = Number(text)
  return n >= min && n <= max ? n : undefined
}

/** A value quoted for a message: JSON string syntax (escaped newlines), cut at `max` characters. */
export function quote(value: string, max = 120): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value)
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
