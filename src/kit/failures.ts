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
