/** Console links and ARN pieces, so a user can jump from the step log to the task. */

export function taskId(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1)
}

/** The name in a cluster ARN (`arn:aws:ecs:…:cluster/production` → `production`), or the name. */
export function clusterName(cluster: string): string {
  return cluster.startsWith('arn:') ? cluster.slice(cluster.lastIndexOf('/') + 1) : cluster
}

export function taskConsoleUrl(region: string, cluster: string, taskArn: string): string {
  const name = encodeURIComponent(clusterName(cluster))
  return (
    `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${name}/tasks/` +
    `${taskId(taskArn)}/configuration?region=${region}`
  )
}

export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined
  const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`
}

/** The console page of a task definition revision, from its ARN (`…:task-definition/family:7`). */
export function taskDefinitionConsoleUrl(region: string, arn: string): string | undefined {
  const match = /:task-definition\/([^:/]+):(\d+)$/.exec(arn)
  if (!match) return undefined
  const [, family = '', revision = ''] = match
  return (
    `https://${region}.console.aws.amazon.com/ecs/v2/task-definitions/` +
    `${encodeURIComponent(family)}/${revision}/containers?region=${region}`
  )
}
