// Shared setup for the emulator's tests: real SDK clients pointed at a fresh emulator.

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECSClient } from '@aws-sdk/client-ecs'
import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest'
import { Emulator } from '../../emulator/server.js'

/**
 * The VPC of these tests: the emulator refuses an awsvpc RunTask without a network, or naming a
 * subnet or security group it does not know, as ECS does. Every emulator seeds these ids.
 */
export const TEST_VPC = {
  subnets: ['subnet-1', 'subnet-2', 'subnet-a', 'subnet-0aa'],
  securityGroups: ['sg-1', 'sg-0bb']
}
/** RunTask's network for the tests' awsvpc task definitions. */
export const NETWORK = {
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } }
}

export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }

export function clients(
  emu: Emulator,
  maxAttempts = 1
): { ecs: ECSClient; logs: CloudWatchLogsClient } {
  const common = { endpoint: emu.url, region: 'us-east-1', credentials, maxAttempts }
  return { ecs: new ECSClient(common), logs: new CloudWatchLogsClient(common) }
}

export interface SharedEmulator {
  emu: Emulator
  ecs: ECSClient
  logs: CloudWatchLogsClient
}

/**
 * One emulator and its clients for a test file, reset before each test; `ready` receives them
 * once started. With `at`, only Date is faked, at that time: the emulator derives task state
 * from Date.now(), so a test sets the clock.
 */
export function useSharedEmulator(ready: (shared: SharedEmulator) => void, at?: number): void {
  let shared: SharedEmulator | undefined
  beforeAll(async () => {
    const emu = await Emulator.start()
    emu.addNetwork(TEST_VPC)
    shared = { emu, ...clients(emu) }
    ready(shared)
  })
  afterAll(async () => {
    shared?.ecs.destroy()
    shared?.logs.destroy()
    await shared?.emu.close()
  })
  beforeEach(() => {
    shared?.emu.reset()
    if (at === undefined) return
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(at)
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A task definition with one essential container logging through awslogs. */
export function taskDef(
  family: string,
  containers: string[] = ['app']
): RegisterTaskDefinitionCommandInput & { containerDefinitions: ContainerDefinition[] } {
  return {
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: containers.map((name) => ({
      name,
      image: `public.ecr.aws/docker/library/busybox:latest`,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': `/ecs/${family}`,
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'ecs'
        }
      }
    }))
  }
}

/** Catches the rejection of a promise so its properties can be asserted. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read exception members freely
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

export { Emulator }
