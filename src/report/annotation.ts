import { sentence } from '../kit/sentences.js'
import type { Failure } from './verdict.js'

/**
 * An error annotation: what happened, the failed container's last log lines, then what to do.
 * core.error escapes the text (`%`, CR, LF) into one workflow-command line, so a quoted log
 * line can never be read by the runner as a command of its own.
 */
export function annotationText(
  failure: Failure,
  lines: readonly string[],
  logUrl: string | undefined
): string {
  const parts = [failure.headline]
  if (lines.length > 0) {
    const what = lines.length === 1 ? 'line' : `${lines.length} lines`
    parts[0] = `${failure.headline} Its last ${what}:`
    parts.push(...lines.map((line) => `  ${line}`))
  }
  if (failure.advice) parts.push(sentence(failure.advice))
  else if (logUrl && failure.container) parts.push(`Read its full log in CloudWatch: ${logUrl}`)
  return parts.join('\n')
}
