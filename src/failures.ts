/** The workflow was cancelled: the step fails, titled as a cancellation rather than a failure. */
export class Cancelled extends Error {
  override name = 'Cancelled'
}

/** A failure already reported as annotations: only the exit status is left to set. */
export class ReportedFailure extends Error {
  override name = 'ReportedFailure'
}
