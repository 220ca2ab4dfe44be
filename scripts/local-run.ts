/**
 * `npm run local-action [-- path/to/.env]`: runs the bundled action (dist/index.js) on this
 * machine as the runner would start it, with the inputs and environment of a .env file
 * (default: ./.env, see .env.example).
 *
 * The runner passes input `task-definition` as the variable INPUT_TASK-DEFINITION. A shell
 * cannot assign that name (`set -a; . ./.env` fails with "command not found"), so this script
 * reads the file itself and spawns `node dist/index.js` with its variables, plus fresh
 * GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files. The step's log is shown as the
 * GitHub log viewer would show it; the outputs and the job summary are printed at the end.
 * Ctrl-C reaches the action as a workflow cancellation does: it stops its tasks, then exits.
 */
import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseFileCommands } from '../__tests__/support/runner.js'
import { RunnerView } from './runner-view.js'

const root = resolve(import.meta.dirname, '..')
const envFile = resolve(process.argv[2] ?? '.env')

/**
 * `KEY=VALUE` lines, as in a .env file: blank lines and `#` comments skipped, an optional
 * `export ` prefix, hyphens allowed in the key. The value is everything after the first `=`,
 * kept as written (so `INPUT_COMMAND=sh -c "echo hi"` keeps its quotes for the action's own
 * splitting); only a value wholly in quotes loses them: '…' as is, "…" with \n, \" and \\.
 *
 * An INPUT_ name is upper-cased, as the runner upper-cases input names (`INPUT_cluster` is
 * input `cluster`). A key given twice is refused, naming both lines: taking the last one
 * silently would run with a value the reader of the first line does not expect.
 */
function parseEnvFile(text: string, name = '.env'): Record<string, string> {
  const vars: Record<string, string> = {}
  const lineOf = new Map<string, number>()
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*(#.*)?$/.test(line)) return
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/.exec(line)
    if (!match) throw new Error(`${name} line ${i + 1} is not a KEY=VALUE line: ${line}`)
    const [, written = '', raw = ''] = match
    const key = /^INPUT_/i.test(written) ? written.toUpperCase() : written
    const first = lineOf.get(key)
    if (first !== undefined) {
      throw new Error(
        `${name} sets ${key} twice, on line ${first} and on line ${i + 1}: keep one of them ` +
          '(edit the first line, or comment one out with #).'
      )
    }
    lineOf.set(key, i + 1)
    const value = raw.trim()
    if (/^'.*'$/.test(value) && value.length >= 2) vars[key] = value.slice(1, -1)
    else if (/^".*"$/.test(value) && value.length >= 2) {
      vars[key] = value
        .slice(1, -1)
        .replace(/\\([n"\\])/g, (_, c: string) => (c === 'n' ? '\n' : c))
    } else vars[key] = value
  })
  return vars
}

let fileVars: Record<string, string>
try {
  fileVars = parseEnvFile(readFileSync(envFile, 'utf8'), envFile)
} catch (error) {
  const e = error as NodeJS.ErrnoException
  console.error(
    e.code === 'ENOENT'
      ? `No ${envFile}: copy .env.example to .env and edit the inputs.`
      : (e.message ?? String(error))
  )
  process.exit(2)
}

const dir = mkdtempSync(join(tmpdir(), 'ecs-run-task-local-'))
const files = {
  GITHUB_OUTPUT: join(dir, 'output'),
  GITHUB_STATE: join(dir, 'state'),
  GITHUB_STEP_SUMMARY: join(dir, 'summary.md')
}
for (const file of Object.values(files)) writeFileSync(file, '')

// The client token and startedBy derive from the run id. A fixed id makes a second run answer
// with the first run's task (RunTask's idempotency, as a re-run step would); locally each run is
// a new run unless the .env (or the shell) says otherwise.
const givenRunId = fileVars.GITHUB_RUN_ID ?? process.env.GITHUB_RUN_ID
const runId: Record<string, string> = givenRunId
  ? {}
  : { GITHUB_RUN_ID: String(randomInt(1e9, 9e9)), GITHUB_RUN_ATTEMPT: '1' }
console.log(
  givenRunId
    ? `Run id ${givenRunId} (GITHUB_RUN_ID from ${fileVars.GITHUB_RUN_ID ? envFile : 'the shell'}): ` +
        "a second run with it sends the same RunTask client token, so it gets the first run's task " +
        'back, or fails with a conflict when the request differs (a revision registered again from ' +
        'a file or "image"). Remove it for a new task each run.'
    : `Run id ${runId.GITHUB_RUN_ID}: a fresh one for this run (set GITHUB_RUN_ID in ${envFile} to keep one).`
)

const inputs = Object.keys(fileVars).filter((k) => k.startsWith('INPUT_'))
console.log(`Inputs from ${envFile}: ${inputs.join(', ') || '(none)'}`)
if (fileVars.AWS_ENDPOINT_URL) console.log(`AWS endpoint: ${fileVars.AWS_ENDPOINT_URL}`)
console.log('$ node dist/index.js\n')

// The shell's environment (PATH, AWS_PROFILE, SSO caches…) plus the file, which wins. The
// SDK's notice that it will drop Node 20 is hidden, as in the demo: the runner runs the action
// on Node 24, so the notice says nothing about a real run (the shell or the file may set it).
const child = spawn(process.execPath, [join(root, 'dist/index.js')], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...process.env,
    ...runId,
    ...fileVars,
    ...files
  }
})
// Ctrl-C sends SIGINT to the whole process group: the action gets it and stops its tasks;
// this script only waits for it to finish.
// tsx relays the signal to this process too, so it may come twice: said once.
let signalled = false
process.on('SIGINT', () => {
  if (!signalled) console.log('  (SIGINT: the action stops its tasks…)')
  signalled = true
})

const debug = (fileVars.ACTIONS_STEP_DEBUG ?? process.env.ACTIONS_STEP_DEBUG) === 'true'
const view = new RunnerView()
createInterface({ input: child.stdout }).on('line', (line) => {
  const shown = view.render(line)
  if (shown !== undefined) console.log(`  ${shown}`)
  else if (debug && line.startsWith('::debug::')) console.log(`  Debug: ${line.slice(9)}`)
})
const code = await new Promise<number | null>((done) => child.on('close', done))

console.log(`\nStep ${code === 0 ? 'succeeded' : `failed (exit ${code})`}.\n\nOutputs:`)
for (const [name, value] of Object.entries(
  parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
)) {
  console.log(`  ${name}: ${value}`)
}
const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
if (summary) console.log(`\nJob summary (${files.GITHUB_STEP_SUMMARY}):\n\n${summary}`)
process.exitCode = code ?? 1
