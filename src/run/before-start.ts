import { credentialsSetting, explainCredentialsProblem, errorMessage } from '../aws/errors.js'
import { missingProfile } from '../aws/profile.js'
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
    const profile = await missingProfile()
    const setting = { ...credentialsSetting(), ...(profile ? { missingProfile: profile } : {}) }
    const message = explainCredentialsProblem(error, region, setting) ?? errorMessage(error)
    throw new NotStarted(message, { cause: error })
  }
}
