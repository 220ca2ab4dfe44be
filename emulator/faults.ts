// Fault injection: rules that make chosen calls fail the way AWS (or the network, or a proxy in
// between) does, so tests can prove the action's retries, idempotency, timeouts and error messages.
// Rules hit by count (times/skip/every) or by time window (forMs); chaos() adds seeded random faults.

import type { BuiltinFault, ChaosOptions, FaultRule, Service } from './types.js'
import { ApiError } from './types.js'

/** What the server must do with one call. */
export type FaultAction =
  | { kind: 'error'; name: string; error: ApiError }
  | {
      kind:
        'drop-response' | 'reset-before' | 'reset-before-read' | 'empty-page' | 'html-502' | 'hang'
      name: string
    }

interface ArmedRule {
  rule: FaultRule
  /** Date.now() when the rule was added (the start of a forMs window, plus afterMs). */
  addedAt: number
  seen: number
  hits: number
}

/** The chaos() defaults: transient faults a client must survive ('hang' at most once per run). */
export const CHAOS_FAULTS: readonly BuiltinFault[] = [
  'throttle',
  'server-error',
  'reset-before-read',
  'drop-response',
  'html-502',
  'hang'
]

interface ChaosState {
  ops: Set<string> | undefined
  faults: BuiltinFault[]
  rate: number
  maxConsecutive: number
  random: () => number
  /** Faults in a row per operation. */
  streak: Map<string, number>
  hangUsed: boolean
}

export class Faults {
  private rules: ArmedRule[] = []
  private chaosState: ChaosState | undefined

  add(rule: FaultRule, now = Date.now()): void {
    this.rules.push({ rule, addedAt: now, seen: 0, hits: 0 })
  }

  /** Start (or, with undefined, stop) seeded random faults. */
  chaos(options: ChaosOptions | undefined): void {
    if (!options) {
      this.chaosState = undefined
      return
    }
    if (!(options.rate >= 0 && options.rate <= 1)) {
      throw new Error(`chaos: rate must be between 0 and 1, got ${options.rate}`)
    }
    const maxConsecutive = options.maxConsecutive ?? 3
    if (!Number.isInteger(maxConsecutive) || maxConsecutive < 0) {
      throw new Error(`chaos: maxConsecutive must be a whole number, got ${maxConsecutive}`)
    }
    this.chaosState = {
      ops: options.ops ? new Set(options.ops) : undefined,
      faults: [...(options.faults ?? CHAOS_FAULTS)],
      rate: options.rate,
      maxConsecutive,
      random: mulberry32(options.seed),
      streak: new Map(),
      hangUsed: false
    }
  }

  clear(): void {
    this.rules = []
    this.chaosState = undefined
  }

  /**
   * Rules are tried in the order they were added; each counts the matching calls it sees, and the
   * first one that hits decides (later rules do not see that call). Chaos, when on, decides the
   * calls no rule hit.
   */
  decide(service: Service, op: string, now = Date.now()): FaultAction | undefined {
    for (const armed of this.rules) {
      const { rule } = armed
      if (rule.op !== '*' && rule.op !== op) continue
      // An empty page only makes sense for GetLogEvents; elsewhere the rule does not match.
      if (rule.fault === 'empty-page' && op !== 'GetLogEvents') continue
      const windowed = rule.forMs !== undefined
      if (windowed) {
        const start = armed.addedAt + (rule.afterMs ?? 0)
        if (now < start || now >= start + rule.forMs!) continue
      }
      armed.seen++
      const skip = rule.skip ?? 0
      const times = rule.times ?? (rule.every || windowed ? Infinity : 1)
      if (armed.seen <= skip || armed.hits >= times) continue
      if (rule.every && (armed.seen - skip) % rule.every !== 0) continue
      armed.hits++
      return toAction(service, rule.fault)
    }
    return this.chaosDecide(service, op)
  }

  private chaosDecide(service: Service, op: string): FaultAction | undefined {
    const c = this.chaosState
    if (!c || (c.ops && !c.ops.has(op))) return undefined
    // Always two draws per matching call, whatever the outcome: the sequence of decisions depends
    // only on the seed and the sequence of calls.
    const roll = c.random()
    const pick = c.random()
    const candidates = c.faults.filter(
      (f) => (f !== 'empty-page' || op === 'GetLogEvents') && (f !== 'hang' || !c.hangUsed)
    )
    const streak = c.streak.get(op) ?? 0
    if (roll >= c.rate || streak >= c.maxConsecutive || candidates.length === 0) {
      c.streak.set(op, 0)
      return undefined
    }
    const fault = candidates[Math.floor(pick * candidates.length)]!
    if (fault === 'hang') c.hangUsed = true
    c.streak.set(op, streak + 1)
    return toAction(service, fault)
  }
}

/** A tiny seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
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
    case 'reset-before-read':
    case 'empty-page':
    case 'html-502':
    case 'hang':
      return { kind: fault, name: fault }
    default:
      return {
        kind: 'error',
        name: fault.type,
        error: new ApiError(fault.type, fault.message, fault.status ?? 400, fault.extra ?? {})
      }
  }
}
