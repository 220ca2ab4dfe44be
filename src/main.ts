import * as core from '@actions/core'
import { createEcsClient } from './aws/clients.js'
import { systemClock } from './kit/clock.js'
import { errorMessage } from './aws/errors.js'
import { Cancelled, NotStarted, ReportedFailure, Title } from './kit/failures.js'
import { InputError } from './inputs/problems.js'
import { StepSummary } from './report/summary.js'
import { runTask, type Dependencies } from './run/index.js'

const defaults: Dependencies = { clock: systemClock, ecsClient: createEcsClient }

/**
 * The main step. The runner cancels a step with SIGINT (then SIGTERM RUNNER_GRACE_MS later,
 * then a kill): both signals abort the run, which then stops its tasks. One top-level catch turns
 * every error into an annotation titled by the stage it failed at, and a failed step.
 */
export async function run(deps: Dependencies = defaults): Promise<void> {
  const cancel = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (cancel.signal.aborted) return
    core.info(`Received ${signal}: the workflow was cancelled.`)
    cancel.abort(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const summary = new StepSummary()
  try {
    await runTask(deps, cancel.signal, summary)
  } catch (error) {
    process.exitCode = core.ExitCode.Failure
    if (!(error instanceof ReportedFailure)) {
      const title = titleOf(error)
      core.error(errorMessage(error), { title })
      await summary.failed(title, errorMessage(error)).catch(() => undefined)
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** The title of an error that reached the step's top level unreported. */
export function titleOf(error: unknown): Title {
  if (error instanceof InputError) return Title.input
  if (error instanceof Cancelled) return Title.cancelled
  if (error instanceof NotStarted) return Title.notStarted
  return Title.failed
}
