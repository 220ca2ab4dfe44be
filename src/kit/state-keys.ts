/** Keys the main step saves for the post step (read back as STATE_<key>). */
export const State = {
  /** JSON array of the task ARNs the main step started. */
  taskArns: 'task-arns',
  cluster: 'cluster',
  region: 'region',
  /** 'true' once the main step no longer needs the post step to stop anything. */
  settled: 'settled',
  stopOnCancel: 'stop-on-cancel',
  /** Reason StopTask should carry, naming the workflow run. */
  stopReason: 'stop-reason'
} as const
