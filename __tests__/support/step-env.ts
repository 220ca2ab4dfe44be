import { vi } from 'vitest'

/** The run the step belongs to; GITHUB_STEP_SUMMARY/OUTPUT/STATE unset so core's mocks see all. */
const RUN_ENV: Record<string, string | undefined> = {
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

/** The step's `with:`; every other input is unset, as when the runner applies no default. */
export function withInputs(values: Record<string, string>): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) vi.stubEnv(key, undefined)
  }
  const all = { 'task-definition': 'db-migrate', cluster: 'prod', 'job-index': '0', ...values }
  for (const [name, value] of Object.entries(all)) vi.stubEnv(`INPUT_${name.toUpperCase()}`, value)
}
