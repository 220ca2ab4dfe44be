import type {
  ContainerDefinition,
  ContainerRestartPolicy,
  RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'

/** ECS's default `restartAttemptPeriod`, in seconds. */
const DEFAULT_PERIOD_S = 300

interface WithContainers {
  containerDefinitions?: ContainerDefinition[] | undefined
}

/**
 * The container's restart policy when it is enabled, else undefined. ECS restarts such a
 * container when it exits with a code not in `ignoredExitCodes` (none by default: 0 too) once it
 * ran `restartAttemptPeriod` seconds, and the task keeps running: for a one-off command, the
 * command runs again. RunTask's overrides cannot change it; only a task definition revision can.
 */
export function enabledRestartPolicy(
  definition: WithContainers,
  container: string
): ContainerRestartPolicy | undefined {
  const policy = definition.containerDefinitions?.find((c) => c.name === container)?.restartPolicy
  return policy?.enabled === true ? policy : undefined
}

/**
 * The registration with the container's restart policy turned off (`{ enabled: false }`), or
 * undefined when it has none enabled. Pure: the caller says so in the log.
 */
export function withRestartPolicyOff(
  registration: RegisterTaskDefinitionCommandInput,
  container: string
): RegisterTaskDefinitionCommandInput | undefined {
  if (!enabledRestartPolicy(registration, container)) return undefined
  return {
    ...registration,
    containerDefinitions: (registration.containerDefinitions ?? []).map((c) =>
      c.name === container ? { ...c, restartPolicy: { enabled: false } } : c
    )
  }
}

/** The log line when a revision the action registers has the policy turned off. */
export function restartPolicyTurnedOff(policy: ContainerRestartPolicy, container: string): string {
  return (
    `Container "${container}" has a restart policy (${policyText(policy)}): turned off in ` +
    'the revision the action registers, so that ECS does not run the command again when it exits.'
  )
}

/** The warning when the definition runs as it is: the risk, then the fixes. */
export function restartPolicyRisk(
  policy: ContainerRestartPolicy,
  container: string,
  definition: string
): string {
  return (
    `Container "${container}" of ${definition} has a restart policy (${policyText(policy)}): ` +
    `if it exits after running ${period(policy)} s, ECS starts it again in the same task, so ` +
    'the command runs again and the step waits until the task stops or "wait-timeout" passes. ' +
    `Register a revision with "restartPolicy": {"enabled": false} for "${container}" (RunTask ` +
    'cannot override it), or give "image" so that the action registers one with it off, or ' +
    'list every exit code the command ends with (0 included) in "ignoredExitCodes".'
  )
}

function period(policy: ContainerRestartPolicy): number {
  return policy.restartAttemptPeriod ?? DEFAULT_PERIOD_S
}

/** `restarts on any exit code after 300 s`, or `… on exit codes other than 0, 2 …`. */
function policyText(policy: ContainerRestartPolicy): string {
  const ignored = policy.ignoredExitCodes ?? []
  const codes = ignored.length
    ? `exit codes other than ${ignored.join(', ')}`
    : 'any exit code, 0 included'
  return `restarts on ${codes}, after ${period(policy)} s`
}
