// The example task `npm run emulator` seeds prints its migration log lines and exits 0.

import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeServicesCommand, DescribeTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs'
import { afterEach, expect, it, vi } from 'vitest'
import {
  EXAMPLE_FAMILY,
  EXAMPLE_LINES,
  EXAMPLE_LOG_GROUP,
  EXAMPLE_NETWORK,
  EXAMPLE_SERVICE,
  seedExample
} from '../../emulator/example.js'
import { clients, Emulator } from './helpers.js'

afterEach(() => {
  vi.useRealTimers()
})

it('a run of the seeded example streams its migration lines and exits 0', async () => {
  const emu = await Emulator.start()
  const { ecs, logs } = clients(emu)
  const T0 = Date.UTC(2026, 0, 15, 9)
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
  expect(seedExample(emu)).toBe(EXAMPLE_FAMILY)

  // As a manual `aws ecs run-task --task-definition example-migrate` would: no launch type.
  const task = (
    await ecs.send(
      new RunTaskCommand({
        taskDefinition: EXAMPLE_FAMILY,
        networkConfiguration: { awsvpcConfiguration: { subnets: EXAMPLE_NETWORK.subnets } }
      })
    )
  ).tasks![0]!
  const id = task.taskArn!.split('/').pop()!
  vi.setSystemTime(T0 + 60_000)
  const page = await logs.send(
    new GetLogEventsCommand({
      logGroupName: EXAMPLE_LOG_GROUP,
      logStreamName: `ecs/app/${id}`,
      startFromHead: true
    })
  )
  expect(page.events?.map((e) => e.message)).toEqual(EXAMPLE_LINES)
  expect(EXAMPLE_LINES.some((l) => /migrating/.test(l))).toBe(true)
  const done = await ecs.send(new DescribeTasksCommand({ tasks: [task.taskArn!] }))
  expect(done.tasks?.[0]).toMatchObject({
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited'
  })
  expect(done.tasks?.[0]?.containers?.[0]?.exitCode).toBe(0)
  // The seeded service runs the example, for the action's `service` input.
  const described = await ecs.send(new DescribeServicesCommand({ services: [EXAMPLE_SERVICE] }))
  expect(described.services?.[0]).toMatchObject({
    serviceName: EXAMPLE_SERVICE,
    taskDefinition: expect.stringContaining(`task-definition/${EXAMPLE_FAMILY}:1`),
    networkConfiguration: { awsvpcConfiguration: { subnets: [EXAMPLE_NETWORK.subnets[0]!] } }
  })
  ecs.destroy()
  logs.destroy()
  await emu.close()
})
