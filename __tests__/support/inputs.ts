import { getInputs } from '../../src/inputs/get-inputs.js'
import { type Inputs } from '../../src/inputs/inputs.js'
import { stubInputs } from './step-env.js'

/** Inputs as the parser makes them from a minimal `with:` (every default), then `extra`. */
export function parsedInputs(extra: Partial<Inputs> = {}): Inputs {
  stubInputs({
    'task-definition': 'app',
    cluster: 'prod',
    'client-token': 't',
    'started-by': 'x'
  })
  return { ...getInputs({ ...process.env, AWS_REGION: 'us-east-1' }), ...extra }
}
