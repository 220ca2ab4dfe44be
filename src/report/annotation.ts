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

/** GitHub shows 10 annotations of a kind (error, warning, notice) per step. */
export const MAX_ANNOTATIONS_PER_KIND = 10
/** Shards (or tasks) named in one annotation; the job summary has every one. */
const NAMED_IN_ANNOTATION = 50

export interface Annotation {
  title: string
  text: string
}

/**
 * The error annotations of many failures (shards, or more than GitHub shows): one per title
 * ("ECS task failed", "Task not started", …), quoting the first failure of that title with its
 * container's last lines and naming every other shard that failed so; past
 * MAX_ANNOTATIONS_PER_KIND titles, the rest join the last one.
 */
export function groupedAnnotations(
  failures: readonly Failure[],
  fallbackTitle: string,
  detail: {
    shardOf(taskArn: string): number | undefined
    lines(failure: Failure): readonly string[]
    logUrl(failure: Failure): string | undefined
  }
): Annotation[] {
  const byTitle = new Map<string, Failure[]>()
  for (const failure of failures) {
    const title = failure.title ?? fallbackTitle
    const group = byTitle.get(title)
    if (group) group.push(failure)
    else byTitle.set(title, [failure])
  }
  const groups = [...byTitle.entries()]
  if (groups.length > MAX_ANNOTATIONS_PER_KIND) {
    const rest = groups.splice(MAX_ANNOTATIONS_PER_KIND - 1)
    groups.push([rest[0]![0], rest.flatMap(([, group]) => group)])
  }
  return groups.map(([title, [first, ...others]]) => {
    const text = annotationText(first!, detail.lines(first!), detail.logUrl(first!))
    if (others.length === 0) return { title, text }
    return { title, text: `${text}\n${alsoFailed(others, detail.shardOf)}` }
  })
}

/** "Also failed: shards 4, 9 and 12." (tasks by id when not shards), at most 50 named. */
function alsoFailed(
  failures: readonly Failure[],
  shardOf: (taskArn: string) => number | undefined
): string {
  const shards = new Set<number>()
  const tasks = new Set<string>()
  for (const f of failures) {
    const shard = f.taskArn === undefined ? undefined : shardOf(f.taskArn)
    if (shard !== undefined) shards.add(shard)
    else if (f.taskArn) tasks.add(f.taskArn.split('/').pop() ?? f.taskArn)
  }
  const names = [
    ...[...shards].sort((a, b) => a - b).map((shard) => `shard ${shard}`),
    ...[...tasks].map((id) => `task ${id}`)
  ]
  const shown = names.slice(0, NAMED_IN_ANNOTATION)
  const more = names.length - shown.length
  const list = more > 0 ? `${shown.join(', ')} and ${more} more` : joinAnd(shown)
  return `Also failed (${names.length}): ${list}. The job summary lists each.`
}

function joinAnd(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}
