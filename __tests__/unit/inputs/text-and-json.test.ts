import * as core from '@actions/core'
import { describe, expect, it, vi } from 'vitest'
import { jsonErrorPosition, JsonSyntaxError, parseJson } from '../../../src/inputs/json.js'
import { parseCapacityProviderLines } from '../../../src/inputs/parsers.js'
import { Problems } from '../../../src/inputs/problems.js'
import {
  parseBoolean,
  parseDecimal,
  parseKeyValueLines,
  parseMinutes,
  quote,
  splitList
} from '../../../src/inputs/text.js'

describe('splitList', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    [' a , b ,, ', ['a', 'b']],
    ['a\nb\r\n c', ['a', 'b', 'c']],
    ['a,\nb,\n\n,c', ['a', 'b', 'c']]
  ])('%j', (text, expected) => {
    expect(splitList(text)).toEqual(expected)
  })
})

describe('parseKeyValueLines', () => {
  it('splits at the first =, trims, skips blank lines and numbers lines from 1', () => {
    expect(parseKeyValueLines('\n  A=1  \n\nURL = x=y==\nE=\r\nnoeq\n=v')).toEqual({
      entries: [
        { line: 2, key: 'A', value: '1' },
        { line: 4, key: 'URL', value: 'x=y==' },
        { line: 5, key: 'E', value: '' },
        { line: 7, key: '', value: 'v' }
      ],
      badLines: [6]
    })
  })
})

describe('parseBoolean', () => {
  const candidates = [
    'true',
    'True',
    'TRUE',
    'false',
    'False',
    'FALSE',
    'tRue',
    'yes',
    'no',
    'on',
    '1',
    '0',
    'y',
    ''
  ]

  it.each(candidates)('%j matches core.getBooleanInput', (text) => {
    vi.stubEnv('INPUT_FLAG', text)
    let expected: boolean | undefined
    try {
      expected = core.getBooleanInput('flag')
    } catch {
      expected = undefined
    }
    expect(parseBoolean(text)).toBe(expected)
  })
})

describe('parseMinutes', () => {
  it.each([
    ['360', 21_600_000],
    ['10', 600_000],
    ['0.5', 30_000],
    ['.5', 30_000],
    ['1.', 60_000],
    ['0.1', 6_000],
    ['0', 0],
    ['-1', undefined],
    ['1e3', undefined],
    ['Infinity', undefined],
    ['0x10', undefined],
    ['1 ', undefined],
    ['', undefined],
    ['.', undefined]
  ])('%j → %s ms', (text, ms) => {
    expect(parseMinutes(text)).toBe(ms)
  })

  it('parseDecimal accepts only plain decimals', () => {
    expect(parseDecimal('2.25')).toBe(2.25)
    expect(parseDecimal('+2')).toBeUndefined()
  })
})

describe('parseJson', () => {
  it('returns the parsed value', () => {
    expect(parseJson(' {"a": [1, "b", null, true]} ')).toEqual({ a: [1, 'b', null, true] })
  })

  function failure(text: string): JsonSyntaxError {
    try {
      parseJson(text)
    } catch (error) {
      if (error instanceof JsonSyntaxError) return error
      throw error
    }
    throw new Error('parsed')
  }

  it.each([
    ['{"a": 1,}', 'Expected double-quoted property name at line 1, column 9 (position 8)'],
    ['[1, 2', "Expected ',' or ']' after array element at line 1, column 6 (position 5)"],
    ['', 'Unexpected end of JSON input at line 1, column 1 (position 0)'],
    [
      '{"a":1} x',
      'Unexpected non-whitespace character after JSON at line 1, column 9 (position 8)'
    ],
    ['{\n  "a": tru\n}', "Unexpected token '\\n' at line 2, column 11 (position 12)"],
    ['nul', 'Unexpected end of JSON input at line 1, column 4 (position 3)'],
    ['[1, x]', "Unexpected token 'x' at line 1, column 5 (position 4)"]
  ])('%j', (text, message) => {
    expect(failure(text).message).toBe(message)
  })

  it('never quotes the text, whatever the engine puts in its message', () => {
    for (const text of [
      'secret',
      '{"k": "secret" secret}',
      '["secret", secret]',
      '{"secret"}',
      'nul'
    ]) {
      expect(failure(text).message).not.toContain('secret')
    }
  })

  it('finds the same position as V8 wherever V8 reports one', () => {
    const samples = [
      '{"a": 1,}',
      '[1,,2]',
      '{"a" 1}',
      '{"a": "b\\x"}',
      '{"a": "\u0001"}',
      '[-]',
      '[1e]',
      '{"a": [1, 2}',
      '  [true false]',
      '{"a":1}}',
      '"abc',
      '[01]',
      '{"a": "\\u12G4"}'
    ]
    for (const text of samples) {
      let v8: number | undefined
      try {
        JSON.parse(text)
      } catch (error) {
        const m = /at position (\d+)/.exec((error as Error).message)
        v8 = m ? Number(m[1]) : undefined
      }
      if (v8 !== undefined) expect({ text, at: jsonErrorPosition(text) }).toEqual({ text, at: v8 })
    }
  })

  it('jsonErrorPosition points at the first bad character', () => {
    expect(jsonErrorPosition('{"a": tru}')).toBe(9)
    expect(jsonErrorPosition('[1, x]')).toBe(4)
    expect(jsonErrorPosition('{"a": 1')).toBe(7)
    expect(jsonErrorPosition('[1]')).toBe(3)
  })
})

describe('quote', () => {
  it('uses JSON string syntax and cuts long values', () => {
    expect(quote('a"b\nc')).toBe('"a\\"b\\nc"')
    expect(quote('x'.repeat(10), 4)).toBe('"xxxx…"')
  })
})

describe('parseCapacityProviderLines', () => {
  it('reads provider:weight[:base] lines and reports bad ones', () => {
    const p = new Problems()
    expect(parseCapacityProviderLines('A:1, B:0:5\nC:2:x', p)).toEqual([
      { capacityProvider: 'A', weight: 1 },
      { capacityProvider: 'B', weight: 0, base: 5 }
    ])
    expect(p.lines).toEqual([
      'Input "capacity-provider-strategy" must be provider:weight[:base] (weight a whole number from 0 to 1000, base from 0 to 100000) or a JSON array, got "C:2:x".'
    ])
  })
})
