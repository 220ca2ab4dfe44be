// GetLogEvents calls as the emulator logged them, split into polls and catch-up reads. The
// emulator's forward tokens carry the stream position (`f/<20 digits>`), so the events a call
// returned are the next call's position minus its own; a call that follows a full page (10,000
// events or half of the 1 MB page, as src/logs/pacing.ts judges) is a catch-up read.

import type { CallRecord } from '../../emulator/server.js'
import { maxInWindow } from '../measure.js'

const FULL_EVENTS = 10_000
const FULL_BYTES = 512 * 1024

function position(call: CallRecord): number {
  const token: unknown = call.input?.nextToken
  if (typeof token !== 'string') return 0
  const m = /^[fb]\/(\d+)/.exec(token)
  return m ? Number(m[1]) : 0
}

export interface LogCallSplit {
  polls: number[]
  catchUp: number[]
  byStream: Map<string, number[]>
}

/** `eventBytes`: the CloudWatch size of one event of these streams (message + 26). */
export function splitLogCalls(calls: readonly CallRecord[], eventBytes: number): LogCallSplit {
  const byStream = new Map<string, CallRecord[]>()
  for (const call of calls) {
    if (call.op !== 'GetLogEvents') continue
    const name = String(call.input?.logStreamName)
    const list = byStream.get(name) ?? []
    list.push(call)
    byStream.set(name, list)
  }
  const polls: number[] = []
  const catchUp: number[] = []
  for (const list of byStream.values()) {
    list.sort((a, b) => a.at - b.at)
    for (const [k, call] of list.entries()) {
      const prev = list[k - 1]
      const returned = prev ? position(call) - position(prev) : 0
      const full = returned >= FULL_EVENTS || returned * eventBytes >= FULL_BYTES
      ;(full ? catchUp : polls).push(call.at)
    }
  }
  return {
    polls,
    catchUp,
    byStream: new Map([...byStream].map(([name, list]) => [name, list.map((c) => c.at)]))
  }
}

export function maxPerSecond(times: readonly number[]): number {
  return maxInWindow(times, 1000)
}
