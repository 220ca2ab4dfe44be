import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { Outputs } from '../../src/kit/outputs.js'
import { DECLARATIONS } from '../../src/inputs/declarations.js'
import { getInputs } from '../../src/inputs/get-inputs.js'
import { stubInputs } from '../support/step-env.js'

// action.yml is what the runner reads; the parser's declarations must say the same.

interface Entry {
  description: string
  default?: string
  required?: boolean
}
const action = parse(
  readFileSync(join(resolve(import.meta.dirname, '../..'), 'action.yml'), 'utf8')
) as {
  inputs: Record<string, Entry>
  outputs: Record<string, Entry>
}
const isExpression = (text: string | undefined): boolean => text?.includes('${{') ?? false
const RUN_ENV = { AWS_REGION: 'eu-west-1', GITHUB_RUN_ID: '7', GITHUB_REPOSITORY: 'acme/app' }

describe('action.yml and the input declarations', () => {
  it('declare the same inputs, in the same order', () => {
    expect(Object.keys(DECLARATIONS)).toEqual(Object.keys(action.inputs))
  })

  it('declare the same defaults (an expression is evaluated by the runner, never by the parser)', () => {
    for (const [name, entry] of Object.entries(action.inputs)) {
      const declared = DECLARATIONS[name]?.default
      expect(declared, name).toBe(isExpression(entry.default) ? undefined : entry.default)
    }
  })

  it("give the same inputs whether the runner passes action.yml's defaults or nothing", () => {
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, entry]) => entry.default !== undefined && !isExpression(entry.default))
        .map(([name, entry]) => [name, entry.default ?? ''])
    )
    stubInputs({ 'task-definition': 'migrate', ...defaults })
    const passed = getInputs({ ...process.env, ...RUN_ENV })
    stubInputs({ 'task-definition': 'migrate' })
    expect(getInputs({ ...process.env, ...RUN_ENV })).toEqual(passed)
  })

  it('require no input the parser can do without (task-definition or service, checked by the parser)', () => {
    expect(Object.entries(action.inputs).filter(([, e]) => e.required === true)).toEqual([])
  })

  it('declare every output the action writes', () => {
    expect(Object.values(Outputs).sort()).toEqual(Object.keys(action.outputs).sort())
  })
})
