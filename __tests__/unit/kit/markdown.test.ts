import { marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { cell, clip, code, inline, shellJoin } from '../../../src/kit/markdown.js'

/** What GitHub would render, as HTML. */
const html = (markdown: string): string => marked.parseInline(markdown, { gfm: true }) as string

describe('inline', () => {
  it.each([
    ['*bold* _em_ `code` ~~gone~~', '*bold* _em_ `code` ~~gone~~'],
    ['[link](javascript:alert(1)) ![img](x)', '[link](javascript:alert(1)) ![img](x)'],
    ['<script>alert(1)</script> & co', '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co'],
    ['a | b', 'a | b']
  ])('%j reads as itself', (text, rendered) => {
    expect(html(inline(text))).toBe(rendered)
  })

  it('keeps a line start from opening a block', () => {
    for (const text of ['# title', '> quote', '- item', '1. item', '= setext']) {
      const tokens = marked.lexer(inline(text), { gfm: true })
      expect(tokens.map((t) => t.type)).toEqual(['paragraph'])
    }
  })
})

describe('code', () => {
  it('holds backticks and pipes', () => {
    expect(code('a `b` c')).toBe('``a `b` c``')
    expect(code('`x`')).toBe('`` `x` ``')
    expect(html(code('a `b` c'))).toBe('<code>a `b` c</code>')
    expect(code('a|b', { inTable: true })).toBe('`a\\|b`')
  })
})

describe('cell', () => {
  it('escapes pipes and HTML, joins lines', () => {
    expect(cell('a|b\n<c>')).toBe('a\\|b &lt;c&gt;')
  })
})

describe('clip', () => {
  it('cuts at the last space before the width', () => {
    expect(clip('short', 10)).toBe('short')
    expect(clip('one two three four', 10)).toBe('one two …')
    expect(clip('onetwothreefour', 10)).toBe('[15 characters without spaces, not shown]')
  })
})

describe('shellJoin', () => {
  it('quotes what a shell would split or expand', () => {
    expect(shellJoin(['bin/rails', 'db:migrate', 'VERSION=2026'])).toBe(
      'bin/rails db:migrate VERSION=2026'
    )
    expect(shellJoin(['sh', '-c', "echo 'hi' $HOME"])).toBe(`sh -c 'echo '\\''hi'\\'' $HOME'`)
  })
})
