// Fault injection: rules that make chosen calls fail the way AWS (or the network) does, so tests can
// prove the action's retries, idempotency and error messages.

import type { FaultRule, Service } from './types.js'
import { ApiError } from './types.js'

/** What the server must do with one call. */
export type FaultAction =
  | { kind: 'error'; name: string; error: ApiError }
  | { kind: 'drop-response'; name: string }
  | { kind: 'reset-before'; name: string }
  | { kind: 'empty-page'; name: string }

interface ArmedRule {
  rule: FaultRule
  seen: number
  hits: number
}

export class Faults {
  private rules: ArmedRule[] = []

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0, hits: 0 })
  }

  clear(): void {
    this.rules = []
  }

  /**
   * Rules are tried in the order they were added; each counts the matching calls it sees, and the
   * first one that hits decides (later rules do not see that call).
   */
  decide(service: Service, op: string): FaultAction | undefined {
    for (const armed of this.rules) {
      const { rule } = armed
      if (rule.op !== '*' && rule.op !== op) continue
      // An empty page only makes sense for GetLogEvents; elsewhere the rule does not match.
      if (rule.fault === 'empty-page' && op !== 'GetLogEvents') continue
      armed.seen++
      const skip = rule.skip ?? 0
      const times = rule.times ?? (rule.every ? Infinity : 1)
      if (armed.seen <= skip || armed.hits >= times) continue
      if (rule.every && (armed.seen - skip) % rule.every !== 0) continue
      armed.hits++
      return toAction(service, rule.fault)
    }
    return undefined
  }
}

function toAction(service: Service, fault: FaultRule['fault']): FaultAction {
  switch (fault) {
    case 'throttle':
      return {
        kind: 'error',
        name: fault,
        error: new ApiError('ThrottlingException', 'Rate exceeded')
      }
    case 'server-error':
      return service === 'ecs'
        ? {
            kind: 'error',
            name: fault,
            error: new ApiError('ServerException', 'Service unavailable.', 500)
          }
        : {
            kind: 'error',
            name: fault,
            error: new ApiError(
              'ServiceUnavailableException',
              'The service cannot complete the request.',
              500
            )
          }
    case 'drop-response':
    case 'reset-before':
    case 'empty-page':
      return { kind: fault, name: fault }
    default:
      return {
        kind: 'error',
        name: fault.type,
        error: new ApiError(fault.type, fault.message, fault.status ?? 400, fault.extra ?? {})
      }
  }
}
