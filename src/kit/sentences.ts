/**
 * The one way the action's own words and quoted text (AWS messages, stopped reasons, parser
 * errors) are joined, so a quote that already ends with a full stop never gets a second one
 * (`Cluster not found.. Check …`, `Cluster not found.; the post step …`).
 */

/** A sentence's own end. A closing quote or bracket is not one: `got "x…"` still needs its stop. */
const TERMINAL = /[.!?]$/
/** Punctuation that ends a clause, dropped before the action adds its own. */
const TRAILING = /[\s.!;:,]+$/

/** `text` trimmed and closed by one full stop, unless it already ends a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '') return ''
  return TERMINAL.test(trimmed) ? trimmed : `${trimmed}.`
}

/**
 * `text` trimmed, without the punctuation that closes it, to go on inside a sentence: before
 * `;`, `,` or `)`, or before the action adds its own stop. A question mark is kept.
 */
export function clause(text: string): string {
  return text.replace(TRAILING, '').trim()
}

/** The parts as sentences, each closed once, joined by one space; empty parts are left out. */
export function joinSentences(...parts: Array<string | undefined>): string {
  return parts
    .map((part) => sentence(part ?? ''))
    .filter((part) => part !== '')
    .join(' ')
}

/** Words as one alternative: `a`, `a or b`, `a, b or c`. */
export function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`
}
