import { describe, expect, it } from 'vitest'
import {
  accepted,
  anyValue,
  arrayOf,
  bool,
  checkShape,
  enumOf,
  integer,
  join,
  kindOf,
  number,
  object,
  required,
  string
} from '../../../src/inputs/shape.js'

const shape = object(
  {
    name: required(string({ minLength: 1, maxLength: 5 })),
    kind: enumOf('a', 'b'),
    size: integer({ min: 1, max: 10 }),
    ratio: number({ min: 0 }),
    on: bool(),
    list: arrayOf(string(), { maxItems: 2 }),
    nested: object({ deep: required(arrayOf(object({ x: integer() }))) }),
    open: anyValue()
  },
  (value, path) =>
    value['kind'] === 'b' && value['size'] === undefined
      ? [`${path}.size is required when kind is "b"`]
      : []
)

describe('checkShape', () => {
  it('accepts a value of the shape', () => {
    expect(
      checkShape(
        {
          name: 'n',
          kind: 'a',
          size: 3,
          ratio: 0.5,
          on: false,
          list: ['x'],
          nested: { deep: [{ x: 1 }] },
          open: { any: [1] }
        },
        shape,
        'root'
      )
    ).toEqual([])
  })

  it.each<[string, unknown, string[]]>([
    ['not an object', [], ['root must be an object, got an array']],
    ['null', null, ['root must be an object, got null']],
    ['missing required', {}, ['root.name is required']],
    [
      'unknown key with path',
      { name: 'n', 'odd key': 1 },
      [
        'root["odd key"] is not a known key (known keys: name, kind, size, ratio, on, list, nested, open)'
      ]
    ],
    [
      'enum quotes the value',
      { name: 'n', kind: 'c' },
      ['root.kind must be one of "a" or "b", got "c"']
    ],
    [
      'string never quoted',
      { name: 'secret-value' },
      ['root.name must be a string of 1 to 5 characters, got 12 characters']
    ],
    [
      'wrong type of string',
      { name: 42 },
      ['root.name must be a string of 1 to 5 characters, got 42']
    ],
    [
      'integer range',
      { name: 'n', size: 11 },
      ['root.size must be a whole number from 1 to 10, got 11']
    ],
    [
      'integer fraction',
      { name: 'n', size: 1.5 },
      ['root.size must be a whole number from 1 to 10, got 1.5']
    ],
    [
      'number minimum',
      { name: 'n', ratio: -1 },
      ['root.ratio must be a number of at least 0, got -1']
    ],
    ['boolean', { name: 'n', on: 'true' }, ['root.on must be true or false, got a string']],
    [
      'array of strings',
      { name: 'n', list: 'x' },
      ['root.list must be an array of strings, got a string']
    ],
    ['array element', { name: 'n', list: ['x', 1] }, ['root.list[1] must be a string, got 1']],
    [
      'array size',
      { name: 'n', list: ['a', 'b', 'c'] },
      ['root.list must have at most 2 items, got 3']
    ],
    [
      'deep path',
      { name: 'n', nested: { deep: [{ x: 1 }, { x: 'y', z: 1 }] } },
      [
        'root.nested.deep[1].x must be a whole number, got a string',
        'root.nested.deep[1].z is not a known key (known keys: x)'
      ]
    ],
    ['cross-field check', { name: 'n', kind: 'b' }, ['root.size is required when kind is "b"']]
  ])('%s', (_name, value, problems) => {
    expect(checkShape(value, shape, 'root')).toEqual(problems)
  })

  it('ignores inherited keys such as __proto__ from JSON', () => {
    const value = JSON.parse('{"name":"n","__proto__":{"x":1}}') as unknown
    expect(checkShape(value, shape, 'root')).toEqual([
      'root.__proto__ is not a known key (known keys: name, kind, size, ratio, on, list, nested, open)'
    ])
  })
})

describe('phrases', () => {
  it('accepted says what a shape accepts', () => {
    expect(accepted(arrayOf(object({})))).toBe('an array of objects')
    expect(accepted(arrayOf(integer()))).toBe('an array of whole numbers')
    expect(accepted(integer({ max: 3 }))).toBe('a whole number of at most 3')
    expect(accepted(string({ minLength: 2 }))).toBe('a string of at least 2 characters')
  })

  it('kindOf never shows a string', () => {
    expect(kindOf('s3cret')).toBe('a string')
    expect(kindOf({})).toBe('an object')
    expect(kindOf(true)).toBe('true')
  })

  it('join', () => {
    expect(join('p', 'ok_1')).toBe('p.ok_1')
    expect(join('p', '1x')).toBe('p["1x"]')
  })
})
