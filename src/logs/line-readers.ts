import type { LogTarget } from './targets.js'

/** A warning a reader wants shown, as an annotation. */
export interface ReaderWarning {
  title: string
  message: string
}

/**
 * A reader of the streamed log besides the printer (task outputs, the failing lines): it gets
 * every page of new messages of every stream, in order, and may return warnings to show.
 */
export interface LogReader {
  read(target: LogTarget, messages: readonly string[]): readonly ReaderWarning[] | void
}

/**
 * The streamer's `onMessages` for several readers: each page goes to every reader, and the
 * warnings they return go to `warn`. A reader that throws is skipped for that page: reading the
 * log for extras must never stop the log itself.
 */
export function fanOut(
  readers: readonly LogReader[],
  warn: (warning: ReaderWarning) => void
): ((target: LogTarget, messages: readonly string[]) => void) | undefined {
  if (readers.length === 0) return undefined
  return (target, messages) => {
    for (const reader of readers) {
      let warnings: readonly ReaderWarning[] | void
      try {
        warnings = reader.read(target, messages)
      } catch (error) {
        warnings = [{ title: 'Log reader failed', message: `${target.label}: ${String(error)}` }]
      }
      for (const warning of warnings ?? []) warn(warning)
    }
  }
}
