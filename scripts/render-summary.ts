/**
 * `npx tsx scripts/render-summary.ts`: renders the job summary the action really writes, for the
 * manual (docs/what-you-see.md). The bundled action (dist/index.js) runs a `count: 2` task
 * against the embedded emulator, as in `npm run demo`, and one of the two fails; the
 * GITHUB_STEP_SUMMARY file it wrote is converted to HTML with marked (GitHub Flavored Markdown),
 * wrapped in a page styled like GitHub's job summary and screenshotted with headless Chromium. The failed container's last
 * lines, collapsed on GitHub until clicked, are shown expanded.
 *
 * Writes docs/summary.html and docs/summary.png. Needs Chromium (`apt-get install chromium`);
 * set CHROMIUM to its path if it is not `chromium` on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { marked } from 'marked'
import { format } from 'prettier'
import { runAction } from '../__tests__/support/runner.js'
import { Emulator, type ContainerBehaviour } from '../emulator/server.js'
import { RunnerView } from './runner-view.js'

const root = resolve(import.meta.dirname, '..')
const htmlFile = join(root, 'docs/summary.html')
const pngFile = join(root, 'docs/summary.png')
const chromium = process.env.CHROMIUM ?? 'chromium'

// Before anything runs or is written: without Chromium there is no picture, and a new
// summary.html beside the old picture would only make them disagree.
const probe = spawnSync(chromium, ['--version'], { encoding: 'utf8' })
if (probe.error || probe.status !== 0) {
  const why =
    (probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
      ? `"${chromium}" is not on PATH`
      : `"${chromium} --version" failed (${probe.error?.message ?? (probe.stderr.trim() || `exit status ${probe.status}`)})`
  console.error(
    `render-summary needs Chromium to screenshot the summary, and ${why}. Nothing was changed.\n` +
      'Install it (Debian and Ubuntu: sudo apt-get install chromium), or set CHROMIUM to its path,\n' +
      'e.g. CHROMIUM=/usr/bin/google-chrome npm run render-summary'
  )
  process.exit(1)
}
/** CSS pixels; the PNG is twice as large (device scale factor 2) so it stays crisp when scaled. */
const WIDTH = 1020
const JOB = 'nightly-report'

// ---- the run: two shards of a nightly report; the second one fails ---------------------------

const emulator = await Emulator.start()
emulator.addCluster('reports')
emulator.addNetwork({ subnets: ['subnet-0a1b2c3d'], securityGroups: ['sg-0a1b2c3d'] })
emulator.registerTaskDefinition({
  family: 'report-shard',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '512',
  memory: '1024',
  containerDefinitions: [
    {
      name: 'app',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.4.2',
      essential: true,
      logConfiguration: awslogs('/ecs/shop')
    },
    {
      // A non-essential init container that fetches the report's configuration and exits.
      name: 'config-init',
      image: 'public.ecr.aws/aws-cli/aws-cli:2.22.0',
      essential: false,
      logConfiguration: awslogs('/ecs/shop')
    }
  ]
})

function awslogs(group: string): object {
  return {
    logDriver: 'awslogs',
    options: {
      'awslogs-group': group,
      'awslogs-region': 'us-east-1',
      'awslogs-stream-prefix': 'ecs',
      mode: 'blocking'
    }
  }
}

type LogLine = NonNullable<ContainerBehaviour['logs']>[number]
const lines = (messages: string[], stepMs = 400): LogLine[] =>
  messages.map((message, i) => ({ atMs: 200 + i * stepMs, message }))
const configInit: ContainerBehaviour = {
  exitCode: 0,
  runMs: 600,
  logs: lines(['download: s3://acme-reports/config/nightly.yml to config/nightly.yml'])
}
/** What the `app` container of each task does, in RunTask's order: shard 0 passes, shard 1 fails. */
const shards: Record<string, ContainerBehaviour>[] = [
  {
    app: {
      exitCode: 0,
      runMs: 2600,
      logs: lines([
        'Building the orders report for 2026-11-27 (shard 0 of 2)',
        'Aggregated 18,204 orders in 1.9s',
        'Uploaded s3://acme-reports/2026-11-27/orders-0.csv'
      ])
    },
    'config-init': configInit
  },
  {
    app: {
      exitCode: 1,
      runMs: 2200,
      logs: lines(
        [
          'Building the orders report for 2026-11-27 (shard 1 of 2)',
          'Loading orders 9,102..18,204',
          'rake aborted!',
          'ActiveRecord::StatementInvalid: PG::UndefinedColumn: ERROR:  column orders.discount_cents does not exist',
          'LINE 1: SELECT SUM(orders.discount_cents) FROM "orders" WHERE "orders"."shard" = $1',
          '                   ^',
          "/app/lib/reports/orders.rb:42:in `discounts'",
          "/app/lib/tasks/reports.rake:12:in `block (2 levels) in <main>'",
          'Tasks: TOP => reports:nightly',
          '(See full trace by running task with --trace)'
        ],
        150
      )
    },
    'config-init': configInit
  }
]
// The emulator scripts a family, not a task: both tasks of one RunTask share this behaviour.
// It reads `provisioningMs` once per task it creates, before its containers, so that read
// tells which task is being created. The run below checks that the two shards did differ.
let created = 0
emulator.script('report-shard', {
  get provisioningMs() {
    created++
    return 400
  },
  get containers() {
    return shards[Math.min(created, shards.length) - 1] ?? {}
  },
  pendingMs: 800,
  stoppingMs: 1500
})

console.log(`Emulated ECS + CloudWatch Logs at ${emulator.url}`)
console.log('Running dist/index.js (task-definition: report-shard, count: 2)…\n')
const result = await runAction({
  endpoint: emulator.url,
  inputs: {
    'task-definition': 'report-shard',
    cluster: 'reports',
    count: '2',
    command: 'bin/rake reports:nightly',
    'launch-type': 'FARGATE',
    subnets: 'subnet-0a1b2c3d',
    'security-groups': 'sg-0a1b2c3d'
  },
  env: {
    GITHUB_RUN_ID: '4242',
    GITHUB_JOB: JOB,
    GITHUB_WORKFLOW: 'nightly-report',
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_ACTOR: 'github-actions[bot]'
  }
})
await emulator.close()

const view = new RunnerView()
for (const line of result.lines) {
  const shown = view.render(line)
  if (shown !== undefined && shown !== '') console.log(`  ${shown}`)
}
if (result.stderr.trim()) console.error(result.stderr)
console.log(`\nStep ${result.code === 0 ? 'succeeded' : `failed (exit ${result.code})`}.`)

const summary = result.summary
if (!summary.includes('| Task | Container |')) {
  throw new Error(`the action wrote no summary table:\n${summary || '(empty)'}`)
}
if (!/\| app \| 0 \|/.test(summary) || !/\| app \| ❌ \*\*1\*\* \|/.test(summary)) {
  throw new Error(`expected one shard to exit 0 and the other 1, the summary says:\n${summary}`)
}
if (!/<details>[\s\S]*PG::UndefinedColumn[\s\S]*<\/details>/.test(summary)) {
  throw new Error(`expected the failed shard's last lines in the summary:\n${summary}`)
}
console.log('\nJob summary (GITHUB_STEP_SUMMARY):\n')
console.log(summary.replace(/^/gm, '  '))

// ---- the page: the Markdown as GitHub renders it in the run's summary ------------------------

const body = await marked.parse(summary, { gfm: true, async: true })
// Written to a scratch directory first: docs/ changes only once the screenshot worked too.
const scratch = mkdtempSync(join(tmpdir(), 'ecs-run-task-summary-'))
const scratchHtml = join(scratch, 'summary.html')
const scratchPng = join(scratch, 'summary.png')
// Formatted as `npm run format` would, so `npm run lint` (prettier --check .) accepts the file.
writeFileSync(scratchHtml, await format(page(body, `${JOB} summary`), { parser: 'html' }))

/** GitHub's job-summary box (light theme): system font, bordered table, no external resources. */
function page(content: string, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
  html { background: #f6f8fa; }
  body {
    margin: 0; padding: 16px;
    font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial,
      sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
    font-size: 14px; line-height: 1.5; color: #1f2328;
  }
  .box { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
  .box > header {
    padding: 12px 16px; border-bottom: 1px solid #d0d7de; font-weight: 600; font-size: 14px;
  }
  .markdown-body { padding: 8px 16px 16px; overflow-wrap: break-word; }
  .markdown-body > :first-child { margin-top: 8px; }
  .markdown-body > :last-child { margin-bottom: 0; }
  h3 { font-size: 1.25em; font-weight: 600; line-height: 1.25; margin: 16px 0 12px; }
  p, ul, table, details { margin: 0 0 16px; }
  summary { cursor: pointer; }
  details[open] > summary { margin-bottom: 8px; }
  pre {
    font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono",
      monospace;
    font-size: 85%; line-height: 1.45; padding: 16px; margin: 0; overflow: auto;
    background: #f6f8fa; border-radius: 6px; white-space: pre;
  }
  ul { padding-left: 2em; }
  li + li { margin-top: 0.25em; }
  a { color: #0969da; text-decoration: none; }
  code {
    font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono",
      monospace;
    font-size: 85%; padding: 0.2em 0.4em; border-radius: 6px;
    background: rgba(175, 184, 193, 0.2); white-space: break-spaces;
  }
  table { border-collapse: collapse; border-spacing: 0; display: block; width: max-content;
    max-width: 100%; overflow: auto; font-variant: tabular-nums; }
  th { font-weight: 600; }
  th, td { padding: 6px 13px; border: 1px solid #d0d7de; }
  td code { white-space: nowrap; }
  tr { background: #fff; border-top: 1px solid #d1d9e0b3; }
  tbody tr:nth-child(2n) { background: #f6f8fa; }
</style>
</head>
<body>
<div class="box">
<header>${title}</header>
<div class="markdown-body">
${content}</div>
</div>
<script>
  // GitHub shows the failing lines collapsed until clicked; the picture shows them open.
  for (const details of document.querySelectorAll('details')) details.open = true
  // Read by the measuring pass (--dump-dom): the page's height at this width, down to the
  // bottom of the box plus the body's padding (scrollHeight would be the window's height).
  const box = document.querySelector('.box').getBoundingClientRect()
  document.documentElement.dataset.height = String(Math.ceil(box.bottom + 16))
</script>
</body>
</html>
`
}

// ---- the screenshot: measure the page's height, then shoot it at that size -----------------------

const profile = mkdtempSync(join(tmpdir(), 'ecs-run-task-chromium-'))
try {
  const url = pathToFileURL(scratchHtml).href
  const flags = (height: number): string[] => [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    '--force-device-scale-factor=2',
    `--window-size=${WIDTH},${height}`
  ]
  const dom = execFileSync(chromium, [...flags(2000), '--dump-dom', url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore']
  })
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1])
  if (!Number.isFinite(height) || height <= 0) throw new Error('could not measure the page')
  execFileSync(chromium, [...flags(height), `--screenshot=${scratchPng}`, url], {
    stdio: ['ignore', 'ignore', 'ignore']
  })
  copyFileSync(scratchHtml, htmlFile)
  copyFileSync(scratchPng, pngFile)
  console.log(`Wrote ${htmlFile}`)
  console.log(`Wrote ${pngFile} (${WIDTH}×${height} CSS px at 2×)`)
} finally {
  rmSync(profile, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
}
