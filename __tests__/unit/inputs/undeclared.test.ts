import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DECLARATIONS } from '../../../src/inputs/declarations.js'
import { Problems } from '../../../src/inputs/problems.js'
import {
  checkUndeclaredInputs,
  closestName,
  inputVariable
} from '../../../src/inputs/undeclared.js'
import { inputErrorOf, resetEnv, setInputs } from '../../support/step-env.js'
import { getInputs } from '../../../src/inputs/get-inputs.js'

const NAMES = Object.keys(DECLARATIONS)

function problemsOf(env: Record<string, string>): string[] {
  const p = new Problems()
  checkUndeclaredInputs(env, p)
  return p.lines
}

describe('closestName', () => {
  it.each([
    ['security-group', 'security-groups'],
    ['subnet', 'subnets'],
    ['taskdefinition', 'task-definition'],
    ['task_definition', 'task-definition'],
    ['contianer', 'container'],
    ['wait-timout', 'wait-timeout'],
    ['launchtype', 'launch-type'],
    ['region', 'aws-region'],
    ['public-ip', 'assign-public-ip'],
    ['dryrun', 'dry-run']
  ])('%s -> %s', (given, expected) => {
    expect(closestName(given, NAMES)).toBe(expected)
  })

  it.each(['foo', 'memory', 'timeout', 'x'])('%s: nothing close', (given) => {
    expect(closestName(given, NAMES)).toBeUndefined()
  })
})

describe('checkUndeclaredInputs', () => {
  it('every input action.yml declares, hidden ones with defaults included, passes', () => {
    const yml = parse(
      readFileSync(resolve(import.meta.dirname, '../../../action.yml'), 'utf8')
    ) as {
      inputs: Record<string, unknown>
    }
    const env = Object.fromEntries(Object.keys(yml.inputs).map((n) => [inputVariable(n), '']))
    expect(env['INPUT_JOB-INDEX']).toBe('')
    expect(problemsOf(env)).toEqual([])
  })

  it('names a misspelt input and the closest declared one', () => {
    expect(problemsOf({ 'INPUT_SECURITY-GROUP': 'sg-0abc', PATH: '/bin' })).toEqual([
      'Input "security-group" is not an input of this action (the runner passed it as ' +
        'INPUT_SECURITY-GROUP): did you mean "security-groups"? Rename it in the step\'s "with:".'
    ])
  })

  it('without a close name, says to remove it; never quotes the value', () => {
    const lines = problemsOf({ INPUT_FOO: 'hunter2' })
    expect(lines).toEqual([
      'Input "foo" is not an input of this action (the runner passed it as INPUT_FOO): ' +
        'remove it from the step\'s "with:" (the README lists the inputs).'
    ])
    expect(lines.join('')).not.toContain('hunter2')
  })

  it('an input with a space reaches the action with "_" and is matched that way', () => {
    expect(problemsOf({ INPUT_TASK_DEFINITION: 'x' })[0]).toContain(
      'did you mean "task-definition"?'
    )
  })
})

describe('getInputs', () => {
  beforeEach(() => resetEnv({ AWS_REGION: 'us-east-1' }))

  it('fails on an undeclared input, with the other problems', () => {
    const error = inputErrorOf({
      'task-definition': 'migrate',
      'security-group': 'sg-1',
      count: '0'
    })
    expect(error.problems).toHaveLength(2)
    expect(error.problems[0]).toMatch(/^Input "security-group" is not an input of this action/)
    expect(error.problems[1]).toMatch(/^Input "count"/)
  })

  it('accepts the declared inputs', () => {
    setInputs({ 'task-definition': 'migrate', 'job-index': '0', 'security-groups': '' })
    expect(getInputs().cluster).toBe('default')
  })
})
