/** Output names of action.yml: workflows and acceptance tests read them, so they never change. */
export const Outputs = {
  taskArn: 'task-arn',
  taskArns: 'task-arns',
  taskId: 'task-id',
  taskDefinitionArn: 'task-definition-arn',
  exitCode: 'exit-code',
  stoppedReason: 'stopped-reason',
  logUrl: 'log-url',
  attempts: 'attempts',
  taskOutputs: 'task-outputs',
  results: 'results'
} as const

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

export const USER_AGENT = 'ecs-run-task/0.1.0'
