import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { LogReader, ReaderWarning } from './line-readers.js'
import { logTargets, type LogTarget } from './targets.js'

/** What starts a task output line; the whole line is `ECS_RUN_TASK_OUTPUT name=value`. */
export const TASK_OUTPUT_MARKER = 'ECS_RUN_TASK_OUTPUT '
/** The largest value accepted, in bytes of UTF-8. */
export const MAX_TASK_OUTPUT_BYTES = 1024
/** Unlisted names warned about one by one; past this, one last warning covers the rest. */
const MAX_NAMES_WARNED = 10

const TITLE = 'Task output ignored'

/** One log message read as a task output line, or why it cannot be one. */
export type TaskOutputLine =
  | { kind: 'set'; name: string; value: string }
  | { kind: 'multi-line'; name: string }
  | { kind: 'malformed' }

/**
 * A message that starts with the marker, read as `name=value`; undefined for every other
 * message. The one line ending a logger adds (`\n`, `\r\n`, or a lone `\r`) is dropped; any
 * other line break makes the message more than one line. The marker must start the message:
 * a line that only mentions it (a shell trace, a quoted line) never sets an output.
 */
export function parseTaskOutputLine(message: string): TaskOutputLine | undefined {
  if (!message.startsWith(TASK_OUTPUT_MARKER)) return undefined
  const line = message.replace(/(\r\n|\n|\r)$/, '')
  const rest = line.slice(TASK_OUTPUT_MARKER.length)
  const equals = rest.indexOf('=')
  if (equals <= 0) return { kind: 'malformed' }
  const name = rest.slice(0, equals)
  if (/[\r\n]/.test(name)) return { kind: 'malformed' }
  const value = rest.slice(equals + 1)
  if (/[\r\n]/.test(value)) return { kind: 'multi-line', name }
  return { kind: 'set', name, value }
}

/** Whose log counts: one container of one task. */
export interface TaskOutputSource {
  taskArn: string
  container: string
}

/**
 * Collects the outputs a task sets through `task-outputs`: from the log of `container` in the
 * first task this step started only (as exit-code and log-url report the first task), so a
 * sidecar or another task of a `count` > 1 run can never set them. The last accepted line of a
 * name wins; a refused line leaves the name as it was.
 */
export class TaskOutputCollector implements LogReader {
  private readonly values = new Map<string, string>()
  private readonly warned = new Set<string>()
  private namesWarned = 0

  constructor(
    private readonly names: readonly string[],
    private source: TaskOutputSource
  ) {}

  /**
   * The first task was started again (retry-on): from now on its new task's log sets the
   * outputs, and what an earlier attempt set is forgotten, as its other outputs are.
   */
  follow(taskArn: string): void {
    this.source = { ...this.source, taskArn }
    this.values.clear()
  }

  read(target: LogTarget, messages: readonly string[]): ReaderWarning[] {
    if (target.taskArn !== this.source.taskArn || target.container !== this.source.container) {
      return []
    }
    const warnings: ReaderWarning[] = []
    for (const message of messages) {
      const line = parseTaskOutputLine(message)
      if (line === undefined) continue
      const warning = this.accept(line)
      if (warning) warnings.push(warning)
    }
    return warnings
  }

  /** The accepted names and their values, in the order `task-outputs` lists them. */
  outputs(): Record<string, string> {
    // fromEntries defines own properties, so even a name like "__proto__" is a plain key.
    return Object.fromEntries(
      this.names.flatMap((name) => {
        const value = this.values.get(name)
        return value === undefined ? [] : [[name, value] as const]
      })
    )
  }

  /** The `task-outputs` output: a JSON object, `{}` when nothing was set. */
  json(): string {
    return JSON.stringify(this.outputs())
  }

  private accept(line: TaskOutputLine): ReaderWarning | undefined {
    if (line.kind === 'malformed') {
      return this.once(
        'malformed',
        `A line of ${this.source.container}'s log starts with ${TASK_OUTPUT_MARKER.trim()} but is ` +
          `not of the form "${TASK_OUTPUT_MARKER}name=value"; it sets nothing.`
      )
    }
    const name = line.name
    const shown = JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)
    if (!this.names.includes(name)) {
      if (this.warned.has(`unlisted:${name}`)) return undefined
      if (this.namesWarned === MAX_NAMES_WARNED) {
        return this.once(
          'unlisted:more',
          `The task set more outputs that "task-outputs" does not list; they are ignored.`
        )
      }
      this.namesWarned += 1
      return this.once(
        `unlisted:${name}`,
        `The task set output ${shown}, which "task-outputs" does not list; it is ignored. ` +
          `Add it to "task-outputs" to accept it.`
      )
    }
    if (line.kind === 'multi-line') {
      return this.once(
        `multi-line:${name}`,
        `Task output ${shown} was refused: its value is not a single line.${this.kept(name)}`
      )
    }
    const bytes = Buffer.byteLength(line.value, 'utf8')
    if (bytes > MAX_TASK_OUTPUT_BYTES) {
      return this.once(
        `size:${name}`,
        `Task output ${shown} was refused: its value is ${bytes} bytes, over the limit of ` +
          `${MAX_TASK_OUTPUT_BYTES} bytes (1 KiB of UTF-8).${this.kept(name)}`
      )
    }
    this.values.set(name, line.value)
    return undefined
  }

  private kept(name: string): string {
    return this.values.has(name) ? ' Its earlier value stays.' : ''
  }

  private once(key: string, message: string): ReaderWarning | undefined {
    if (this.warned.has(key)) return undefined
    this.warned.add(key)
    return { title: TITLE, message }
  }
}

/**
 * Task outputs are read from `container`'s streamed log: a problem (before any task starts)
 * when that log is not streamed, naming why and what to change; undefined when it is.
 */
export function taskOutputsLogProblem(
  definitions: ContainerDefinition[],
  container: string,
  region: string,
  logContainers: string[] | undefined
): string | undefined {
  const what = `Input "task-outputs" reads the log of container "${container}"`
  if (logContainers !== undefined && !logContainers.includes(container)) {
    return `${what}, which "log-containers" leaves out: add "${container}" to "log-containers".`
  }
  const { skipped } = logTargets(definitions, ['task/placeholder'], region, [container])
  const reason = skipped.find((s) => s.container === container)?.reason
  if (reason === undefined) return undefined
  return (
    `${what}, but that log cannot be streamed (${container}: ${reason}). Give "${container}" ` +
    `the awslogs log driver with the awslogs-group and awslogs-stream-prefix options (or a ` +
    `FireLens output to CloudWatch Logs with log_group_name and log_stream_prefix), or ` +
    `remove "task-outputs".`
  )
}
