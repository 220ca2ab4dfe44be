/**
 * `npm run demo`: the bundled action runs the migration before a deploy (README, "Database
 * migration before the deploy") against the embedded ECS + CloudWatch Logs emulator, exactly
 * as the GitHub runner would start it: like service `shop-web`, with the image the build just
 * pushed. A newcomer sees the real experience without an AWS account.
 */
import { createInterface } from 'node:readline'
import { Emulator } from '../emulator/server.js'
import { startAction } from '../__tests__/support/runner.js'
import { RunnerView } from './runner-view.js'

const emulator = await Emulator.start()
emulator.addCluster('production')
emulator.registerTaskDefinition({
  family: 'shop-web',
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
  'ECS_RUN_TASK_OUTPUT schema_version=20261125101500',
  'Migrations complete: 2 applied, schema version 20261125101500'
]
// The service the migration runs like: its task definition, network and capacity.
emulator.addService({
  cluster: 'production',
  serviceName: 'shop-web',
  taskDefinition: 'shop-web:1',
  capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
  platformVersion: '1.4.0',
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-0a1b2c3d'],
      securityGroups: ['sg-0a1b2c3d'],
      assignPublicIp: 'DISABLED'
    }
  }
})
emulator.script('shop-web', {
  provisioningMs: 400,
  pendingMs: 800,
  stoppingMs: 3000,
  containers: {
    app: {
      exitCode: 0,
      runMs: 3600,
      // The last line is ingested after the task stopped: the action still prints it.
      logs: lines.map((message, i) => ({
        atMs: 250 + i * 300,
        message,
        ...(i === lines.length - 1 ? { ingestDelayMs: 4000 } : {})
      }))
    }
  }
})

console.log(`Emulated ECS + CloudWatch Logs at ${emulator.url}\n`)
console.log(
  '$ uses: org/ecs-run-task@v1  (service: shop-web, image: …/shop:9f2c1e7, command: bin/rails db:migrate)\n'
)

// Started exactly as the runner starts it (__tests__/support/runner.ts, as the end-to-end tests
// start it): INPUT_* variables, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files,
// AWS_ENDPOINT_URL at the emulator.
const action = startAction({
  endpoint: emulator.url,
  inputs: {
    cluster: 'production',
    service: 'shop-web',
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:9f2c1e7',
    command: 'bin/rails db:migrate',
    environment: 'RAILS_ENV=production\nDATABASE_PASSWORD=hunter2',
    'task-outputs': 'schema_version'
  }
})
const view = new RunnerView()
createInterface({ input: action.child.stdout! }).on('line', (line) => {
  const shown = view.render(line)
  if (shown !== undefined) console.log(`  ${shown}`)
})
const result = await action.done
await emulator.close()
if (result.stderr) process.stderr.write(result.stderr)

console.log(
  `\nStep ${result.code === 0 ? 'succeeded' : `failed (exit ${result.code})`}.\n\nOutputs (GITHUB_OUTPUT):`
)
for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`)
console.log('\nJob summary (GITHUB_STEP_SUMMARY):\n')
console.log(result.summary.replace(/^/gm, '  '))
process.exitCode = result.code ?? 1
