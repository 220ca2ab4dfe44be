// What a container does with its command when no script says otherwise: a small subset of the
// shell, run in emulated time. `echo`/`printf` write log lines, `sleep` takes time, `exit` sets
// the exit code; `;`, `&&`, `||` and line breaks chain commands as sh does. Anything else is not
// run: one log line says so and it counts as succeeding, so a command the emulator cannot model
// (`bin/rails db:migrate`) still gives a green run that says what it skipped.

import { parse } from 'shell-quote'
import type { ContainerBehaviour } from './types.js'

/** A shell's start-up, and the time each command takes (a process start, roughly). */
export const SHELL_START_MS = 100
export const COMMAND_MS = 50

const SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'ash',
  '/bin/sh',
  '/bin/bash',
  '/bin/dash',
  '/bin/ash'
])
const SHELL_ONLY = ['exit']
const PROGRAMS = ['echo', 'printf', 'sleep', 'true', 'false']
/** What the not-run line lists as modelled. */
const MODELLED = 'echo, printf, sleep N, exit N, true, false; joined by ;, && or ||'

type Token = ReturnType<typeof parse>[number]

/** One list element: a simple command and the operator that joins it to the one before. */
interface Step {
  joiner: ';' | '&&' | '||'
  words: string[]
  /** The command as written, for the not-run line. */
  text: string
}

/**
 * The container's argv (entryPoint then command, as ECS starts it) run in emulated time. `env`
 * is the container's environment, for `$NAME` in a shell script. undefined: no command at all
 * (the image's own default runs, which the emulator cannot know).
 */
export function commandBehaviour(
  argv: string[],
  env: Record<string, string>
): ContainerBehaviour | undefined {
  if (argv.length === 0) return undefined
  const run = new Run()
  const script = shellScript(argv)
  if (script === undefined) {
    run.simple(argv, argv.join(' '), false)
  } else {
    const steps = parseScript(script.text, env)
    if (typeof steps === 'string') run.notRun(script.text, steps)
    else run.list(steps, script.errexit)
  }
  return run.behaviour()
}

/** `sh -c 'script'` (any of the usual shells; `-ec`, `-xc`… too): the script and whether -e. */
function shellScript(argv: string[]): { text: string; errexit: boolean } | undefined {
  const [shell = '', flags = '', text] = argv
  if (!SHELLS.has(shell) || text === undefined || !/^-[eluxv]*c[eluxv]*$/.test(flags)) {
    return undefined
  }
  return { text, errexit: flags.includes('e') }
}

/** The script as a list of simple commands, or why it cannot be modelled. */
function parseScript(text: string, env: Record<string, string>): Step[] | string {
  const steps: Step[] = []
  // shell-quote reads line breaks as blanks: each line is parsed on its own and joined by ';'.
  for (const line of text.split('\n')) {
    let tokens: Token[]
    try {
      tokens = parse(line, (name) => env[name] ?? '')
    } catch (error) {
      return `it does not parse (${(error as Error).message})`
    }
    let joiner: Step['joiner'] = ';'
    let words: string[] = []
    const flush = (): void => {
      if (words.length > 0) steps.push({ joiner, words, text: words.join(' ') })
      words = []
    }
    for (const token of tokens) {
      if (typeof token === 'string') {
        words.push(token)
        continue
      }
      if ('comment' in token) break
      const op = 'op' in token ? token.op : ''
      if (op === ';' || op === '&&' || op === '||') {
        flush()
        joiner = op
        continue
      }
      const what = op === 'glob' ? 'a glob pattern' : `"${op}"`
      return `${what} is not modelled: the emulator runs ${MODELLED}`
    }
    flush()
    joiner = ';'
  }
  return steps
}

/** The emulated run: the clock, the output so far and the exit code. */
class Run {
  private at = SHELL_START_MS
  private readonly logs: NonNullable<ContainerBehaviour['logs']> = []
  /** Output not yet ended by a line break (echo -n, printf without \n). */
  private partial = ''
  private status = 0
  private exited = false
  private forever = false

  list(steps: Step[], errexit: boolean): void {
    for (const step of steps) {
      if (this.exited) return
      if (step.joiner === '&&' && this.status !== 0) continue
      if (step.joiner === '||' && this.status === 0) continue
      this.simple(step.words, step.text, true)
      // -e: a failing command ends the script, unless a && or || list tests it.
      const next = steps[steps.indexOf(step) + 1]
      if (errexit && this.status !== 0 && next?.joiner !== '&&' && next?.joiner !== '||') {
        this.exited = true
      }
    }
  }

  simple(words: string[], text: string, inShell: boolean): void {
    const [name = '', ...args] = words
    const known = PROGRAMS.includes(name) || (inShell && SHELL_ONLY.includes(name))
    if (!known) {
      this.notRun(text, `the emulator runs ${MODELLED}`)
      return
    }
    this.at += COMMAND_MS
    switch (name) {
      case 'echo':
        return this.echo(args)
      case 'printf':
        return this.write(printf(args))
      case 'sleep':
        return this.sleep(args)
      case 'true':
        this.status = 0
        return
      case 'false':
        this.status = 1
        return
      case 'exit': {
        const code = args[0] === undefined ? this.status : Number(args[0])
        this.status = Number.isInteger(code) ? ((code % 256) + 256) % 256 : 2
        this.exited = true
        return
      }
    }
  }

  notRun(text: string, why: string): void {
    this.at += COMMAND_MS
    this.flush()
    this.line(`[emulator] not run: ${text} (${why}; see emulator/README.md)`)
    this.status = 0
  }

  behaviour(): ContainerBehaviour {
    this.flush()
    return {
      exitCode: this.forever ? null : this.status,
      runMs: this.at + COMMAND_MS,
      logs: this.logs
    }
  }

  private echo(args: string[]): void {
    let newline = true
    let escapes = false
    while (/^-[neE]+$/.test(args[0] ?? '')) {
      const flags = args.shift()!
      if (flags.includes('n')) newline = false
      if (flags.includes('e')) escapes = true
      if (flags.includes('E')) escapes = false
    }
    const text = args.join(' ')
    this.write((escapes ? unescape(text) : text) + (newline ? '\n' : ''))
    this.status = 0
  }

  private sleep(args: string[]): void {
    if (args[0] === 'infinity') {
      this.forever = true
      this.exited = true
      return
    }
    const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(args[0] ?? '')
    if (!m || args.length !== 1) {
      this.line(`sleep: invalid time interval '${args.join(' ')}'`)
      this.status = 1
      return
    }
    this.at += Math.round(Number(m[1]) * units[m[2]!]! * 1000)
    this.status = 0
  }

  private write(text: string): void {
    const parts = (this.partial + text).split('\n')
    this.partial = parts.pop()!
    for (const part of parts) this.line(part)
  }

  private flush(): void {
    if (this.partial !== '') this.line(this.partial)
    this.partial = ''
  }

  private line(message: string): void {
    this.logs.push({ atMs: this.at, message })
  }
}

/** printf FORMAT [ARG…]: %s %d %i %c %% with flags and width, backslash escapes; the format is reused while arguments remain. */
export function printf(args: string[]): string {
  const [format = '', ...rest] = args
  let out = ''
  let i = 0
  do {
    let used = 0
    out += unescape(
      format.replace(
        /%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdicbu%])/g,
        (_, flags: string, width: string, precision: string | undefined, conv: string) => {
          if (conv === '%') return '%'
          const arg = rest[i++] ?? ''
          used++
          let value: string
          if (conv === 's' || conv === 'b')
            value = precision ? arg.slice(0, Number(precision)) : arg
          else if (conv === 'c') value = arg.charAt(0)
          else value = String(Math.trunc(Number(arg) || 0))
          const pad = Number(width || 0) - value.length
          if (pad <= 0) return value
          if (flags.includes('-')) return value + ' '.repeat(pad)
          return (flags.includes('0') && conv !== 's' ? '0' : ' ').repeat(pad) + value
        }
      )
    )
    if (used === 0) break
  } while (i < rest.length)
  return out
}

function unescape(text: string): string {
  const map: Record<string, string> = {
    n: '\n',
    t: '\t',
    '\\': '\\',
    r: '\r',
    a: '\x07',
    e: '\x1b'
  }
  return text.replace(/\\([ntr\\ae])/g, (_, c: string) => map[c]!)
}
