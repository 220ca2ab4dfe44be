import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getInputs } from '../../../src/inputs/get-inputs.js'
import { inputErrorOf, setInputs } from '../../support/step-env.js'

const workspace = mkdtempSync(path.join(os.tmpdir(), 'ecs-run-task-inputs-'))
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const DEFINITION = {
  family: 'migrate',
  containerDefinitions: [
    { name: 'app', image: 'app:1', essential: true },
    { name: 'sidecar', image: 'envoy', essential: false }
  ],
  cpu: '256',
  memory: '512'
}

function write(name: string, content: string): string {
  const file = path.join(workspace, name)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, content)
  return name
}

const errorOf = (inputs: Record<string, string>): string => inputErrorOf(inputs).message

beforeEach(() => {
  for (const key of Object.keys(process.env)) {
    if (/^(INPUT_|GITHUB_|AWS_REGION$|AWS_DEFAULT_REGION$)/.test(key)) vi.stubEnv(key, undefined)
  }
  vi.stubEnv('GITHUB_WORKSPACE', workspace)
  vi.stubEnv('AWS_REGION', 'eu-west-1')
})

describe('task-definition from a JSON file', () => {
  it('reads a file relative to GITHUB_WORKSPACE', () => {
    const given = write('.aws/task-definition.json', JSON.stringify(DEFINITION, null, 2))
    setInputs({ 'task-definition': given })
    expect(getInputs().taskDefinition).toEqual({
      kind: 'file',
      path: given,
      definition: DEFINITION
    })
  })

  it('accepts an absolute path', () => {
    const file = path.join(workspace, write('abs.json', JSON.stringify(DEFINITION)))
    setInputs({ 'task-definition': file })
    expect(getInputs().taskDefinition).toEqual({ kind: 'file', path: file, definition: DEFINITION })
  })

  it('treats an existing file without .json or / as a file, and a directory as a family', () => {
    write('taskdef', JSON.stringify(DEFINITION))
    mkdirSync(path.join(workspace, 'migrations'), { recursive: true })
    setInputs({ 'task-definition': 'taskdef' })
    expect(getInputs().taskDefinition?.kind).toBe('file')
    setInputs({ 'task-definition': 'migrations' })
    expect(getInputs().taskDefinition).toEqual({ kind: 'reference', reference: 'migrations' })
  })

  it('unwraps `aws ecs describe-task-definition` output and drops its read-only fields', () => {
    const described = {
      taskDefinition: {
        ...DEFINITION,
        taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/migrate:3',
        revision: 3,
        status: 'ACTIVE',
        requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
        compatibilities: ['EC2', 'FARGATE'],
        registeredAt: '2024-01-01T00:00:00.000Z',
        registeredBy: 'arn:aws:iam::123456789012:user/me',
        deregisteredAt: '2024-02-01T00:00:00.000Z'
      },
      tags: [{ key: 'team', value: 'data' }]
    }
    setInputs({ 'task-definition': write('described.json', JSON.stringify(described)) })
    expect(getInputs().taskDefinition).toEqual({
      kind: 'file',
      path: 'described.json',
      definition: { ...DEFINITION, tags: [{ key: 'team', value: 'data' }] }
    })
  })

  it('drops read-only fields of an unwrapped definition too, and ignores an empty tags list', () => {
    const plain = { ...DEFINITION, revision: 3, status: 'ACTIVE', compatibilities: ['EC2'] }
    setInputs({ 'task-definition': write('plain.json', JSON.stringify(plain)) })
    expect(getInputs().taskDefinition).toEqual({
      kind: 'file',
      path: 'plain.json',
      definition: DEFINITION
    })
    const wrapped = { taskDefinition: DEFINITION, tags: [] }
    setInputs({ 'task-definition': write('wrapped.json', JSON.stringify(wrapped)) })
    expect(getInputs().taskDefinition).toEqual({
      kind: 'file',
      path: 'wrapped.json',
      definition: DEFINITION
    })
  })

  it('quotes the JSON parser and the position of a syntax error, not the text', () => {
    const given = write(
      'bad.json',
      '{\n  "family": "migrate",\n  "containerDefinitions": [\n    {"name": "app" "image": "x"}\n  ]\n}'
    )
    expect(errorOf({ 'task-definition': given })).toBe(
      `Input "task-definition": file "bad.json" is not valid JSON: Expected ',' or '}' after property value at line 4, column 20 (position 72).`
    )
  })

  it('names a missing file and where it looked', () => {
    expect(errorOf({ 'task-definition': 'nope/td.json' })).toBe(
      `Input "task-definition": file "nope/td.json" does not exist (looked for ${path.join(workspace, 'nope/td.json')}; relative paths start at GITHUB_WORKSPACE).`
    )
  })

  it('requires a family and a non-empty containerDefinitions array of named containers', () => {
    const given = write(
      'shape.json',
      JSON.stringify({ family: 'bad family', containerDefinitions: [] })
    )
    expect(errorOf({ 'task-definition': given })).toBe(
      'Input "task-definition": file "shape.json": "family" must be up to 255 letters, numbers, hyphens and underscores.\n' +
        'Input "task-definition": file "shape.json": "containerDefinitions" must be a non-empty array.'
    )
    const unnamed = write(
      'unnamed.json',
      JSON.stringify({ family: 'f', containerDefinitions: [{ image: 'x' }] })
    )
    expect(errorOf({ 'task-definition': unnamed })).toBe(
      'Input "task-definition": file "unnamed.json": containerDefinitions[0] must be an object with a "name".'
    )
    const array = write('array.json', '[]')
    expect(errorOf({ 'task-definition': array })).toBe(
      'Input "task-definition": file "array.json" must hold a JSON object (a task definition).'
    )
  })

  it('checks container, log-containers and containerOverrides names against the file', () => {
    const given = write('names.json', JSON.stringify(DEFINITION))
    expect(
      errorOf({
        'task-definition': given,
        container: 'web',
        'log-containers': 'app,worker',
        overrides: '{"containerOverrides":[{"name":"sidecar"},{"name":"db"}]}'
      })
    ).toBe(
      [
        'Input "container" must be a container of the task definition in "names.json": "app" or "sidecar", got "web".',
        'Input "log-containers" must be a container of the task definition in "names.json": "app" or "sidecar", got "worker".',
        'Input "overrides": overrides.containerOverrides[1].name must be a container of the task definition in "names.json": "app" or "sidecar", got "db".'
      ].join('\n')
    )
    setInputs({ container: 'sidecar', 'log-containers': 'app', overrides: '' })
    expect(getInputs().container).toBe('sidecar')
  })
})
