import { explainCredentialsProblem, errorMessage } from '../aws/errors.js'
import { Cancelled, NotStarted } from '../kit/failures.js'
import { InputError } from '../inputs/problems.js'

/**
 * Runs a stage that comes before any task exists; its failures become NotStarted (input
 * errors and cancellations keep their own kind), with missing credentials said plainly.
 */
export async function beforeStart<T>(region: string, stage: () => Promise<T>): Promise<T> {
  try {
    return await stage()
  } catch (error) {
    if (error instanceof InputError || error instanceof Cancelled) throw error
    const message = explainCredentialsProblem(error, region) ?? errorMessage(error)
    throw new NotStarted(message, { cause: error })
  }
}
