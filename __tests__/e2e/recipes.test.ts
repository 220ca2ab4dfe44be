/**
 * Every recipe of the docs, run as written: each `.env` row of the local-runs table (found in
 * README.md or docs/*.md, wherever it lives) through `npm run local-action` against the
 * emulator, and each command of CONTRIBUTING.md that needs neither a browser nor AWS. The rows
 * and the commands are read from the docs, so a changed recipe is run as it now reads.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs'
import { marked, type Token, type Tokens } from 'marked'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EXAMPLE_NETWORK, seedExample } from '../../emulator/example.js'
import { Emulator } from '../../emulator/server.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'

const ROOT = resolve(import.meta.dirname, '../..')
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

/** The Markdown files a recipe may live in: the README and the pages under docs/. */
function docPages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name))
  return ['README.md', ...docs]
}

interface EnvRecipe {
  page: string
  outcome: string
  /** The `KEY=VALUE` lines the row puts in `.env`, as written. */
  lines: string[]
}

/** The rows of the one table whose second column says what goes in `.env`. */
function envRecipes(): EnvRecipe[] {
  const found = docPages().flatMap((page) =>
    marked
      .lexer(read(page), { gfm: true })
      .filter((t: Token): t is Tokens.Table => t.type === 'table')
      .filter((t) => t.header[1]?.text === 'In `.env`')
      .map((table) => ({ page, table }))
  )
  expect(found.map((f) => f.page)).toHaveLength(1)
  const { page, table } = found[0]!
  return table.rows.map((row) => ({
    page,
    outcome: row[0]?.text ?? '',
    lines: (row[1]?.tokens ?? []).flatMap((t) => (t.type === 'codespan' ? [t.text] : []))
  }))
}

/**
 * `.env.example` with the emulator's lines uncommented (its URL for AWS_ENDPOINT_URL), as the
 * local-runs section says, then the recipe's lines: each replaces the line that sets its key,
 * commented or not, or is added at the end.
 */
function envFile(emulatorUrl: string, recipe: readonly string[], extra: string[] = []): string {
  const lines = read('.env.example')
    .split('\n')
    .map((line) =>
      /^# (AWS_ENDPOINT_URL|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_EC2_METADATA_DISABLED)=/.test(
        line
      )
        ? line.slice(2).replace(/^AWS_ENDPOINT_URL=.*/, `AWS_ENDPOINT_URL=${emulatorUrl}`)
        : line
    )
  for (const entry of recipe) {
    const key = entry.slice(0, entry.indexOf('='))
    expect(key, entry).toMatch(/^[A-Z][A-Z0-9_-]*$/)
    const at = lines.findIndex((line) => line === `${key}=` || line.startsWith(`${key}=`))
    if (at >= 0) lines[at] = entry
    else lines.push(entry)
  }
  const dir = mkdtempSync(join(tmpdir(), 'ecs-run-task-recipe-'))
  const file = join(dir, '.env')
  writeFileSync(file, [...lines, ...extra].join('\n'))
  return file
}

/** The environment of a developer's shell, without their AWS settings or ~/.aws. */
function shellEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'ecs-run-task-home-'))
  return {
    PATH: process.env.PATH,
    HOME: home,
    TERM: 'dumb',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false'
  }
}

interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  out: string
}

/**
 * A command as a developer types it (`npm run …`, words without quotes), in its own process
 * group as a terminal's foreground job (the interactive shell is not part of it); `onOut` sees
 * the output as it grows and may press Ctrl-C.
 */
function shell(
  command: string,
  onOut?: (out: string, ctrlC: () => void) => void
): Promise<Finished> {
  const [program = '', ...args] = command.split(' ')
  const child = spawn(program, args, {
    cwd: ROOT,
    env: shellEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let pressed = false
  const ctrlC = (): void => {
    if (pressed) return
    pressed = true
    // What Ctrl-C does: SIGINT to every process of the foreground job.
    process.kill(-child.pid!, 'SIGINT')
  }
  const take = (chunk: Buffer): void => {
    out += chunk.toString()
    onOut?.(out, ctrlC)
  }
  child.stdout.on('data', take)
  child.stderr.on('data', take)
  return new Promise((done, fail) => {
    child.on('error', fail)
    child.on('close', (code, signal) => done({ code, signal, out }))
  })
}

let emu: Emulator
beforeEach(async () => {
  emu = await Emulator.start()
  // As `npm run emulator` starts it: the example VPC of .env.example, and its example task.
  emu.addNetwork(EXAMPLE_NETWORK)
  seedExample(emu)
})
afterEach(async () => {
  await emu.close()
})
useRealTimersAfterEach()

/** What each outcome of the table must show, by the outcome's first words. */
const CHECKS: Array<{
  outcome: RegExp
  /** Ctrl-C once the task has printed this line. */
  interruptAfter?: RegExp
  check(run: Finished, outcome: string): void
}> = [
  {
    outcome: /^Success, the environment override used/,
    check: (run) => {
      expect(run.code, run.out).toBe(0)
      // GREETING comes from INPUT_ENVIRONMENT of .env.example.
      expect(run.out).toMatch(/^ {2}hello from a local run\n {2}done$/m)
      expect(run.out).toContain('Step succeeded.')
    }
  },
  {
    outcome: /^Failure: exit code 1, its last lines quoted/,
    check: (run) => {
      expect(run.code, run.out).toBe(1)
      expect(run.out).toMatch(
        /Error: Task [0-9a-f]{32}: container app exited with code 1\. Its last 2 lines:\n {2}Migrating\n {2}PG::UndefinedColumn: column orders\.discount_cents does not exist/
      )
      expect(run.out).toContain('Step failed (exit 1).')
    }
  },
  {
    outcome: /^Task outputs \(`task-outputs` output, `(.+)`\)/,
    check: (run, outcome) => {
      expect(run.code, run.out).toBe(0)
      const json = /`(\{.*\})`/.exec(outcome)?.[1] ?? ''
      expect(run.out).toContain(`\n  task-outputs: ${json}\n`)
    }
  },
  {
    outcome: /^Timeout: stopped after (\d+) s, the step fails/,
    check: (run, outcome) => {
      expect(run.code, run.out).toBe(1)
      expect(run.out).toContain('did not stop within wait-timeout')
      const [stop, ...more] = emu.callsOf('StopTask')
      expect(more).toHaveLength(0)
      const seconds = Number(/after (\d+) s/.exec(outcome)?.[1])
      const after = (stop!.at - emu.callsOf('RunTask')[0]!.at) / 1000
      // wait-timeout counts from the first DescribeTasks, a poll or two after RunTask.
      expect(after).toBeGreaterThanOrEqual(seconds)
      expect(after).toBeLessThan(seconds + 4)
      expect(run.out).toMatch(/\*\*Took:\*\* ≥ \d+ s/)
    }
  },
  {
    outcome: /^Cancel: press Ctrl-C while it runs; the task stops/,
    interruptAfter: /^ {2}working$/m,
    check: (run) => {
      // The step's exit code, not the 130 of an interrupted shell.
      expect(run.signal).toBeNull()
      expect(run.code, run.out).toBe(1)
      expect(emu.callsOf('StopTask')).toHaveLength(1)
      expect(run.out).toContain('Error: The workflow was cancelled')
      expect(run.out).toContain('Step failed (exit 1).')
    }
  }
]

describe('the local-runs recipes, each `.env` row run as written with npm run local-action', () => {
  const recipes = envRecipes()

  it('finds the table, and knows what each of its outcomes must show', () => {
    expect(recipes.length).toBeGreaterThanOrEqual(5)
    for (const recipe of recipes) {
      expect(
        CHECKS.filter((c) => c.outcome.test(recipe.outcome)),
        recipe.outcome
      ).toHaveLength(1)
      expect(recipe.lines[0], recipe.outcome).toMatch(/^INPUT_COMMAND=/)
    }
  })

  it.each(recipes.map((r) => [r.outcome, r] as const))('%s', async (_outcome, recipe) => {
    const check = CHECKS.find((c) => c.outcome.test(recipe.outcome))!
    // Minutes of the task's life on the action's virtual clock, which the emulator follows;
    // a cancel waits for a real line instead.
    const clock = check.interruptAfter
      ? []
      : Object.entries(virtualClock(emu)).map(([key, value]) => `${key}=${value}`)
    const file = envFile(emu.url, recipe.lines, clock)
    const run = await shell(`npm run local-action -- ${file}`, (out, ctrlC) => {
      if (check.interruptAfter?.test(out)) ctrlC()
    })
    check.check(run, recipe.outcome)
  })

  it('refuses a key given twice, naming both lines', async () => {
    const file = envFile(emu.url, [], ['INPUT_WAIT-TIMEOUT=0.1'])
    const run = await shell(`npm run local-action -- ${file}`)
    expect(run.code).toBe(2)
    const first = read('.env.example').split('\n').indexOf('INPUT_WAIT-TIMEOUT=10') + 1
    const last = readFileSync(file, 'utf8').split('\n').length
    expect(run.out).toContain(
      `${file} sets INPUT_WAIT-TIMEOUT twice, on line ${first} and on line ${last}: keep one of them`
    )
    expect(emu.calls).toHaveLength(0)
  })

  it('upper-cases INPUT_ names as the runner does: INPUT_cluster is the cluster input', async () => {
    const file = envFile(emu.url, [])
    const text = readFileSync(file, 'utf8').replace(/^INPUT_CLUSTER=/m, 'INPUT_cluster=')
    writeFileSync(
      file,
      text +
        '\n' +
        Object.entries(virtualClock(emu))
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')
    )
    const run = await shell(`npm run local-action -- ${file}`)
    expect(run.code, run.out).toBe(0)
    expect(run.out).not.toContain('not an input of this action')
  })
})

/** The commands block of CONTRIBUTING.md: each line's command, its comment dropped. */
function contributingCommands(): string[] {
  const text = read('CONTRIBUTING.md')
  const section = text.slice(text.indexOf('## Commands'))
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean)
}

/** Commands `.ci/run` runs (a clean checkout's CI), so this file does not run them again. */
const RUN_BY_CI = ['npm ci', 'npm run lint', 'npm run typecheck', 'npm run build', 'npm test']
/** Commands run neither here nor by name in `.ci/run`, and why. */
const NOT_RUN: Record<string, string> = {
  'npm run format': 'rewrites the working tree',
  'npm run test:unit': 'a subset of npm test, which .ci/run runs',
  'npm run test:e2e': 'a subset of npm test, which .ci/run runs'
}

describe('the commands of CONTRIBUTING.md', () => {
  const commands = contributingCommands()
  const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>

  it('names only scripts package.json has, and each is run here, by .ci/run, or said why not', () => {
    expect(commands.length).toBeGreaterThan(10)
    const ci = read('.ci/run')
    const here = ['npm run demo', 'npm run emulator', 'npm run local-action']
    for (const command of commands) {
      const script = /^npm (?:run )?([\w:-]+)/.exec(command)?.[1] ?? ''
      if (!['ci', 'test'].includes(script)) expect(scripts, command).toHaveProperty(script)
      const covered =
        here.includes(command) ||
        (RUN_BY_CI.includes(command) && new RegExp(`^(step )?${command}\\b`, 'm').test(ci)) ||
        (command === 'npm run bench' && /^step npm run bench -- --smoke/m.test(ci)) ||
        command in NOT_RUN
      expect(covered, `${command}: not run anywhere`).toBe(true)
    }
  })

  it('npm run typecheck is what its line says', () => {
    const line = read('CONTRIBUTING.md')
      .split('\n')
      .find((l) => l.startsWith('npm run typecheck'))
    expect(scripts['typecheck']).toBe('tsc --noEmit && tsc -p tsconfig.dev.json')
    expect(line).toContain('tsc --noEmit for src/, then tsconfig.dev.json')
  })

  it('npm run demo: the bundle against the emulator, step succeeded', async () => {
    const run = await shell('npm run demo')
    expect(run.code, run.out).toBe(0)
    expect(run.out).toContain('Step succeeded.')
  })

  it('npm run emulator: prints its URL and the example network; ECS calls there answer', async () => {
    let resolveUrl: (url: string) => void = () => undefined
    const printed = new Promise<string>((r) => (resolveUrl = r))
    let stop: () => void = () => undefined
    const running = shell('npm run emulator', (out, ctrlC) => {
      stop = ctrlC
      const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1]
      if (url) resolveUrl(url)
    })
    const url = await printed
    const ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'emulator' }
    })
    try {
      const out = await ecs.send(new DescribeClustersCommand({ clusters: ['default'] }))
      expect(out.clusters?.[0]?.status).toBe('ACTIVE')
    } finally {
      ecs.destroy()
      stop()
    }
    const run = await running
    expect(run.out).toContain('Subnets: subnet-0123456789abcdef0')
  })
})
