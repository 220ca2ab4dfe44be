/**
 * Parsers of single inputs. Each reports into a Problems collector instead of throwing, so
 * that one failure lists every bad input.
 */
import type { CapacityProviderStrategyItem, KeyValuePair, Tag } from '@aws-sdk/client-ecs'
import { split } from 'shlex'
import { ENV_NAME, MAX_MINUTES, NAME, NAME_RULE, REGION } from './ecs-names.js'
import { listOf } from '../kit/sentences.js'
import { readJson } from './json.js'
import type { Problems } from './problems.js'
import { deriveClientToken, deriveStartedBy } from './run-identity.js'
import {
  parseBoolean,
  parseKeyValueLines,
  parseMinutes,
  quote,
  splitList,
  wholeNumber,
  type KeyValueLine
} from './text.js'

/** `command`: a JSON array of strings, or a command line split by POSIX shell rules (no shell). */
export function parseCommand(text: string, p: Problems): string[] | undefined {
  if (text === '') return undefined
  if (text.startsWith('[')) {
    const accepted = 'a JSON array of strings (e.g. ["bin/rails","db:migrate"])'
    const json = readJson<unknown>(
      'command',
      text,
      undefined,
      p,
      `starts with "[" so it must be ${accepted}, but it is `
    )
    if (json === undefined) return undefined
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

/**
 * KEY=VALUE lines of `input`, each problem reported in line order: `badLine` words a line
 * without `=`, `check` any other problem of an entry; a key set twice is reported here.
 */
function checkedKeyValueLines(
  input: string,
  text: string,
  p: Problems,
  badLine: (line: number) => string,
  check: (entry: KeyValueLine) => string | undefined
): KeyValueLine[] {
  const { entries, badLines } = parseKeyValueLines(text)
  const problems: [number, string][] = badLines.map((line) => [line, badLine(line)])
  const seen = new Map<string, number>()
  for (const entry of entries) {
    const { line, key } = entry
    const problem =
      check(entry) ??
      (seen.has(key)
        ? `line ${line} sets ${quote(key)} again (first set on line ${seen.get(key)})`
        : undefined)
    if (problem !== undefined) problems.push([line, problem])
    else seen.set(key, line)
  }
  problems.sort((a, b) => a[0] - b[0]).forEach(([, problem]) => p.detail(input, problem))
  return entries
}

/** KEY=VALUE lines. Values are never quoted in messages: they may be secrets. */
export function parseEnvironment(text: string, p: Problems): KeyValuePair[] {
  const entries = checkedKeyValueLines(
    'environment',
    text,
    p,
    (line) => `line ${line} must be KEY=VALUE (the line is not shown: it may hold a secret)`,
    ({ line, key }) => {
      if (ENV_NAME.test(key)) return undefined
      return key === ''
        ? `line ${line} has no name before "=" (expected KEY=VALUE)`
        : `line ${line}: ${quote(key, 60)} is not a variable name (letters, digits and underscores, not starting with a digit)`
    }
  )
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

/** `tags`: key=value lines; ECS reserves the `aws:` prefix and takes 50 tags. */
export function parseTags(text: string, p: Problems): Tag[] {
  const lines = text.split('\n')
  const entries = checkedKeyValueLines(
    'tags',
    text,
    p,
    (line) => `line ${line} must be key=value, got ${quote((lines[line - 1] ?? '').trim())}`,
    ({ line, key, value }) => {
      if (key.length < 1 || key.length > 128)
        return `line ${line}: the key must be 1 to 128 characters, got ${quote(key)}`
      if (key.toLowerCase().startsWith('aws:'))
        return `line ${line}: the key ${quote(key)} starts with "aws:", which AWS reserves`
      if (value.length > 256)
        return `line ${line}: the value of ${quote(key)} must be at most 256 characters, got ${value.length}`
      return undefined
    }
  )
  if (entries.length > 50) p.detail('tags', `has ${entries.length} tags; ECS takes at most 50`)
  return entries.map(({ key, value }) => ({ key, value }))
}

/** What a parser of one input gets besides its text. */
export interface ParseContext {
  /** The input's name, for messages. */
  input: string
  p: Problems
  /** The run's environment: GITHUB_* for derived values, AWS_REGION, GITHUB_WORKSPACE. */
  env: NodeJS.ProcessEnv
  /** Another input's text, for the few values derived from two inputs. */
  raw(name: string): string
}

export type Parser<T> = (text: string, ctx: ParseContext) => T

export const optionalText: Parser<string | undefined> = (text) => text || undefined

export function oneOf<T extends string>(values: readonly T[]): Parser<T | undefined> {
  return (text, { input, p }) => {
    if (text === '') return undefined
    if ((values as readonly string[]).includes(text)) return text as T
    p.invalid(input, text, `one of ${listOf(values)}`)
    return undefined
  }
}

/**
 * `propagate-tags`: RunTask takes TASK_DEFINITION or NONE; SERVICE is for the tasks a service
 * starts itself, and RunTask refuses it.
 */
export const propagateTags: Parser<'TASK_DEFINITION' | 'NONE' | undefined> = (
  text,
  { input, p }
) => {
  if (text === '') return undefined
  if (text === 'TASK_DEFINITION' || text === 'NONE') return text
  const why =
    text === 'SERVICE'
      ? ': RunTask refuses SERVICE (a service propagates its tags only to the tasks it starts itself)'
      : ''
  p.lines.push(`Input "${input}" must be TASK_DEFINITION or NONE, got "${text}"${why}.`)
  return undefined
}

export const BOOLEAN_RULE = 'a boolean: true, True, TRUE, false, False or FALSE'

export const boolean: Parser<boolean> = (text, { input, p }) => {
  const value = parseBoolean(text)
  if (value === undefined) p.invalid(input, text, BOOLEAN_RULE)
  return value ?? false
}

/** Minutes (fractions allowed) to milliseconds, above 0 (or from 0) and at most MAX_MINUTES. */
export function minutes(options: { zeroAllowed: boolean }): Parser<number> {
  return (text, { input, p }) => {
    const ms = parseMinutes(text)
    const low = options.zeroAllowed ? ms !== undefined && ms >= 0 : ms !== undefined && ms > 0
    if (ms !== undefined && low && ms <= MAX_MINUTES * 60_000) return ms
    p.invalid(
      input,
      text,
      `a number of minutes ${options.zeroAllowed ? 'from 0' : 'above 0'} up to ${MAX_MINUTES} (7 days), fractions allowed (e.g. 0.5)`
    )
    return 0
  }
}

export function wholeNumberFrom(min: number, max: number): Parser<number> {
  return (text, { input, p }) => {
    const n = wholeNumber(text, min, max)
    if (n === undefined) p.invalid(input, text, `a whole number from ${min} to ${max}`)
    return n ?? min
  }
}

/** `shards`: 1 to 1,000 tasks of one request, each with its index; not with `count`. */
export const shards: Parser<number | undefined> = (text, ctx) => {
  if (text === '') return undefined
  // `count` has its default in code: given means the runner passed INPUT_COUNT.
  const count = ctx.env['INPUT_COUNT']?.trim()
  if (count) {
    ctx.p.lines.push(
      `Inputs "shards" and "count" cannot be used together: "shards" (${quote(text)}) runs one ` +
        `task per index with its own RunTask, "count" (${quote(count)}) up to 10 ` +
        'alike in one RunTask. Remove one of them.'
    )
  }
  return wholeNumberFrom(1, 1000)(text, ctx)
}

export function nameOrArn(arn: RegExp, kind: string): Parser<string> {
  return (text, { input, p }) => {
    if (!NAME.test(text) && !arn.test(text)) {
      p.invalid(input, text, `a ${kind} name (${NAME_RULE}) or a ${kind} ARN`)
    }
    return text
  }
}

export function optional<T>(parse: Parser<T>): Parser<T | undefined> {
  return (text, ctx) => (text === '' ? undefined : parse(text, ctx))
}

export const containerName: Parser<string | undefined> = (text, { input, p }) => {
  if (text === '') return undefined
  if (!NAME.test(text)) p.invalid(input, text, `a container name (${NAME_RULE})`)
  return text
}

/** Container names, commas and/or newlines; none given is undefined (the default). */
export const containerNames: Parser<string[] | undefined> = (text, { input, p }) => {
  const names = splitList(text)
  for (const name of names) {
    if (!NAME.test(name)) p.invalid(input, name, `container names (${NAME_RULE})`)
  }
  return names.length > 0 ? names : undefined
}

export function ids(form: RegExp, prefix: string, max: number): Parser<string[]> {
  return (text, { input, p }) => {
    const list = splitList(text)
    for (const id of list) {
      if (!form.test(id))
        p.invalid(input, id, `ids like ${prefix}0123456789abcdef0, separated by commas or newlines`)
    }
    if (list.length > max) p.detail(input, `has ${list.length} ids; ECS takes at most ${max}`)
    return list
  }
}

export const startedBy: Parser<string> = (text, { input, p, env }) => {
  if (text === '') return deriveStartedBy(env)
  if (!/^[A-Za-z0-9_/-]{1,128}$/.test(text)) {
    p.invalid(input, text, 'at most 128 letters, digits, "_", "/" and "-"')
  }
  return text
}

export const group: Parser<string | undefined> = (text, { input, p }) => {
  if (text === '') return undefined
  if (text.length > 255) p.invalid(input, text, 'at most 255 characters')
  return text
}

/** Given, or derived from the run (and the matrix leg, `job-index`). */
export const clientToken: Parser<string> = (text, { input, p, env, raw }) => {
  if (text === '') return deriveClientToken(env, raw('job-index'))
  if (!/^[\x21-\x7e]{1,64}$/.test(text)) {
    p.invalid(input, text, 'at most 64 characters in the ASCII range 33-126 (no spaces)')
  }
  return text
}

export const region: Parser<string> = (text, { p, env }) => {
  const [value, source] = text
    ? [text, '']
    : env['AWS_REGION']
      ? [env['AWS_REGION'], ' (from AWS_REGION)']
      : [env['AWS_DEFAULT_REGION'] ?? '', ' (from AWS_DEFAULT_REGION)']
  if (value === '') {
    p.lines.push(
      'Input "aws-region" is not set, and neither is AWS_REGION nor AWS_DEFAULT_REGION: set ' +
        '"aws-region", or run aws-actions/configure-aws-credentials with aws-region first.'
    )
  } else if (!REGION.test(value)) {
    p.lines.push(
      `Input "aws-region" must be an AWS region like "eu-west-1", got ${quote(value)}${source}.`
    )
  }
  return value
}

/** `image`: one image for `container`, or `name=image` lines for several containers. */
export interface ImageOverride {
  /** Undefined: the `container` input's container (or the first essential one). */
  container?: string
  image: string
}

/** What ECS takes as an image: repository[:tag][@digest], up to 255 characters. */
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@#]{0,254}$/
const IMAGE_RULE =
  'an image reference like 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3 (up to 255 characters, no spaces)'

export const images: Parser<ImageOverride[]> = (text, { input, p }) => {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  if (lines.length === 1 && !(lines[0] ?? '').includes('=')) {
    const image = lines[0] ?? ''
    if (!IMAGE.test(image)) p.invalid(input, image, IMAGE_RULE)
    return [{ image }]
  }
  const result: ImageOverride[] = []
  for (const line of lines) {
    const eq = line.indexOf('=')
    const container = line.slice(0, eq).trim()
    const image = line.slice(eq + 1).trim()
    if (eq < 0 || !NAME.test(container) || !IMAGE.test(image)) {
      p.invalid(input, line, `one image, or lines container=image with ${IMAGE_RULE}`)
    } else if (result.some((o) => o.container === container)) {
      p.detail(input, `sets the image of ${quote(container)} twice`)
    } else {
      result.push({ container, image })
    }
  }
  return result
}

/**
 * Why a task that stopped may be started again (`retry-on`): `exit-code:N` is the primary
 * container exiting N on its own (a job that says "try again later").
 */
export type RetryCause = 'start-failure' | 'spot-interruption' | `exit-code:${number}`
const RETRY_CAUSES = ['start-failure', 'spot-interruption', 'exit-code:N'] as const
const EXIT_CODE_CAUSE = /^exit-code:([1-9]\d{0,2})$/

export const retryCauses: Parser<RetryCause[]> = (text, { input, p }) => {
  const causes: RetryCause[] = []
  for (const item of splitList(text)) {
    const code = EXIT_CODE_CAUSE.exec(item)?.[1]
    const known =
      item === 'start-failure' ||
      item === 'spot-interruption' ||
      (code !== undefined && Number(code) <= 255)
    if (!known) {
      p.invalid(
        input,
        item,
        `a list of ${listOf(RETRY_CAUSES)} (N from 1 to 255, one entry per code), or empty to ` +
          'never start a task again'
      )
    } else if (!causes.includes(item as RetryCause)) {
      causes.push(item as RetryCause)
    }
  }
  return causes
}

/** The exit codes of `exit-code:N` entries of `retry-on`. */
export function retryExitCodes(causes: readonly RetryCause[]): number[] {
  return causes.flatMap((c) => (c.startsWith('exit-code:') ? [Number(c.slice(10))] : []))
}

/** Output names a task may set: what `fromJSON(...).name` can read in an expression. */
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/

export const outputNames: Parser<string[]> = (text, { input, p }) => {
  const names: string[] = []
  for (const name of splitList(text)) {
    if (!OUTPUT_NAME.test(name)) {
      p.invalid(
        input,
        name,
        'names of letters, digits, "_" and "-" (not starting with a digit or "-"), up to 100 characters'
      )
    } else if (!names.includes(name)) {
      names.push(name)
    }
  }
  if (names.length > 50) p.detail(input, `has ${names.length} names; at most 50 are accepted`)
  return names
}
