/**
 * Through dist/ (docs/what-you-see.md): the failing lines, the cause and the fix in the annotation and the
 * summary; a summary that says what ran; a quieter step log; titles by stage; AWS messages
 * quoted without doubled punctuation. Summaries are parsed as GitHub Flavored Markdown.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marked, type Token, type Tokens } from 'marked'
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { annotations, visibleLines, type ActionResult } from '../support/runner.js'
import { useEmulator, runAction, startAction } from './fixtures.js'
import { appDefinition } from '../support/task-definitions.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})
useRealTimersAfterEach()

/** A Rails migration that fails on a column it expects to exist, as its log really reads. */
const MIGRATION = [
  'I, [2026-11-28T09:00:01.203] INFO -- : Migrating to AddEmailVerifiedToUsers (20261128090000)',
  '== 20261128090000 AddEmailVerifiedToUsers: migrating =========================',
  '-- execute("UPDATE users SET email_verified = true WHERE confirmed_at IS NOT NULL")',
  '::add-mask::not-a-command',
  'bin/rails aborted!',
  'StandardError: An error has occurred, this and all later migrations canceled:',
  '',
  'PG::UndefinedColumn: ERROR:  column "email_verified" of relation "users" does not exist',
  'LINE 1: UPDATE users SET email_verified = true WHERE confirmed_at <> NULL',
  '                         ^',
  "/app/db/migrate/20261128090000_add_email_verified_to_users.rb:3:in `up'",
  'Caused by:',
  'PG::UndefinedColumn: ERROR:  column "email_verified" of relation "users" does not exist',
  'Tasks: TOP => db:migrate',
  '(See full trace by running task with --trace)'
]
/** The ten last non-blank lines, as the annotation and the summary quote them. */
const LAST_TEN = MIGRATION.filter((l) => l.trim() !== '').slice(-10)

/**
 * `slow`: each phase lasts 3 s (PENDING, RUNNING, DEACTIVATING → DEPROVISIONING) so that
 * DescribeTasks sees every one; by default they pass faster than it polls.
 */
function failingMigration(family = 'migrate', slow = false): void {
  emu.registerTaskDefinition(appDefinition(family))
  emu.script(family, {
    ...(slow ? { pendingMs: 3000, stoppingMs: 3000 } : {}),
    containers: {
      app: {
        exitCode: 1,
        runMs: slow ? 3000 : 900,
        logs: MIGRATION.map((message, i) => ({ atMs: 50 + i * 30, message }))
      }
    }
  })
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' }
const decode = (text: string): string =>
  text.replace(/&(?:lt|gt|amp|quot);/g, (e) => ENTITIES[e] ?? e)

function plain(tokens: Token[] | undefined): string {
  return decode(
    (tokens ?? [])
      .map((t) =>
        'tokens' in t && t.tokens ? plain(t.tokens) : 'text' in t ? (t.text as string) : ''
      )
      .join('')
  )
}

const parse = (markdown: string): Token[] => [...marked.lexer(markdown, { gfm: true })]
const headingOf = (tokens: Token[]): string =>
  plain(tokens.find((t): t is Tokens.Heading => t.type === 'heading')?.tokens)
const tablesOf = (tokens: Token[]): Tokens.Table[] =>
  tokens.filter((t): t is Tokens.Table => t.type === 'table')

/** Workflow commands the runner would run: lines starting with `::` outside stop-commands. */
function commandNames(result: ActionResult): string[] {
  const names: string[] = []
  let token: string | undefined
  for (const line of result.lines) {
    if (token !== undefined) {
      if (line === `::${token}::`) token = undefined
      continue
    }
    const command = /^::([a-z-]+)/.exec(line)
    if (!command) continue
    names.push(command[1] ?? '')
    if (command[1] === 'stop-commands') token = line.slice('::stop-commands::'.length)
  }
  return names
}

/** Punctuation an AWS message's own stop could double: `found.. Check`, `found.; the post`. */
const DOUBLED = /[.!?]\s?[.;,:](?!\d)/

describe('a migration that fails on PG::UndefinedColumn', () => {
  it('quotes its last lines in the annotation and, collapsed under its row, in the summary', async () => {
    failingMigration()
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'migrate',
        command: 'bin/rails db:migrate',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code, result.stdout + result.stderr).toBe(1)
    const id = result.outputs['task-id']
    const logUrl = result.outputs['log-url']
    expect(logUrl).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\//)

    // The annotation: what happened, the last ten lines, then where to read more.
    expect(annotations(result).filter((a) => a.level === 'error')).toEqual([
      {
        level: 'error',
        title: 'ECS task failed',
        message: [
          `Task ${id}: container app exited with code 1. Its last 10 lines:`,
          ...LAST_TEN.map((line) => `  ${line}`),
          `Read its full log in CloudWatch: ${logUrl}`
        ].join('\n')
      }
    ])
    // core.error wrote it as one command line: a quoted log line cannot act as a command.
    expect(commandNames(result)).not.toContain('add-mask')
    expect(result.lines.filter((l) => l.startsWith('::error')).length).toBe(1)

    // The summary, as GitHub renders it.
    const tokens = parse(result.summary)
    expect(headingOf(tokens)).toBe('❌ ECS task failed: migrate · app · bin/rails db:migrate')
    // One table, in HTML: a row with its last lines under it (GFM has no spanning row).
    expect(tablesOf(tokens)).toHaveLength(0)
    const tables = tokens.filter((t) => t.type === 'html' && t.raw.startsWith('<table>'))
    expect(tables).toHaveLength(1)
    const html = tables[0]?.raw ?? ''
    const cellsOf = (tr: string): string[] =>
      [...tr.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map((m) =>
        decode((m[1] ?? '').replace(/<[^>]+>/g, ''))
      )
    const trs = html.split('\n').filter((l) => /^<tr><t[hd]>/.test(l))
    expect(cellsOf(trs[0] ?? '')).toEqual([
      'Task',
      'Container',
      'Exit code',
      'Duration',
      'Stopped reason',
      'Links'
    ])
    expect(cellsOf(trs[1] ?? '').slice(0, 3)).toEqual([id, 'app', '❌ 1'])
    expect(trs).toHaveLength(2)
    const under = html.slice(html.indexOf('<tr><td colspan="6">'), html.lastIndexOf('</td></tr>'))
    const details = { raw: under }
    expect(html.indexOf('<tr><td colspan="6">')).toBeGreaterThan(html.indexOf(trs[1] ?? '</table>'))
    expect(details.raw).toContain(
      `<details><summary>Last 10 lines of <code>app</code> in task <code>${id}</code></summary>`
    )
    const pre = /<pre>([\s\S]*)<\/pre>/.exec(details?.raw ?? '')?.[1] ?? ''
    expect(decode(pre).split('\n')).toEqual(LAST_TEN)
    expect(pre).toContain('confirmed_at &lt;&gt; NULL')
    const facts = tokens.find((t) => t.type === 'paragraph' && t.raw.startsWith('**Command'))
    // One fact per line (hard line breaks).
    expect(facts?.raw.split('\\\n').map((line) => plain(parse(line)))).toEqual([
      'Command: bin/rails db:migrate in container app',
      'Task definition: migrate:1 in cluster default (us-east-1)',
      'Triggered by: push · main · commit 8d3f2a9 · by octocat',
      expect.stringMatching(/^Took: \d+ s$/)
    ])
  })

  it('tells its story in a quiet step log, with the time since RunTask', async () => {
    // Long enough that DescribeTasks sees PENDING and the stopping statuses; on a virtual clock
    // so that it does however busy the machine is.
    failingMigration('migrate', true)
    const env = virtualClock(emu)
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'migrate', subnets: 'subnet-0e2e' }
    })
    const lines = visibleLines(result)
    const story = lines.filter((l) => /^(The task is|Container app)/.test(l))
    expect(story).toEqual([
      expect.stringMatching(/^The task is PROVISIONING \(\+0 s\)$/),
      expect.stringMatching(/^The task is RUNNING \(\+\d+ s\)$/),
      'Container app exited with code 1',
      expect.stringMatching(/^The task is STOPPED \(\+\d+ s\): Essential container in task exited$/)
    ])
    for (const status of ['PENDING', 'ACTIVATING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING']) {
      expect(result.stdout).not.toContain(status)
    }

    // With step debug logging, the other statuses are there as debug lines.
    const debug = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', subnets: 'subnet-0e2e' },
      // Its clock starts where the emulator's is now.
      env: { ...virtualClock(emu, Date.now()), RUNNER_DEBUG: '1' }
    })
    expect(debug.stdout).toMatch(/^::debug::The task is PENDING \(\+\d+ s\)$/m)
    expect(debug.stdout).toMatch(
      /^::debug::The task is (DEACTIVATING|STOPPING|DEPROVISIONING) \(\+\d+ s\)$/m
    )
    expect(visibleLines(debug).join('\n')).not.toMatch(/PENDING|DEACTIVATING|STOPPING/)
  })

  it('names each task in the log and the summary when there are several', async () => {
    failingMigration()
    // On a virtual clock: each task is seen RUNNING however busy the machine is.
    const result = await runAction({
      endpoint: emu.url,
      env: virtualClock(emu),
      inputs: { 'task-definition': 'migrate', count: '2', subnets: 'subnet-0e2e' }
    })
    const ids = (JSON.parse(result.outputs['task-arns'] ?? '[]') as string[]).map((a) =>
      a.split('/').pop()
    )
    const lines = visibleLines(result)
    for (const id of ids) {
      expect(lines).toContain(`Task ${id}: container app exited with code 1`)
      expect(lines.some((l) => l.startsWith(`Task ${id} is RUNNING (+`))).toBe(true)
    }
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(errors).toHaveLength(2)
    for (const error of errors) expect(error.message).toContain('  PG::UndefinedColumn: ERROR:')
    // Each failed row has its own collapsed lines under it.
    expect(result.summary.match(/<details>/g)).toHaveLength(2)
  })
})

describe('what the summary says in other cases', () => {
  it('wait: false writes a short summary with the started tasks and their links', async () => {
    failingMigration()
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'migrate',
        command: 'bin/rails db:migrate',
        wait: 'false',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code).toBe(0)
    const tokens = parse(result.summary)
    expect(headingOf(tokens)).toBe('▶️ ECS task started: migrate · app · bin/rails db:migrate')
    const [table] = tablesOf(tokens)
    expect(table?.header.map((h) => plain(h.tokens))).toEqual(['Task', 'Links'])
    expect(plain(table?.rows[0]?.[0]?.tokens)).toBe(result.outputs['task-id'])
    const links = (table?.rows[0]?.[1]?.tokens ?? []).filter(
      (t): t is Tokens.Link => t.type === 'link'
    )
    expect(links.map((l) => l.text)).toEqual(['ECS', 'logs'])
    expect(links[1]?.href).toBe(result.outputs['log-url'])
    expect(result.summary).toContain('`wait` is false')
  })

  it('gives two uses of the action in one job different headings', async () => {
    emu.registerTaskDefinition(appDefinition('shop'))
    const heading = async (command: string): Promise<string> => {
      const result = await runAction({
        endpoint: emu.url,
        inputs: { 'task-definition': 'shop', command, subnets: 'subnet-0e2e' }
      })
      expect(result.code).toBe(0)
      return headingOf(parse(result.summary))
    }
    const migrate = await heading('bin/rails db:migrate')
    const seed = await heading('bin/rails db:seed')
    expect(migrate).toBe('✅ ECS task succeeded: shop · app · bin/rails db:migrate')
    expect(seed).toBe('✅ ECS task succeeded: shop · app · bin/rails db:seed')
  })

  it('names the pull request that triggered the run, from the event payload', async () => {
    emu.registerTaskDefinition(appDefinition('shop'))
    const dir = mkdtempSync(join(tmpdir(), 'event-'))
    const event = join(dir, 'event.json')
    writeFileSync(
      event,
      JSON.stringify({
        pull_request: {
          number: 12,
          html_url: 'https://github.com/acme/shop/pull/12',
          title: 'Add email_verified to users'
        }
      })
    )
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop', subnets: 'subnet-0e2e' },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REF: 'refs/pull/12/merge'
      }
    })
    const facts = parse(result.summary).find(
      (t): t is Tokens.Paragraph => t.type === 'paragraph' && t.raw.startsWith('**Command')
    )
    expect(plain(facts?.tokens)).toContain(
      'Triggered by: pull_request · #12 Add email_verified to users · commit 8d3f2a9 · by octocat'
    )
  })
})

describe('titles by stage, each message ending in what to do', () => {
  it('no credentials: "Task not started", naming configure-aws-credentials, id-token and the region', async () => {
    emu.registerTaskDefinition(appDefinition('migrate'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', subnets: 'subnet-0e2e' },
      env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }
    })
    expect(result.code).toBe(1)
    expect(emu.calls).toHaveLength(0)
    // Not taken for a network error: no retries until start-timeout.
    expect(result.stdout).not.toContain('retrying')
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.title).toBe('Task not started')
    expect(error?.message).toBe(
      'No AWS credentials were found for region us-east-1: Could not load credentials from any ' +
        'providers. Add a step with aws-actions/configure-aws-credentials (role-to-assume and ' +
        'aws-region) before this one, and give the job `permissions: id-token: write` so it can ' +
        'assume the role through OIDC.'
    )
    const tokens = parse(result.summary)
    expect(headingOf(tokens)).toBe('❌ Task not started: migrate')
    expect(result.summary).toContain('aws-actions/configure-aws-credentials')
  })

  it.each([
    {
      name: 'an unknown cluster',
      inputs: { 'task-definition': 'migrate', cluster: 'nope', subnets: 'subnet-0e2e' },
      message:
        'Cluster "nope" was not found in region us-east-1. ' +
        'Check the "cluster" input and the region ("aws-region", AWS_REGION).'
    },
    {
      name: 'an unknown task definition',
      inputs: { 'task-definition': 'nope:3', subnets: 'subnet-0e2e' },
      message:
        'Task definition "nope:3" was not found in us-east-1: Unable to describe task ' +
        'definition. Check the "task-definition" input (family, family:revision or ARN) and the region.'
    }
  ])('$name: "Task not started", the AWS message quoted with one stop', async (c) => {
    emu.registerTaskDefinition(appDefinition('migrate'))
    const result = await runAction({ endpoint: emu.url, inputs: c.inputs })
    expect(result.code).toBe(1)
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(errors).toEqual([{ level: 'error', title: 'Task not started', message: c.message }])
    expect(result.summary).not.toMatch(DOUBLED)
    expect(headingOf(parse(result.summary))).toMatch(/^❌ Task not started/)
  })

  it('the post step quotes a StopTask error with one stop', async () => {
    const post = await runAction({
      endpoint: emu.url,
      entry: 'post',
      state: {
        'task-ids-0': '0123456789abcdef0123456789abcdef',
        cluster: 'nope',
        region: 'us-east-1'
      }
    })
    expect(post.code).toBe(0)
    expect(annotations(post)).toEqual([
      {
        level: 'warning',
        message:
          'Could not stop task 0123456789abcdef0123456789abcdef: Cluster not found; stop it in the ECS console.'
      }
    ])
  })

  it('wait-timeout: "Timed out", the task stopped, and what to change', async () => {
    emu.registerTaskDefinition(appDefinition('slow'))
    emu.script('slow', { containers: { app: { runMs: 120_000 } } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'slow', 'wait-timeout': '0.02', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(emu.callsOf('StopTask')).toHaveLength(1)
    expect(annotations(result).filter((a) => a.level === 'error')).toEqual([
      {
        level: 'error',
        title: 'Timed out',
        message:
          'The task did not stop within wait-timeout (0.02 minutes); it was stopped.\n' +
          'Raise "wait-timeout" if the task needs longer.'
      }
    ])
    expect(headingOf(parse(result.summary))).toBe('❌ Timed out: slow · app')
  })

  it('cancelled: "Cancelled" in the annotation and the summary, with the task\'s links', async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    emu.script('job', {
      containers: { app: { runMs: 120_000, logs: [{ atMs: 10, message: 'working' }] } }
    })
    const action = startAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', subnets: 'subnet-0e2e' }
    })
    await action.waitFor(/working/)
    action.child.kill('SIGINT')
    const result = await action.done
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.title).toBe('Cancelled')
    expect(error?.message).toBe(
      'The workflow was cancelled; the task was stopped. Run the workflow again to run the task.'
    )
    const tokens = parse(result.summary)
    expect(headingOf(tokens)).toBe('❌ Cancelled: job · app')
    expect(plain(tablesOf(tokens)[0]?.rows[0]?.[0]?.tokens)).toBe(result.outputs['task-id'])
  })

  it('never doubles the stop of a message it quotes, in any annotation or summary above', async () => {
    // The messages above are exact; this sweeps a failing run's whole output as well.
    failingMigration()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', subnets: 'subnet-0e2e' }
    })
    for (const a of annotations(result)) expect(a.message).not.toMatch(DOUBLED)
    const summaryText = result.summary.replace(/<pre>[\s\S]*<\/pre>/, '')
    expect(summaryText).not.toMatch(DOUBLED)
  })
})
