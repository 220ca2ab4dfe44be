import { clip } from '../kit/markdown.js'
import { withoutLineEnd } from './printer.js'
import type { LogReader } from './line-readers.js'
import type { LogTarget } from './targets.js'

/** Lines kept per stream: enough to show an error and its context, short enough to read at a glance. */
export const TAIL_LINES = 10
/** Characters kept of one line. */
export const TAIL_LINE_CHARS = 240

/** Terminal colours and other control characters: noise in an annotation or the summary. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f]/g

/**
 * The last lines of each (task, container) log stream, taken from the pages the streamer already
 * read (no CloudWatch call of its own), so a failure can quote what the container said last.
 * Lines are split as the printer splits them; blank lines are skipped.
 */
export class LogTail implements LogReader {
  private readonly streams = new Map<string, string[]>()

  constructor(
    private readonly keep = TAIL_LINES,
    private readonly width = TAIL_LINE_CHARS
  ) {}

  /** One page of a stream, in order (a LogReader: the streamer hands it every page). */
  read(target: LogTarget, messages: readonly string[]): void {
    const key = keyOf(target.taskArn, target.container)
    const fresh: string[] = []
    // From the end: a page of 10,000 events costs only the lines that are kept.
    for (let i = messages.length - 1; i >= 0 && fresh.length < this.keep; i--) {
      const lines = splitMessage(messages[i] ?? '')
      for (let j = lines.length - 1; j >= 0 && fresh.length < this.keep; j--) {
        const line = (lines[j] ?? '').replace(ANSI, '').trimEnd()
        if (line.trim() !== '') fresh.push(clip(line, this.width))
      }
    }
    if (fresh.length === 0) return
    fresh.reverse()
    const kept = [...(this.streams.get(key) ?? []), ...fresh]
    this.streams.set(key, kept.slice(-this.keep))
  }

  /** The last lines of one container of one task; empty when none were read. */
  last(taskArn: string, container: string): readonly string[] {
    return this.streams.get(keyOf(taskArn, container)) ?? []
  }
}

function keyOf(taskArn: string, container: string): string {
  return `${taskArn}\u0000${container}`
}

/** As LogPrinter prints a message: one trailing newline dropped, then one line per newline. */
export function splitMessage(message: string): string[] {
  return withoutLineEnd(message).split(/\r?\n/)
}
