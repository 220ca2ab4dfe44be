import type { Container, Task } from '@aws-sdk/client-ecs'
import type { RetryCause } from '../inputs/parsers.js'

export interface AttemptDecision {
  /** Set when the task may be started again, for this cause. */
  cause?: RetryCause
  /** Why, or why not: a short phrase for the log, e.g. 'the image or tag does not exist (permanent)'. */
  why: string
}

type Kind = 'transient' | 'permanent'

interface Rule {
  pattern: RegExp
  kind: Kind
  label: string
}

/**
 * Stopped reasons of tasks that never started, matched case-insensitively. Any permanent match
 * wins over a transient one; within a kind the first match names the cause. Texts and sources:
 * __tests__/unit/ecs/start-failure.test.ts.
 */
const RULES: readonly Rule[] = [
  // Permanent: another start fails the same way until someone changes the image, IAM or definition.
  {
    kind: 'permanent',
    label: 'the image has no variant for the task platform',
    pattern:
      /descriptor (?:matching|for) platform|no match(?:ing manifest)? for (?:current )?(?:platform|linux|windows)|exec format error/i
  },
  {
    kind: 'permanent',
    label: 'the image or tag does not exist',
    pattern:
      /CannotPullContainerError.*(?:\bnot found\b|does not exist)|manifest unknown|name unknown/i
  },
  {
    // ECS says this both for a missing image and for a role without pull permission.
    kind: 'permanent',
    label: 'the image is missing or the role may not pull it',
    pattern: /Check that the role has the permissions to pull images/i
  },
  {
    kind: 'permanent',
    label: 'access was denied',
    pattern: /AccessDenied|access denied|not authorized to perform|\bForbidden\b/i
  },
  {
    kind: 'permanent',
    label: 'the registry rejected the credentials',
    pattern: /no basic auth credentials|\bunauthorized\b|\bdenied:|insufficient_scope/i
  },
  {
    kind: 'permanent',
    label: 'the log group does not exist',
    pattern: /log group does not exist/i
  },
  {
    kind: 'permanent',
    label: 'a secret or parameter does not exist',
    pattern:
      /ResourceNotFoundException|ParameterNotFound|invalid ssm parameters|can't find the specified secret/i
  },
  {
    kind: 'permanent',
    label: 'a secret reference is invalid',
    pattern: /InvalidParameter|validation error/i
  },
  {
    kind: 'permanent',
    label: 'the container command cannot be executed',
    pattern:
      /executable file not found|container process caused: exec:|unable to start container process: exec:/i
  },
  {
    kind: 'permanent',
    label: 'the image reference is invalid',
    pattern: /invalid reference format/i
  },
  {
    // A full devmapper thin pool is the host's disk, not the definition: that one is transient.
    kind: 'permanent',
    label: 'the container configuration is invalid',
    pattern: /CannotCreateContainerError(?!.*(?:devmapper|no space left))/i
  },

  // Transient: the platform, registry or network was unavailable for this attempt.
  {
    kind: 'transient',
    label: 'the registry rate limit was hit',
    pattern: /toomanyrequests|too many requests|pull rate limit|rate exceeded|throttl/i
  },
  {
    kind: 'transient',
    label: 'no capacity was available',
    pattern:
      /capacity is unavailable|insufficient capacity|InsufficientInstanceCapacity|\bRESOURCE:(?:CPU|MEMORY|PORTS|GPU|ENI)/i
  },
  {
    kind: 'transient',
    label: 'the network interface was not ready in time',
    pattern:
      /network interface provisioning|ENI attachment|invoke eni plugin|elastic network interface/i
  },
  {
    kind: 'transient',
    label: 'the container runtime timed out',
    pattern:
      /DockerTimeoutError|ContainerRuntimeTimeoutError|could not transition to \w+; timed out/i
  },
  {
    kind: 'transient',
    label: 'the container instance ran out of disk',
    pattern: /no space left on device|Thin Pool has \d+ free data blocks/i
  },
  {
    kind: 'transient',
    label: 'a network connection failed',
    pattern:
      /i\/o timeout|dial tcp|no such host|connection (?:refused|reset|issue)|could not reach|request canceled while waiting for connection|send request failed|RequestError|check your (?:task )?network configuration/i
  },
  {
    kind: 'transient',
    label: 'an operation timed out',
    pattern: /timed out|timeout|deadline exceeded|context canceled|request canceled/i
  },
  {
    // Only as the task's own prefix: wrapped in CannotStartContainerError it can be anything.
    kind: 'transient',
    label: 'the task resources could not be initialized',
    pattern: /^ResourceInitializationError/im
  }
]

function matchRule(reason: string): Rule | undefined {
  const matching = (kind: Kind) => RULES.find((r) => r.kind === kind && r.pattern.test(reason))
  return matching('permanent') ?? matching('transient')
}

/** Classifies a stopped reason text: 'transient' | 'permanent' | 'unknown' (exported for tests). */
export function classifyStartFailure(reason: string): 'transient' | 'permanent' | 'unknown' {
  return matchRule(reason)?.kind ?? 'unknown'
}

/** The evidence that user code may have run: then starting the task again is not side-effect free. */
function ranContainer(task: Task): string | undefined {
  if (task.startedAt !== undefined) return 'the task reached RUNNING'
  const ran = (task.containers ?? []).find(hasRun)
  if (!ran) return undefined
  const name = ran.name ?? 'a container'
  return typeof ran.exitCode === 'number'
    ? `container ${name} ran (exit code ${ran.exitCode})`
    : `container ${name} was running`
}

function hasRun(container: Container): boolean {
  return typeof container.exitCode === 'number' || container.lastStatus === 'RUNNING'
}

/** The task's stopped reason and each container's, one per line so no pattern spans two. */
function reasonText(task: Task): string {
  const reasons = [task.stoppedReason, ...(task.containers ?? []).map((c) => c.reason)]
  return reasons.filter((r): r is string => typeof r === 'string' && r !== '').join('\n')
}

/** Whether `task` (STOPPED) may be started again for one of `retryOn`. */
export function attemptDecision(task: Task, retryOn: readonly RetryCause[]): AttemptDecision {
  if (task.lastStatus !== undefined && task.lastStatus !== 'STOPPED') {
    return { why: `the task is ${task.lastStatus}, not STOPPED` }
  }
  if (task.stopCode === 'SpotInterruption') {
    return retryOn.includes('spot-interruption')
      ? { cause: 'spot-interruption', why: 'the Spot capacity was reclaimed' }
      : { why: 'Spot interruption, and retry-on does not include spot-interruption' }
  }
  if (task.stopCode !== 'TaskFailedToStart') {
    return {
      why: `stopped with ${task.stopCode ?? 'no stop code'}: neither a start failure nor a Spot interruption`
    }
  }
  if (!retryOn.includes('start-failure')) {
    return { why: 'failed to start, and retry-on does not include start-failure' }
  }
  const ran = ranContainer(task)
  if (ran) return { why: `failed to start, but ${ran}, so code may have run` }

  const rule = matchRule(reasonText(task))
  if (rule?.kind === 'permanent') return { why: `${rule.label} (permanent)` }
  if (rule) return { cause: 'start-failure', why: `${rule.label} (transient)` }
  // Unknown: retry. Nothing ran, so it is harmless; ECS rewords often; max-attempts caps it.
  return {
    cause: 'start-failure',
    why: 'failed to start for an unrecognized reason; no container ran'
  }
}
