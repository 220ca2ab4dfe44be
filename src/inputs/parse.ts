/**
 * Pure parsers for the text forms that inputs arrive in: generic helpers (lists, KEY=VALUE
 * lines, booleans, minutes, JSON), then the parsers of the inputs with a text syntax of their
 * own, which report into a Problems collector instead of throwing so that one failure lists
 * every bad input.
 */
import type { CapacityProviderStrategyItem, KeyValuePair, Tag } from '@aws-sdk/client-ecs'
import { split } from 'shlex'

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

/** A JSON syntax error whose message says what and where, but never quotes the text. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError'
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly line: number,
    readonly column: number
  ) {
    super(`${reason} at line ${line}, column ${column} (position ${position})`)
  }
}

/**
 * JSON.parse, with an error that quotes the parser's message and the position as line and
 * column. V8 puts a snippet of the text into some messages (`Unexpected token 'x', "…" is not
 * valid JSON`); the text may hold secrets (environment values in overrides or a task
 * definition), so the snippet is cut out and the position found by a small scanner instead.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const reported = /at position (\d+)/.exec(message)
    const position = reported ? Number(reported[1]) : jsonErrorPosition(text)
    const before = text.slice(0, position).split('\n')
    const line = before.length
    const column = (before[before.length - 1] ?? '').length + 1
    throw new JsonSyntaxError(parserReason(message), position, line, column)
  }
}

function parserReason(message: string): string {
  const positioned = /^(.*?) in JSON at position \d+/s.exec(message)
  if (positioned?.[1] !== undefined) return positioned[1]
  const token = /^Unexpected token '(.)'/su.exec(message)
  // A newline or other control character is shown escaped, so the message stays on one line.
  if (token?.[1] !== undefined) return `Unexpected token '${JSON.stringify(token[1]).slice(1, -1)}'`
  if (message.startsWith('Unexpected end of JSON input')) return 'Unexpected end of JSON input'
  const after = /^(Unexpected non-whitespace character after JSON)/.exec(message)
  if (after?.[1] !== undefined) return after[1]
  return message.includes('"') ? 'Invalid JSON' : message
}

/** Index of the first character where `text` stops being valid JSON (its length at a premature end). */
export function jsonErrorPosition(text: string): number {
  let i = 0
  const fail = (): never => {
    throw new JsonStop(i)
  }
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++
  }
  const expect = (char: string): void => {
    if (text.charAt(i) !== char) fail()
    i++
  }
  const literal = (word: string): void => {
    for (const char of word) expect(char)
  }
  const string = (): void => {
    expect('"')
    for (;;) {
      if (i >= text.length) fail()
      const char = text.charAt(i)
      if (char === '"') {
        i++
        return
      }
      if (char < ' ') fail()
      if (char === '\\') {
        i++
        const escape = text.charAt(i)
        if (escape === 'u') {
          for (let k = 0; k < 4; k++) {
            i++
            if (!/[0-9a-fA-F]/.test(text.charAt(i))) fail()
          }
        } else if (!'"\\/bfnrt'.includes(escape) || escape === '') fail()
      }
      i++
    }
  }
  const digits = (atLeastOne: boolean): void => {
    if (atLeastOne && !/[0-9]/.test(text.charAt(i))) fail()
    while (/[0-9]/.test(text.charAt(i))) i++
  }
  const number = (): void => {
    if (text.charAt(i) === '-') i++
    if (text.charAt(i) === '0') i++
    else digits(true)
    if (text.charAt(i) === '.') {
      i++
      digits(true)
    }
    if (text.charAt(i) === 'e' || text.charAt(i) === 'E') {
      i++
      if (text.charAt(i) === '+' || text.charAt(i) === '-') i++
      digits(true)
    }
  }
  const value = (): void => {
    skipSpace()
    const char = text.charAt(i)
    if (char === '{') {
      i++
      skipSpace()
      if (text.charAt(i) === '}') {
        i++
        return
      }
      for (;;) {
        skipSpace()
        string()
        skipSpace()
        expect(':')
        value()
        skipSpace()
        if (text.charAt(i) === ',') i++
        else return expect('}')
      }
    }
    if (char === '[') {
      i++
      skipSpace()
      if (text.charAt(i) === ']') {
        i++
        return
      }
      for (;;) {
        value()
        skipSpace()
        if (text.charAt(i) === ',') i++
        else return expect(']')
      }
    }
    if (char === '"') return string()
    if (char === 't') return literal('true')
    if (char === 'f') return literal('false')
    if (char === 'n') return literal('null')
    return number()
  }
  try {
    value()
    skipSpace()
    return i
  } catch (error) {
    if (error instanceof JsonStop) return error.at
    throw error
  }
}

class JsonStop {
  constructor(readonly at: number) {}
}

/** A value quoted for a message: JSON string syntax (escaped newlines), cut at `max` characters. */
export function quote(value: string, max = 120): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value)
}

/** Names ECS accepts for families, clusters, services, containers and capacity providers. */
export const NAME = /^[A-Za-z0-9_-]{1,255}$/
export const NAME_RULE = 'up to 255 letters, numbers, hyphens and underscores'
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Fields of describe-task-definition output that register-task-definition rejects. */
export const READ_ONLY_TASK_DEFINITION_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
]

/** Collects every problem so that one failure reports all bad inputs at once. */
export class Problems {
  readonly lines: string[] = []
  /** `Input "count" must be a whole number from 1 to 10, got "11".` */
  invalid(input: string, given: string, accepted: string): void {
    this.lines.push(`Input "${input}" must be ${accepted}, got ${quote(given)}.`)
  }
  /** `Input "overrides": <detail>.` */
  detail(input: string, text: string): void {
    this.lines.push(`Input "${input}": ${text}.`)
  }
}

/** `command`: a JSON array of strings, or a command line split by POSIX shell rules (no shell). */
export function parseCommand(text: string, p: Problems): string[] | undefined {
  if (text === '') return undefined
  if (text.startsWith('[')) {
    const accepted = 'a JSON array of strings (e.g. ["bin/rails","db:migrate"])'
    let json: unknown
    try {
      json = parseJson(text)
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error
      p.detail(
        'command',
        `starts with "[" so it must be ${accepted}, but it is not valid JSON: ${error.message}`
      )
      return undefined
    }
    if (!Array.isArray(json) || json.length === 0 || !json.every((a) => typeof a === 'string')) {
      p.invalid('command', text, `${accepted}, not empty`)
      return undefined
    }
    return json as string[]
  }
  try {
    const args = split(text)
    return args.length > 0 ? args : undefined
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const why = /quoted/.test(message)
      ? 'a quote is not closed'
      : /escape/.test(message)
        ? 'it ends with a lone backslash'
        : message
    p.invalid('command', text, `a JSON array or a command line with POSIX shell quoting (${why})`)
    return undefined
  }
}

/** KEY=VALUE lines. Values are never quoted in messages: they may be secrets. */
export function parseEnvironment(text: string, p: Problems): KeyValuePair[] {
  const { entries, badLines } = parseKeyValueLines(text)
  const problems: [number, string][] = badLines.map((line) => [
    line,
    `line ${line} must be KEY=VALUE (the line is not shown: it may hold a secret)`
  ])
  const seen = new Map<string, number>()
  for (const { line, key } of entries) {
    if (!ENV_NAME.test(key)) {
      problems.push([
        line,
        key === ''
          ? `line ${line} has no name before "=" (expected KEY=VALUE)`
          : `line ${line}: ${quote(key, 60)} is not a variable name (letters, digits and underscores, not starting with a digit)`
      ])
    } else if (seen.has(key)) {
      problems.push([
        line,
        `line ${line} sets ${quote(key)} again (first set on line ${seen.get(key)})`
      ])
    } else {
      seen.set(key, line)
    }
  }
  problems.sort((a, b) => a[0] - b[0]).forEach(([, problem]) => p.detail('environment', problem))
  return entries.map(({ key, value }) => ({ name: key, value }))
}

/** `capacity-provider-strategy` lines `provider:weight[:base]`, commas also separating. */
export function parseCapacityProviderLines(
  text: string,
  p: Problems
): CapacityProviderStrategyItem[] | undefined {
  if (text === '') return undefined
  const accepted =
    'provider:weight[:base] (weight a whole number from 0 to 1000, base from 0 to 100000) or a JSON array'
  const items: CapacityProviderStrategyItem[] = []
  for (const line of splitList(text)) {
    const [provider = '', weight, base, ...rest] = line.split(':').map((s) => s.trim())
    const w = weight === undefined ? undefined : wholeNumber(weight, 0, 1000)
    const b = base === undefined ? 0 : wholeNumber(base, 0, 100000)
    if (!NAME.test(provider) || w === undefined || b === undefined || rest.length > 0) {
      p.invalid('capacity-provider-strategy', line, accepted)
      continue
    }
    items.push(
      base === undefined
        ? { capacityProvider: provider, weight: w }
        : { capacityProvider: provider, weight: w, base: b }
    )
  }
  if (items.length > 20)
    p.detail('capacity-provider-strategy', `has ${items.length} providers; ECS takes at most 20`)
  return items
}

export function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined
  const n = Number(text)
  return n >= min && n <= max ? n : undefined
}

/** `tags`: key=value lines; ECS reserves the `aws:` prefix and takes 50 tags. */
export function parseTags(text: string, p: Problems): Tag[] {
  const { entries, badLines } = parseKeyValueLines(text)
  const lines = text.split('\n')
  const problems: [number, string][] = badLines.map((line) => [
    line,
    `line ${line} must be key=value, got ${quote((lines[line - 1] ?? '').trim())}`
  ])
  const seen = new Map<string, number>()
  for (const { line, key, value } of entries) {
    if (key.length < 1 || key.length > 128) {
      problems.push([line, `line ${line}: the key must be 1 to 128 characters, got ${quote(key)}`])
    } else if (key.toLowerCase().startsWith('aws:')) {
      problems.push([
        line,
        `line ${line}: the key ${quote(key)} starts with "aws:", which AWS reserves`
      ])
    } else if (value.length > 256) {
      problems.push([
        line,
        `line ${line}: the value of ${quote(key)} must be at most 256 characters, got ${value.length}`
      ])
    } else if (seen.has(key)) {
      problems.push([
        line,
        `line ${line} sets ${quote(key)} again (first set on line ${seen.get(key)})`
      ])
    } else {
      seen.set(key, line)
    }
  }
  if (entries.length > 50)
    problems.push([Infinity, `has ${entries.length} tags; ECS takes at most 50`])
  problems.sort((a, b) => a[0] - b[0]).forEach(([, problem]) => p.detail('tags', problem))
  return entries.map(({ key, value }) => ({ key, value }))
}

/**
 * A task-definition file's text as register-task-definition --cli-input-json takes it, or as
 * `aws ecs describe-task-definition` prints it (wrapped in {"taskDefinition": ..., "tags": ...},
 * with read-only fields that registering rejects: they are dropped). `where` names the file in
 * messages.
 */
export function parseTaskDefinitionJson(
  text: string,
  where: string,
  p: Problems
): Record<string, unknown> | undefined {
  let json: unknown
  try {
    json = parseJson(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    p.detail('task-definition', `${where} is not valid JSON: ${error.message}`)
    return undefined
  }
  if (!isRecord(json)) {
    p.detail('task-definition', `${where} must hold a JSON object (a task definition)`)
    return undefined
  }
  let definition: Record<string, unknown> = { ...json }
  if (!('family' in json) && isRecord(json['taskDefinition'])) {
    definition = { ...json['taskDefinition'] }
    const tags = json['tags']
    if (Array.isArray(tags) && tags.length > 0 && !('tags' in definition)) definition['tags'] = tags
  }
  for (const field of READ_ONLY_TASK_DEFINITION_FIELDS) delete definition[field]

  const problems: string[] = []
  const family = definition['family']
  if (typeof family !== 'string' || !NAME.test(family)) {
    problems.push(`"family" must be ${NAME_RULE}`)
  }
  const containers = definition['containerDefinitions']
  if (!Array.isArray(containers) || containers.length === 0) {
    problems.push('"containerDefinitions" must be a non-empty array')
  } else {
    containers.forEach((c: unknown, i) => {
      if (!isRecord(c) || typeof c['name'] !== 'string' || c['name'] === '') {
        problems.push(`containerDefinitions[${i}] must be an object with a "name"`)
      }
    })
  }
  for (const problem of problems) p.detail('task-definition', `${where}: ${problem}`)
  return problems.length > 0 ? undefined : definition
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
