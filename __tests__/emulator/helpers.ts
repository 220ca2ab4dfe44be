// Shared setup for the emulator's tests: real SDK clients pointed at a fresh emulator.

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECSClient } from '@aws-sdk/client-ecs'
import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { Emulator } from '../../emulator/server.js'

export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }

export function clients(
  emu: Emulator,
  maxAttempts = 1
): { ecs: ECSClient; logs: CloudWatchLogsClient } {
  const common = { endpoint: emu.url, region: 'us-east-1', credentials, maxAttempts }
  return { ecs: new ECSClient(common), logs: new CloudWatchLogsClient(common) }
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
