import { sentence } from '../kit/sentences.js'
import { quote } from './text.js'

/** Collects every problem so that one failure reports all bad inputs at once. */
export class Problems {
  readonly lines: string[] = []
  /** `Input "count" must be a whole number from 1 to 10, got "11".` */
  invalid(input: string, given: string, accepted: string): void {
    this.lines.push(`Input "${input}" must be ${accepted}, got ${quote(given)}.`)
  }
  /** `Input "overrides": <detail>.` */
  detail(input: string, text: string): void {
    this.lines.push(sentence(`Input "${input}": ${text}`))
  }
}

/** Bad inputs: one line per problem, each naming the input, what was given and what is accepted. */
export class InputError extends Error {
  override name = 'InputError'
  readonly problems: readonly string[]
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : [...problems]
    super(list.join('\n'))
    this.problems = list
  }
}
