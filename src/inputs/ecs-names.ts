/** What ECS accepts as names and ARNs, and limits the inputs enforce. */

/** Names ECS accepts for families, clusters, services, containers and capacity providers. */
export const NAME = /^[A-Za-z0-9_-]{1,255}$/
export const NAME_RULE = 'up to 255 letters, numbers, hyphens and underscores'
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Fields of describe-task-definition output that register-task-definition rejects. */
export const READ_ONLY_TASK_DEFINITION_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
]

const ARN_PREFIX = 'arn:aws[-a-z]*:ecs:[a-z0-9-]+:\\d{12}:'
export const TASK_DEFINITION_ARN = new RegExp(
  `^${ARN_PREFIX}task-definition/[A-Za-z0-9_-]{1,255}(:[1-9]\\d*)?$`
)
export const CLUSTER_ARN = new RegExp(`^${ARN_PREFIX}cluster/[A-Za-z0-9_-]{1,255}$`)
export const SERVICE_ARN = new RegExp(
  `^${ARN_PREFIX}service/([A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9_-]{1,255}$`
)
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
/** Longest wait-timeout and start-timeout, in minutes: 7 days, beyond any GitHub job's limit. */
export const MAX_MINUTES = 7 * 24 * 60
