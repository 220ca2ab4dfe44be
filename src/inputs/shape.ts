import { listOf } from '../kit/sentences.js'

/**
 * A tiny shape checker for the JSON inputs: objects with known keys and typed fields, arrays,
 * enums, strings, numbers and booleans. Problems carry the path to the value
 * (`overrides.containerOverrides[0].command`) and say what is accepted. They quote a given
 * value only where it cannot be a secret (enum members, numbers, booleans): a string in
 * `overrides` may be an environment value.
 */

interface Common {
  /** Set by `required()`: the key must be present in its object. */
  required?: true
}

export type Shape = Common &
  (
    | { kind: 'string'; values?: readonly string[]; minLength?: number; maxLength?: number }
    | { kind: 'number'; integer: boolean; min?: number; max?: number }
    | { kind: 'boolean' }
    | { kind: 'any' }
    | { kind: 'array'; of: Shape; minItems?: number; maxItems?: number }
    | {
        kind: 'object'
        fields: Readonly<Record<string, Shape>>
        /** Checks across fields, run once every field has the right shape. */
        check?: (value: Record<string, unknown>, path: string) => string[]
        /** Shown when something else is given: the JSON of a small valid value. */
        example?: string
      }
  )

export const string = (limits: { minLength?: number; maxLength?: number } = {}): Shape => ({
  kind: 'string',
  ...limits
})
export const enumOf = (...values: string[]): Shape => ({ kind: 'string', values })
export const integer = (limits: { min?: number; max?: number } = {}): Shape => ({
  kind: 'number',
  integer: true,
  ...limits
})
export const number = (limits: { min?: number; max?: number } = {}): Shape => ({
  kind: 'number',
  integer: false,
  ...limits
})
export const bool = (): Shape => ({ kind: 'boolean' })
/** Anything: for members whose shape the SDK leaves open (passed through unchecked). */
export const anyValue = (): Shape => ({ kind: 'any' })
export const arrayOf = (
  of: Shape,
  limits: { minItems?: number; maxItems?: number } = {}
): Shape => ({
  kind: 'array',
  of,
  ...limits
})
export const object = (
  fields: Readonly<Record<string, Shape>>,
  check?: (value: Record<string, unknown>, path: string) => string[]
): Shape => (check ? { kind: 'object', fields, check } : { kind: 'object', fields })
export const required = (shape: Shape): Shape => ({ ...shape, required: true })

/** Every problem of `value` against `shape`, one sentence each, starting with the path. */
export function checkShape(value: unknown, shape: Shape, path: string): string[] {
  const mismatch = (): string[] => [`${path} must be ${accepted(shape)}, got ${kindOf(value)}`]
  switch (shape.kind) {
    case 'any':
      return []
    case 'boolean':
      return typeof value === 'boolean' ? [] : mismatch()
    case 'string': {
      if (typeof value !== 'string') return mismatch()
      if (shape.values && !shape.values.includes(value)) {
        return [`${path} must be ${accepted(shape)}, got ${JSON.stringify(truncate(value))}`]
      }
      if (shape.minLength !== undefined && value.length < shape.minLength) {
        return [`${path} must be ${accepted(shape)}, got ${lengthOf(value)}`]
      }
      if (shape.maxLength !== undefined && value.length > shape.maxLength) {
        return [`${path} must be ${accepted(shape)}, got ${lengthOf(value)}`]
      }
      return []
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return mismatch()
      if (shape.integer && !Number.isInteger(value)) return mismatch()
      if (shape.min !== undefined && value < shape.min) return mismatch()
      if (shape.max !== undefined && value > shape.max) return mismatch()
      return []
    }
    case 'array': {
      if (!Array.isArray(value)) return mismatch()
      if (shape.minItems !== undefined && value.length < shape.minItems) {
        return [`${path} must have at least ${items(shape.minItems)}, got ${value.length}`]
      }
      if (shape.maxItems !== undefined && value.length > shape.maxItems) {
        return [`${path} must have at most ${items(shape.maxItems)}, got ${value.length}`]
      }
      return value.flatMap((item: unknown, index) =>
        checkShape(item, shape.of, `${path}[${index}]`)
      )
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return mismatch()
      const record = value as Record<string, unknown>
      const known = Object.keys(shape.fields)
      const problems: string[] = []
      for (const key of Object.keys(record)) {
        const field = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined
        if (field === undefined) {
          problems.push(`${join(path, key)} is not a known key (known keys: ${known.join(', ')})`)
        } else {
          problems.push(...checkShape(record[key], field, join(path, key)))
        }
      }
      for (const key of known) {
        if (shape.fields[key]?.required && !Object.hasOwn(record, key)) {
          problems.push(`${join(path, key)} is required`)
        }
      }
      if (problems.length === 0 && shape.check) problems.push(...shape.check(record, path))
      return problems
    }
  }
}

/** `path.key`, or `path["odd key"]` when the key is not an identifier. */
export function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

/** What a shape accepts, as a phrase: "a whole number from 0 to 1000". */
export function accepted(shape: Shape): string {
  switch (shape.kind) {
    case 'any':
      return 'any value'
    case 'boolean':
      return 'true or false'
    case 'string': {
      if (shape.values) return `one of ${listOf(shape.values.map((v) => JSON.stringify(v)))}`
      const { minLength: min, maxLength: max } = shape
      if (min !== undefined && max !== undefined) return `a string of ${min} to ${max} characters`
      if (max !== undefined) return `a string of at most ${max} characters`
      if (min !== undefined) return `a string of at least ${min} characters`
      return 'a string'
    }
    case 'number': {
      const noun = shape.integer ? 'a whole number' : 'a number'
      const { min, max } = shape
      if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`
      if (min !== undefined) return `${noun} of at least ${min}`
      if (max !== undefined) return `${noun} of at most ${max}`
      return noun
    }
    case 'array':
      return `an array of ${plural(shape.of)}`
    case 'object':
      return shape.example ? `an object such as ${shape.example}` : 'an object'
  }
}

function plural(shape: Shape): string {
  switch (shape.kind) {
    case 'any':
      return 'values'
    case 'boolean':
      return 'booleans'
    case 'string':
      return 'strings'
    case 'number':
      return shape.integer ? 'whole numbers' : 'numbers'
    case 'array':
      return 'arrays'
    case 'object':
      return 'objects'
  }
}

/** The kind of a value, never a string's text (it may be a secret). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return 'a string'
    case 'number':
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}

const items = (n: number): string => (n === 1 ? '1 item' : `${n} items`)
const lengthOf = (value: string): string =>
  value.length === 1 ? '1 character' : `${value.length} characters`
const truncate = (value: string): string => (value.length > 60 ? `${value.slice(0, 60)}…` : value)
