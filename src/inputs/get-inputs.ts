import { DECLARATIONS } from './declarations.js'
import { checkEndpointVariables } from './endpoints.js'
import type { Inputs } from './inputs.js'
import { InputError, Problems } from './problems.js'
import { checkInputRules } from './rules.js'
import { checkUndeclaredInputs, inputVariable } from './undeclared.js'

/** An input's text as the runner passes it (`INPUT_<NAME>`, trimmed), or its default. */
function inputText(name: string, env: NodeJS.ProcessEnv): string {
  const declaration = DECLARATIONS[name]
  const given = env[inputVariable(name)]
  const text = given?.trim() ?? ''
  if (given === undefined || (text === '' && !declaration?.emptyIsValue)) {
    return declaration?.default ?? declaration?.codeDefault ?? ''
  }
  return text
}

/**
 * Reads and validates every input before any AWS call, all from `env` (the process's
 * environment unless a test gives its own): the inputs from `INPUT_<NAME>`, as core.getInput,
 * and the run's other variables (GITHUB_* for the derived client token and startedBy,
 * GITHUB_WORKSPACE for task-definition files, AWS_REGION / AWS_DEFAULT_REGION). An `INPUT_*`
 * variable that names no declared input is a problem too. Throws one InputError listing every
 * problem.
 */
export function getInputs(env: NodeJS.ProcessEnv = process.env): Inputs {
  const p = new Problems()
  checkUndeclaredInputs(env, p)
  const raw = (name: string): string => inputText(name, env)
  const values: Record<string, unknown> = {}
  const given = new Set<string>()
  for (const [name, declaration] of Object.entries(DECLARATIONS)) {
    if (declaration.codeDefault !== undefined && env[inputVariable(name)]?.trim()) {
      given.add(name)
    }
    const ctx = { input: name, p, env, raw }
    const value = declaration.parse(raw(name), ctx)
    if (declaration.field !== undefined && value !== undefined) values[declaration.field] = value
  }
  const inputs = { ...values, given } as unknown as Inputs
  checkInputRules(inputs, p)
  checkEndpointVariables(env, p)
  if (p.lines.length > 0) throw new InputError(p.lines)
  return inputs
}
