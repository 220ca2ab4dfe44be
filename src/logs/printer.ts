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
    return this.enqueue(() => this.emit(`${line}\n`))
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
    return this.enqueue(async () => {
      await this.resume()
      this.inCommand = true
      try {
        return await fn()
      } finally {
        this.inCommand = false
      }
    })
  }

  /**
   * note() for a caller that goes on without waiting (a listener, a synchronous callback): the
   * line still comes in order, and a failure is kept for end() instead of becoming an unhandled
   * rejection, which would end the process with its tasks still running.
   */
  noteSoon(line: string): void {
    this.note(line).catch((error: unknown) => this.keep(error))
  }

  /** command() for a caller that goes on without waiting, as noteSoon(). */
  commandSoon(fn: () => unknown): void {
    this.command(fn).catch((error: unknown) => this.keep(error))
  }

  /**
   * Flushes every line and lets the runner process commands again; rejects with the first error
   * of a noteSoon() or commandSoon(), so the step fails through its one catch.
   */
  end(): Promise<void> {
    return this.enqueue(async () => {
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
