// Manual use: `tsx emulator/cli.ts [--port N] [--no-example]` starts an emulator and prints its
// URL; point the action or the AWS CLI at it with AWS_ENDPOINT_URL. Unless --no-example, it seeds
// the `example-migrate` task definition, whose container prints a few migration log lines, and
// the `example-web` service that runs it, and the `example-nightly` schedule and rule that run
// it nightly (for the action's `schedule`). `--running FAMILY` (repeatable) seeds a task of that
// family already running, as a console or schedule run would be (for `if-running`);
// `--running FAMILY@service:NAME` seeds one of a service instead (which `if-running` ignores).
// Ctrl-C stops it.

import {
  EXAMPLE_FAMILY,
  EXAMPLE_LOG_GROUP,
  EXAMPLE_NETWORK,
  EXAMPLE_RULE,
  EXAMPLE_SCHEDULE,
  EXAMPLE_SERVICE,
  seedExample
} from './example.js'
import { Emulator } from './server.js'

const portArg = process.argv.indexOf('--port')
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer between 0 and 65535, got ${process.argv[portArg + 1]}`)
  process.exit(2)
}

const emulator = await Emulator.start({ port })
console.log(emulator.url)
// RunTask refuses subnets and security groups that do not exist, as ECS does: these do.
emulator.addNetwork(EXAMPLE_NETWORK)
console.log(
  `Subnets: ${EXAMPLE_NETWORK.subnets.join(', ')}; security groups: ${EXAMPLE_NETWORK.securityGroups.join(', ')}\n` +
    '(an awsvpc task needs a network: give the action "subnets", or "service"/"network-from-service")'
)
if (!process.argv.includes('--no-example')) {
  seedExample(emulator)
  console.log(
    `Seeded task definition ${EXAMPLE_FAMILY} (logs in ${EXAMPLE_LOG_GROUP}, stream ecs/app/<task id>); try:\n` +
      `  AWS_ENDPOINT_URL=${emulator.url} AWS_REGION=${emulator.region} AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \\\n` +
      `    aws ecs run-task --task-definition ${EXAMPLE_FAMILY} \\\n` +
      `    --network-configuration 'awsvpcConfiguration={subnets=[${EXAMPLE_NETWORK.subnets[0]}]}'\n` +
      `Service ${EXAMPLE_SERVICE} runs it, for the action's "service" input.`
  )
}
if (!process.argv.includes('--no-example')) {
  console.log(
    `Schedule ${EXAMPLE_SCHEDULE} and rule ${EXAMPLE_RULE} run it nightly, for the action's "schedule".`
  )
}
process.argv.forEach((arg, i) => {
  if (arg !== '--running') return
  const [family = '', group] = (process.argv[i + 1] ?? '').split('@')
  const task = emulator.startTask(
    {
      taskDefinition: family,
      ...(group ? { group } : {}),
      networkConfiguration: {
        awsvpcConfiguration: { subnets: EXAMPLE_NETWORK.subnets.slice(0, 1) }
      }
    },
    { agoMs: 30 * 60_000 }
  )
  console.log(`Running since 30 min ago: ${task.taskArn} (group ${task.group}), until stopped.`)
})
emulator.onCall((call) =>
  console.log(
    `${new Date(call.at).toISOString()} ${call.service} ${call.op}${call.fault ? ` [fault: ${call.fault}]` : ''}`
  )
)

const shutdown = (): void => {
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    }
  )
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
