/** Keys the main step saves for the post step (read back as STATE_<key>). */
export const State = {
  /**
   * Task ids (not ARNs: 1,000 shards and their attempts must fit) the main step started, comma
   * separated, in keys `task-ids-0`, `task-ids-1`… of at most TASK_IDS_PER_KEY each, so that each
   * start rewrites one short key rather than the whole list.
   */
  taskIds: 'task-ids',
  cluster: 'cluster',
  region: 'region',
  /** 'true' once the main step no longer needs the post step to stop anything. */
  settled: 'settled',
  stopOnCancel: 'stop-on-cancel',
  /** Reason StopTask should carry, naming the workflow run. */
  stopReason: 'stop-reason'
} as const
