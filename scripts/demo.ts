/**
 * `npm run demo`: the bundled action runs a database-migration task against the embedded
 * ECS + CloudWatch Logs emulator, exactly as the GitHub runner would start it, so a
 * newcomer sees the real experience without an AWS account.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { Emulator } from '../emulator/server.js'
import { parseFileCommands } from '../__tests__/e2e/harness.js'
import { RunnerView } from './runner-view.js'

const root = resolve(import.meta.dirname, '..')
const emulator = await Emulator.start()
emulator.registerTaskDefinition({
  family: 'shop-migrate',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'app',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.4.2',
      essential: true,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/shop',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'ecs',
          mode: 'blocking'
        }
      }
    }
  ]
})
const lines = [
  'I, [2026-11-28T09:00:00] INFO -- : Connecting to shop-production.cluster-abc.rds.amazonaws.com',
  '== 20261120090000 CreateOrders: migrating =======================',
  '-- create_table(:orders)',
  '   -> 0.0123s',
  '== 20261120090000 CreateOrders: migrated (0.0124s) ==============',
  '== 20261125101500 AddIndexOnOrdersCustomerId: migrating =========',
  '-- add_index(:orders, :customer_id, {algorithm: :concurrently})',
  '   -> 0.4311s',
  '== 20261125101500 AddIndexOnOrdersCustomerId: migrated (0.4312s) =',
  'Migrations complete: 2 applied, schema version 20261125101500'
]
emulator.script('shop-migrate', {
  provisioningMs: 400,
  pendingMs: 800,
  stoppingMs: 3000,
  containers: {
    app: {
      exitCode: 0,
      runMs: 3200,
      // The last line is ingested after the task stopped: the action still prints it.
      logs: lines.map((message, i) => ({
        atMs: 250 + i * 300,
        message,
        ...(i === lines.length - 1 ? { ingestDelayMs: 4000 } : {})
      }))
    }
  }
})

const dir = mkdtempSync(join(tmpdir(), 'ecs-run-task-demo-'))
const files = {
  output: join(dir, 'output'),
  state: join(dir, 'state'),
  summary: join(dir, 'summary')
}
for (const f of Object.values(files)) writeFileSync(f, '')
console.log(`Emulated ECS + CloudWatch Logs at ${emulator.url}\n`)
console.log(
  '$ uses: org/ecs-run-task@v1  (task-definition: shop-migrate, command: bin/rails db:migrate)\n'
)

const child = spawn(process.execPath, [join(root, 'dist/index.js')], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'demo',
    AWS_ENDPOINT_URL: emulator.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'migrate',
    GITHUB_ACTION: 'migrate',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    'INPUT_TASK-DEFINITION': 'shop-migrate',
    INPUT_CLUSTER: 'default',
    INPUT_COMMAND: 'bin/rails db:migrate',
    INPUT_ENVIRONMENT: 'RAILS_ENV=production\nDATABASE_PASSWORD=hunter2',
    'INPUT_LAUNCH-TYPE': 'FARGATE',
    INPUT_SUBNETS: 'subnet-0a1b2c3d',
    'INPUT_SECURITY-GROUPS': 'sg-0a1b2c3d'
  }
})
const view = new RunnerView()
createInterface({ input: child.stdout }).on('line', (line) => {
  const shown = view.render(line)
  if (shown !== undefined) console.log(`  ${shown}`)
})
const code = await new Promise<number | null>((done) => child.on('close', done))
await emulator.close()

console.log(
  `\nStep ${code === 0 ? 'succeeded' : `failed (exit ${code})`}.\n\nOutputs (GITHUB_OUTPUT):`
)
for (const [name, value] of Object.entries(parseFileCommands(readFileSync(files.output, 'utf8')))) {
  console.log(`  ${name} = ${value}`)
}
console.log()
console.log('Job summary (GITHUB_STEP_SUMMARY):\n')
console.log(readFileSync(files.summary, 'utf8').replace(/^/gm, '  '))
process.exitCode = code ?? 1
