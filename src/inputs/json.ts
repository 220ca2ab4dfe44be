import { checkShape, type Shape } from './shape.js'
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
  const scan = new JsonScanner(text)
  try {
    scan.value()
    scan.skipSpace()
    return scan.i
  } catch (error) {
    if (error instanceof JsonStop) return error.at
    throw error
  }
}

/** A JSON grammar walk that throws JsonStop at the first character that does not fit. */
class JsonScanner {
  i = 0

  constructor(private readonly text: string) {}

  private fail(): never {
    throw new JsonStop(this.i)
  }

  private at(): string {
    return this.text.charAt(this.i)
  }

  skipSpace(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.at())) this.i++
  }

  private expect(char: string): void {
    if (this.at() !== char) this.fail()
    this.i++
  }

  private literal(word: string): void {
    for (const char of word) this.expect(char)
  }

  private string(): void {
    this.expect('"')
    for (;;) {
      if (this.i >= this.text.length) this.fail()
      const char = this.at()
      if (char === '"') {
        this.i++
        return
      }
      if (char < ' ') this.fail()
      if (char === '\\') {
        this.i++
        const escape = this.at()
        if (escape === 'u') {
          for (let k = 0; k < 4; k++) {
            this.i++
            if (!/[0-9a-fA-F]/.test(this.at())) this.fail()
          }
        } else if (!'"\\/bfnrt'.includes(escape) || escape === '') this.fail()
      }
      this.i++
    }
  }

  private digits(atLeastOne: boolean): void {
    if (atLeastOne && !/[0-9]/.test(this.at())) this.fail()
    while (/[0-9]/.test(this.at())) this.i++
  }

  private number(): void {
    if (this.at() === '-') this.i++
    if (this.at() === '0') this.i++
    else this.digits(true)
    if (this.at() === '.') {
      this.i++
      this.digits(true)
    }
    if (this.at() === 'e' || this.at() === 'E') {
      this.i++
      if (this.at() === '+' || this.at() === '-') this.i++
      this.digits(true)
    }
  }

  /** `{…}` or `[…]`, from its opening character; `member` reads one entry. */
  private container(close: string, member: () => void): void {
    this.i++
    this.skipSpace()
    if (this.at() === close) {
      this.i++
      return
    }
    for (;;) {
      member()
      this.skipSpace()
      if (this.at() === ',') this.i++
      else return this.expect(close)
    }
  }

  value(): void {
    this.skipSpace()
    const char = this.at()
    if (char === '{') {
      return this.container('}', () => {
        this.skipSpace()
        this.string()
        this.skipSpace()
        this.expect(':')
        this.value()
      })
    }
    if (char === '[') return this.container(']', () => this.value())
    if (char === '"') return this.string()
    if (char === 't') return this.literal('true')
    if (char === 'f') return this.literal('false')
    if (char === 'n') return this.literal('null')
    return this.number()
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
