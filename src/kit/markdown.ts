/**
 * Text from ECS, the task's log or the event payload, made safe for the job summary (GitHub
 * Flavored Markdown with a sanitised subset of HTML): it reads as the text it is, never as
 * markup, a link or a table border.
 */

const HTML: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' }

/** Text between tags (never inside an attribute): `<`, `>` and `&` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&]/g, (c) => HTML[c] ?? c)
}

/**
 * Plain inline text: one line; the characters that make emphasis, code, links, strikethrough or
 * table borders backslash-escaped, a line start that would open a block too; HTML escaped.
 */
export function inline(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]|~]/g, '\\$&')
  return escapeHtml(flat.replace(/^(\s*)([#>+=-]|\d+[.)])/, '$1\\$2'))
}

/** A GFM table cell: one line, pipes escaped, no raw HTML. */
export function cell(text: string): string {
  return escapeHtml(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|')
}

/**
 * A code span that holds any text: a fence longer than the longest run of backticks inside,
 * padded with spaces when the text starts or ends with one. Pipes are escaped for table cells
 * (GFM reads a table row's pipes before code spans).
 */
export function code(text: string, options: { inTable?: boolean } = {}): string {
  const flat = text.replace(/\r?\n/g, ' ')
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  const body = options.inTable ? flat.replace(/\|/g, '\\|') : flat
  return `${fence}${pad}${body}${pad}${fence}`
}

/** A link: `text` is Markdown already made safe; the URL is the action's own (console, GitHub). */
export function link(text: string, url: string): string {
  return `[${text}](${url.replace(/[()\s]/g, encodeURIComponent)})`
}

/**
 * `text` cut to about `width` characters at a space, so a word (which may be a secret the runner
 * masks only when whole) is never cut in two; text without a space that early is not shown.
 */
export function clip(text: string, width: number): string {
  if (text.length <= width) return text
  const space = text.lastIndexOf(' ', width - 1)
  if (space <= 0) return `[${text.length} characters without spaces, not shown]`
  return `${text.slice(0, space)} …`
}

/** Arguments as a shell would need them typed: plain words bare, the rest single-quoted. */
export function shellJoin(args: readonly string[]): string {
  return args
    .map((arg) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ')
}
