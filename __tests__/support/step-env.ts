import { vi } from 'vitest'
import { getInputs } from '../../src/inputs/get-inputs.js'
import { InputError } from '../../src/inputs/problems.js'

/** The run the step belongs to; GITHUB_STEP_SUMMARY/OUTPUT/STATE unset so core's mocks see all. */
const RUN_ENV: Record<string, string | undefined> = {
  // On a runner, as the runner sets it; a developer's AWS_PROFILE would be looked up otherwise.
  GITHUB_ACTIONS: 'true',
  AWS_PROFILE: undefined,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: undefined,
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_JOB: 'migrate',
  GITHUB_ACTION: '__run_2',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKSPACE: undefined,
  GITHUB_STEP_SUMMARY: undefined,
  GITHUB_OUTPUT: undefined,
  GITHUB_STATE: undefined
}

export function stubRunEnv(): void {
  for (const [name, value] of Object.entries(RUN_ENV)) vi.stubEnv(name, value)
}

/** Sets inputs as the runner does: `INPUT_<NAME upper-cased>`, hyphens kept. */
export function setInputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    vi.stubEnv(`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value)
  }
}

/** Exactly these inputs: every other one is unset, as when the runner applies no default. */
export function stubInputs(values: Record<string, string>): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) vi.stubEnv(key, undefined)
  }
  setInputs(values)
}

/** The step's `with:` for a task definition in cluster prod, plus `values`. */
export function withInputs(values: Record<string, string>): void {
  stubInputs({ 'task-definition': 'db-migrate', cluster: 'prod', 'job-index': '0', ...values })
}

/** Clears every INPUT_*, GITHUB_* and AWS region variable of the host, then sets `vars`. */
export function resetEnv(vars: Record<string, string>): void {
  for (const key of Object.keys(process.env)) {
    if (/^(INPUT_|GITHUB_|AWS_REGION$|AWS_DEFAULT_REGION$)/.test(key)) vi.stubEnv(key, undefined)
  }
  for (const [key, value] of Object.entries(vars)) vi.stubEnv(key, value)
}

/** The InputError that getInputs throws once `values` are added to the inputs. */
export function inputErrorOf(values: Record<string, string>): InputError {
  setInputs(values)
  try {
    getInputs()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('getInputs did not throw')
}
