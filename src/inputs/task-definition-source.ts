import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import {
  NAME,
  NAME_RULE,
  READ_ONLY_TASK_DEFINITION_FIELDS,
  TASK_DEFINITION_ARN
} from './ecs-names.js'
import { JsonSyntaxError, parseJson } from './json.js'
import type { Parser } from './parsers.js'
import type { Problems } from './problems.js'
import { isRecord, quote } from './text.js'

/** What `task-definition` names: a registered definition, or a JSON file to register first. */
export type TaskDefinitionSource =
  | { kind: 'reference'; reference: string }
  | { kind: 'file'; path: string; definition: Record<string, unknown> }

export const TASK_DEFINITION_FORMS =
  `a family (${NAME_RULE}), family:revision (a positive whole number), a task-definition ARN ` +
  '(arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>) or the path of a ' +
  'task-definition JSON file in the workspace'

/** `task-definition`: a registered definition, or a file to read (and register) first. */
export const taskDefinitionSource: Parser<TaskDefinitionSource | undefined> = (
  text,
  { p, env }
) => {
  if (text === '') return undefined
  const reference: TaskDefinitionSource = { kind: 'reference', reference: text }
  const forms = TASK_DEFINITION_FORMS
  if (text.startsWith('arn:')) {
    if (!TASK_DEFINITION_ARN.test(text)) p.invalid('task-definition', text, forms)
    return reference
  }
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd()
  const file = path.resolve(workspace, text)
  const looksLikeFile = text.endsWith('.json') || text.includes('/') || text.includes('\\')
  if (looksLikeFile || statSync(file, { throwIfNoEntry: false })?.isFile()) {
    return readTaskDefinitionFile(text, file, p) ?? reference
  }
  if (!/^[A-Za-z0-9_-]{1,255}(:[1-9]\d*)?$/.test(text)) p.invalid('task-definition', text, forms)
  return reference
}

/** A task-definition file as register-task-definition --cli-input-json takes it, or describe prints it. */
function readTaskDefinitionFile(
  given: string,
  file: string,
  p: Problems
): TaskDefinitionSource | undefined {
  const where = `file ${quote(given)}`
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code})`
    p.detail(
      'task-definition',
      `${where} ${why} (looked for ${file}; relative paths start at GITHUB_WORKSPACE)`
    )
    return undefined
  }
  const definition = parseTaskDefinitionJson(text, where, p)
  return definition && { kind: 'file', path: given, definition }
}

/**
 * A task-definition file's text as register-task-definition --cli-input-json takes it, or as
 * `aws ecs describe-task-definition` prints it (wrapped in {"taskDefinition": ..., "tags": ...},
 * with read-only fields that registering rejects: they are dropped). `where` names the file in
 * messages.
 */
export function parseTaskDefinitionJson(
  text: string,
  where: string,
  p: Problems
): Record<string, unknown> | undefined {
  let json: unknown
  try {
    json = parseJson(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    p.detail('task-definition', `${where} is not valid JSON: ${error.message}`)
    return undefined
  }
  if (!isRecord(json)) {
    p.detail('task-definition', `${where} must hold a JSON object (a task definition)`)
    return undefined
  }
  let definition: Record<string, unknown> = { ...json }
  if (!('family' in json) && isRecord(json['taskDefinition'])) {
    definition = { ...json['taskDefinition'] }
    const tags = json['tags']
    if (Array.isArray(tags) && tags.length > 0 && !('tags' in definition)) definition['tags'] = tags
  }
  for (const field of READ_ONLY_TASK_DEFINITION_FIELDS) delete definition[field]

  const problems: string[] = []
  const family = definition['family']
  if (typeof family !== 'string' || !NAME.test(family)) {
    problems.push(`"family" must be ${NAME_RULE}`)
  }
  const containers = definition['containerDefinitions']
  if (!Array.isArray(containers) || containers.length === 0) {
    problems.push('"containerDefinitions" must be a non-empty array')
  } else {
    containers.forEach((c: unknown, i) => {
      if (!isRecord(c) || typeof c['name'] !== 'string' || c['name'] === '') {
        problems.push(`containerDefinitions[${i}] must be an object with a "name"`)
      }
    })
  }
  for (const problem of problems) p.detail('task-definition', `${where}: ${problem}`)
  return problems.length > 0 ? undefined : definition
}
