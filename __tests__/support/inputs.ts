import { vi } from 'vitest'
import { getInputs, type Inputs } from '../../src/inputs/inputs.js'

/** Inputs as the parser makes them from a minimal `with:` (every default), then `extra`. */
export function parsedInputs(extra: Partial<Inputs> = {}): Inputs {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) vi.stubEnv(key, undefined)
  }
  vi.stubEnv('INPUT_TASK-DEFINITION', 'app')
  vi.stubEnv('INPUT_CLUSTER', 'prod')
  vi.stubEnv('INPUT_CLIENT-TOKEN', 't')
  vi.stubEnv('INPUT_STARTED-BY', 'x')
  return { ...getInputs({ AWS_REGION: 'us-east-1' }), ...extra }
}
