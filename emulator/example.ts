// The example task `npm run emulator` seeds: a database migration whose container prints a few
// realistic log lines, so a manual `aws ecs run-task` (or the action) against the emulator shows
// logs streaming, an exit code and a stop, without writing any script.

import type { Emulator } from './server.js'

export const EXAMPLE_FAMILY = 'example-migrate'
export const EXAMPLE_LOG_GROUP = '/ecs/example'
/** A service that runs the example family, for trying the action's `service` input. */
export const EXAMPLE_SERVICE = 'example-web'
/** A Scheduler schedule and an EventBridge rule that run the example nightly (`schedule`). */
export const EXAMPLE_SCHEDULE = 'example-nightly'
export const EXAMPLE_RULE = 'example-nightly-rule'

/**
 * The example VPC, which the CLI seeds so that RunTask accepts it: the ids of .env.example, so a
 * local run of the action works as written.
 */
export const EXAMPLE_NETWORK = {
  subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  securityGroups: ['sg-0123456789abcdef0']
}

/** What the example container prints, one line every 400 ms from the moment it runs. */
export const EXAMPLE_LINES = [
  'I, [2026-01-15T09:00:00] INFO -- : Connecting to app-production.cluster-abc.us-east-1.rds.amazonaws.com',
  '== 20260110090000 CreateInvoices: migrating ======================',
  '-- create_table(:invoices)',
  '   -> 0.0117s',
  '== 20260110090000 CreateInvoices: migrated (0.0118s) =============',
  '== 20260112101500 AddIndexOnInvoicesCustomerId: migrating ========',
  '-- add_index(:invoices, :customer_id, {algorithm: :concurrently})',
  '   -> 0.3904s',
  '== 20260112101500 AddIndexOnInvoicesCustomerId: migrated (0.3905s)',
  'Migrations complete: 2 applied, schema version 20260112101500'
]

/**
 * Registers the example task definition, scripts its container and adds a Fargate service that
 * runs it (for `service:`); returns the family.
 */
export function seedExample(emulator: Emulator): string {
  emulator.registerTaskDefinition({
    family: EXAMPLE_FAMILY,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'app',
        image: `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/app:1.0.0`,
        essential: true,
        command: ['bin/rails', 'db:migrate'],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': EXAMPLE_LOG_GROUP,
            'awslogs-region': emulator.region,
            'awslogs-stream-prefix': 'ecs',
            mode: 'blocking'
          }
        }
      }
    ]
  })
  const everyMs = 400
  emulator.script(EXAMPLE_FAMILY, {
    provisioningMs: 500,
    pendingMs: 1_000,
    stoppingMs: 2_000,
    containers: {
      app: {
        exitCode: 0,
        // A command given to RunTask (the action's `command`) runs instead, as far as the
        // emulator models a shell (emulator/command.ts).
        unlessCommandOverridden: true,
        runMs: EXAMPLE_LINES.length * everyMs + 200,
        logs: EXAMPLE_LINES.map((message, i) => ({ atMs: 100 + i * everyMs, message }))
      }
    }
  })
  emulator.addNetwork(EXAMPLE_NETWORK)
  emulator.addService({
    serviceName: EXAMPLE_SERVICE,
    taskDefinition: `${EXAMPLE_FAMILY}:1`,
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: EXAMPLE_NETWORK.subnets.slice(0, 1),
        securityGroups: EXAMPLE_NETWORK.securityGroups,
        assignPublicIp: 'DISABLED'
      }
    }
  })
  seedExampleSchedules(emulator)
  return EXAMPLE_FAMILY
}

/** The nightly run of the example, as a Scheduler schedule and as an EventBridge rule. */
function seedExampleSchedules(emulator: Emulator): void {
  const cluster = `arn:aws:ecs:${emulator.region}:${emulator.accountId}:cluster/default`
  const ecsParameters = {
    TaskDefinitionArn: `arn:aws:ecs:${emulator.region}:${emulator.accountId}:task-definition/${EXAMPLE_FAMILY}:1`,
    TaskCount: 1,
    LaunchType: 'FARGATE',
    NetworkConfiguration: {
      awsvpcConfiguration: {
        Subnets: EXAMPLE_NETWORK.subnets.slice(0, 1),
        SecurityGroups: EXAMPLE_NETWORK.securityGroups,
        AssignPublicIp: 'DISABLED'
      }
    }
  }
  const input = JSON.stringify({
    containerOverrides: [{ name: 'app', environment: [{ name: 'RUN_BY', value: 'schedule' }] }]
  })
  const role = `arn:aws:iam::${emulator.accountId}:role/example-scheduler`
  emulator.addSchedule({
    name: EXAMPLE_SCHEDULE,
    target: {
      Arn: cluster,
      RoleArn: role,
      Input: input,
      EcsParameters: { ...ecsParameters, Tags: [{ job: 'nightly' }] }
    }
  })
  emulator.addRule({
    name: EXAMPLE_RULE,
    targets: [
      {
        Id: 'nightly',
        Arn: cluster,
        RoleArn: role,
        Input: input,
        EcsParameters: { ...ecsParameters, Tags: [{ Key: 'job', Value: 'nightly' }] }
      }
    ]
  })
}
