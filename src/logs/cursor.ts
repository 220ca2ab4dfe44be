import type { OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs'

/** What one GetLogEvents page changed for a stream. */
export interface CursorStep {
  /** Events not delivered before, in order. */
  events: OutputLogEvent[]
  /** The forward token changed: the stream moved on (events may or may not have come). */
  moved: boolean
  /** Events in the page as returned, duplicates included: tells a full page. */
  received: number
}

/**
 * Where one stream is read up to: the forward token to send next and which events were already
 * delivered. CloudWatch answers the end of a stream with the token it was given; normally with no
 * events, but if the same token ever comes back with events, a later call with that token starts
 * at the same place and would return them again. The cursor remembers how many events it
 * delivered since that token and the last of them, and skips that many when they recur.
 */
export class LogCursor {
  private current: string | undefined
  /** Events delivered from `current` while the token stood still. */
  private deliveredHere = 0
  private lastDelivered: string | undefined

  /** The nextToken for the next GetLogEvents call (undefined: from the head). */
  get token(): string | undefined {
    return this.current
  }

  advance(page: {
    events?: OutputLogEvent[] | undefined
    nextForwardToken?: string | undefined
  }): CursorStep {
    const events = page.events ?? []
    const next = page.nextForwardToken
    const moved = next !== undefined && next !== this.current
    let fresh = events
    let echoed = false
    if (!moved && this.deliveredHere > 0 && events.length >= this.deliveredHere) {
      const echo = events[this.deliveredHere - 1]
      echoed = echo !== undefined && fingerprint(echo) === this.lastDelivered
      if (echoed) fresh = events.slice(this.deliveredHere)
    }
    const last = fresh[fresh.length - 1]
    if (moved) {
      this.current = next
      this.deliveredHere = 0
      this.lastDelivered = undefined
    } else if (last !== undefined) {
      // The token stood still: what was delivered now counts as already read from it. When the
      // page did not repeat the earlier ones, the server counts from what it last gave instead.
      this.deliveredHere = (echoed ? this.deliveredHere : 0) + fresh.length
      this.lastDelivered = fingerprint(last)
    }
    return { events: fresh, moved, received: events.length }
  }
}

function fingerprint(event: OutputLogEvent): string {
  return `${event.timestamp ?? ''}\u0000${event.ingestionTime ?? ''}\u0000${event.message ?? ''}`
}
