import { randomBytes } from 'node:crypto'

/** Lines per stdout write: ~25 KB for 100-byte lines, well under V8's large-object size. */
const LINES_PER_WRITE = 256

/**
 * Writes the tasks' log lines to the step's log. Task output is untrusted, so it is printed
 * between `::stop-commands::<token>` and `::<token>::` (a fresh random token each time, so a
 * log line can never act as a workflow command). The switches are written lazily: commands
 * resume only around the action's own messages (`command()`) and at `end()`. Writes wait for
 * 'drain', so memory stays flat whatever the volume.
 */
export class LogPrinter {
  private readonly out: NodeJS.WritableStream
  private readonly prefix: boolean
  private queue: Promise<void> = Promise.resolve()
  /** The first error of a line or command nobody waited for, thrown by end(). */
  private failure: { error: unknown } | undefined
  /** Set while the runner is not processing commands; the line that resumes them. */
  private stopToken: string | undefined
  /** A command() callback is running: a nested command() runs at once instead of deadlocking. */
  private inCommand = false
  /** Streams being followed whose end has not been seen: a note may wait for them. */
  private readonly open = new Set<string>()
  /** Streams that printed a line. */
  private readonly printed = new Set<string>()
  /** Notes waiting for streams to end, in the order they were given. */
  private waiting: Array<{ labels: readonly string[]; line?: string; run?: () => unknown }> = []
  /** The action's line due before a stream's first log line (the task is RUNNING), if any. */
  private beforeFirst: ((label: string) => string | undefined) | undefined

  constructor(
    out: NodeJS.WritableStream = process.stdout,
    options: { prefix: boolean } = { prefix: false }
  ) {
    this.out = out
    this.prefix = options.prefix
  }

  /** Prints `messages` of the stream `label`; resolves once the stream has accepted them. */
  write(label: string, messages: string[]): Promise<void> {
    if (messages.length === 0) return this.enqueue(async () => undefined)
    return this.enqueue(async () => {
      if (!this.printed.has(label)) {
        this.printed.add(label)
        // A log line means its container started: what says so comes first.
        const first = this.beforeFirst?.(label)
        if (first !== undefined) await this.emit(`${first}\n`)
      }
      let head = ''
      if (this.stopToken === undefined) {
        this.stopToken = randomBytes(16).toString('hex')
        head = `::stop-commands::${this.stopToken}\n`
      }
      // A page is formatted and written in slices: small strings die young in V8's new space,
      // where one string of a whole 1 MB page would sit in large-object space (and in the
      // process's memory) until the next full garbage collection.
      for (let start = 0; start < messages.length; start += LINES_PER_WRITE) {
        const slice = messages.slice(start, start + LINES_PER_WRITE)
        await this.emit(head + formatLines(label, slice, this.prefix))
        head = ''
      }
    })
  }

  /**
   * Prints one of the action's own plain lines in order with the log lines, without switching
   * workflow commands back on (the line is the action's, never the task's, and never a command).
   */
  note(line: string): Promise<void> {
    return this.enqueue(async () => {
      // Behind a note that waits for a stream, so that the action's lines keep their order.
      if (this.waiting.length > 0) this.waiting.push({ labels: [], line })
      else await this.emit(`${line}\n`)
    })
  }

  /**
   * `line(label)` is printed before the first log line of the stream `label`, when it returns
   * one (e.g. "The task is RUNNING" while no DescribeTasks has seen it run yet).
   */
  beforeFirstLine(line: (label: string) => string | undefined): void {
    this.beforeFirst = line
  }

  /** The stream `label` is followed: notes given with `noteAfter` wait for its end. */
  opened(label: string): void {
    this.open.add(label)
  }

  /** The stream `label` has ended (drained or given up): the notes that waited for it follow. */
  closed(label: string): Promise<void> {
    this.open.delete(label)
    return this.enqueue(() => this.release())
  }

  /**
   * Like `note`, but after every line of the streams `labels` that are followed (a container's
   * exit comes after its last lines, which CloudWatch may deliver seconds later). Streams not
   * followed do not hold it; `end()` prints whatever still waits.
   */
  noteAfter(labels: readonly string[], line: string): Promise<void> {
    return this.enqueue(async () => {
      this.waiting.push({ labels, line })
      await this.release()
    })
  }

  /**
   * Prints, in order, the waiting notes none of whose streams is still open; a note stays
   * behind an earlier one that waits, so the action's lines keep their order.
   */
  private async release(all = false): Promise<void> {
    while (this.waiting.length > 0) {
      const [next] = this.waiting
      if (!all && next!.labels.some((label) => this.open.has(label))) return
      this.waiting.shift()
      if (next!.run) await this.runCommand(next!.run).catch((error: unknown) => this.keep(error))
      else await this.emit(`${next!.line}\n`)
    }
  }

  /** `fn` with workflow commands processed (the body of command()). */
  private async runCommand<T>(fn: () => T | Promise<T>): Promise<T> {
    await this.resume()
    this.inCommand = true
    try {
      return await fn()
    } finally {
      this.inCommand = false
    }
  }

  /**
   * Runs `fn` (e.g. `() => core.warning(…)`) after every line written so far, with workflow
   * commands processed; log lines written after it are protected again with a fresh token.
   */
  command<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.inCommand) {
      try {
        return Promise.resolve(fn())
      } catch (error) {
        return Promise.reject(error)
      }
    }
    return this.enqueue(() => this.runCommand(fn))
  }

  /**
   * commandSoon() that also keeps its place behind the notes waiting for streams (a task started
   * again is announced after the previous task's exit and STOPPED, which wait for its lines).
   * Not for what must not wait for logs (StopTask).
   */
  commandInOrderSoon(fn: () => unknown): void {
    this.enqueue(async () => {
      if (this.waiting.length > 0) this.waiting.push({ labels: [], run: fn })
      else await this.runCommand(fn)
    }).catch((error: unknown) => this.keep(error))
  }

  /**
   * note() for a caller that goes on without waiting (a listener, a synchronous callback): the
   * line still comes in order, and a failure is kept for end() instead of becoming an unhandled
   * rejection, which would end the process with its tasks still running.
   */
  noteSoon(line: string): void {
    this.note(line).catch((error: unknown) => this.keep(error))
  }

  /** noteAfter() for a caller that goes on without waiting, as noteSoon(). */
  noteAfterSoon(labels: readonly string[], line: string): void {
    this.noteAfter(labels, line).catch((error: unknown) => this.keep(error))
  }

  /** command() for a caller that goes on without waiting, as noteSoon(). */
  commandSoon(fn: () => unknown): void {
    this.command(fn).catch((error: unknown) => this.keep(error))
  }

  /**
   * Flushes every line (and every waiting note) and lets the runner process commands again;
   * rejects with the first error of a noteSoon() or commandSoon(), so the step fails through
   * its one catch.
   */
  end(): Promise<void> {
    return this.enqueue(async () => {
      await this.release(true)
      await this.resume()
      if (this.failure) throw this.failure.error
    })
  }

  private keep(error: unknown): void {
    this.failure ??= { error }
  }

  private async resume(): Promise<void> {
    if (this.stopToken === undefined) return
    const token = this.stopToken
    this.stopToken = undefined
    await this.emit(`::${token}::\n`)
  }

  /** Runs steps one after another in call order; a failed step does not stop later ones. */
  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step)
    this.queue = run.then(
      () => undefined,
      () => undefined
    )
    return run
  }

  private async emit(text: string): Promise<void> {
    if (this.out.write(text)) return
    await drained(this.out)
  }
}

/**
 * The text for one batch: a message's one trailing newline is dropped (loggers end lines with
 * it), and when prefixed every line of a multi-line message carries the prefix.
 */
export function formatLines(label: string, messages: readonly string[], prefix: boolean): string {
  const head = prefix ? `${label} | ` : ''
  let text = ''
  for (const message of messages) {
    const body = withoutLineEnd(message)
    text += prefix ? head + body.replace(/\r?\n/g, `\n${head}`) + '\n' : body + '\n'
  }
  return text
}

/** A message without the one trailing newline (`\n` or `\r\n`) a logger ends it with. */
export function withoutLineEnd(message: string): string {
  if (message.endsWith('\r\n')) return message.slice(0, -2)
  return message.endsWith('\n') ? message.slice(0, -1) : message
}

/** Resolves when the stream can take more, or can take nothing ever again. */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done)
      out.off('close', done)
      out.off('error', done)
      resolve()
    }
    out.on('drain', done)
    out.on('close', done)
    out.on('error', done)
  })
}
