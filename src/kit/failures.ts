import { describeCredentialsProblem, errorMessage } from '../aws/errors.js'
import { InputError } from '../inputs/problems.js'

/** Annotation titles by the stage the step failed at: a reader knows at once where to look. */
export const Title = {
  input: 'Invalid input',
  notStarted: 'Task not started',
  failed: 'ECS task failed',
  timedOut: 'Timed out',
  cancelled: 'Cancelled'
} as const
export type Title = (typeof Title)[keyof typeof Title]

/** The workflow was cancelled: the step fails, titled as a cancellation rather than a failure. */
export class Cancelled extends Error {
  override name = 'Cancelled'
}

/** No task was started: credentials, permissions, cluster, task definition or placement. */
export class NotStarted extends Error {
  override name = 'NotStarted'
}

/** A failure already reported as annotations: only the exit status is left to set. */
export class ReportedFailure extends Error {
  override name = 'ReportedFailure'
}

/** The title of an error that reached the step's top level unreported. */
export function titleOf(error: unknown): Title {
  if (error instanceof InputError) return Title.input
  if (error instanceof Cancelled) return Title.cancelled
  if (error instanceof NotStarted) return Title.notStarted
  return Title.failed
}

/**
 * Runs a stage that comes before any task exists; its failures become NotStarted (input
 * errors and cancellations keep their own kind), with missing credentials said plainly.
 */
export async function beforeStart<T>(region: string, stage: () => Promise<T>): Promise<T> {
  try {
    return await stage()
  } catch (error) {
    if (error instanceof InputError || error instanceof Cancelled) throw error
    const message = describeCredentialsProblem(error, region) ?? errorMessage(error)
    throw new NotStarted(message, { cause: error })
  }
}
