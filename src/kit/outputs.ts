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
  results: 'results',
  skipped: 'skipped'
} as const
