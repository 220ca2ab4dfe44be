import { checkShape, type Shape } from './json-shape.js'
import type { Problems } from './problems.js'

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

/**
 * A JSON input: parsed, checked against its shape, every problem reported under the input's
 * name (at most ten). `hint` prefixes a syntax error (e.g. why the text had to be JSON).
 */
export function readJson<T>(
  input: string,
  text: string,
  shape: Shape | undefined,
  p: Problems,
  hint = ''
): T | undefined {
  if (text === '') return undefined
  let json: unknown
  try {
    json = parseJson(text)
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    p.detail(input, `${hint}not valid JSON: ${error.message}`)
    return undefined
  }
  if (shape === undefined) return json as T
  const problems = checkShape(json, shape, input)
  const shown = problems.slice(0, 10)
  for (const problem of shown) p.detail(input, problem)
  if (problems.length > shown.length)
    p.detail(input, `and ${problems.length - shown.length} more problems`)
  return problems.length > 0 ? undefined : (json as T)
}
