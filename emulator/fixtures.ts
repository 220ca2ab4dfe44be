import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'

// Task definitions and log lines that tests, the demo and the bench seed the emulator with.

export function awslogs(prefix: string | undefined = 'ecs', group = '/ecs/app') {
  return {
    logDriver: 'awslogs' as const,
    options: {
      'awslogs-group': group,
      'awslogs-region': 'us-east-1',
      ...(prefix ? { 'awslogs-stream-prefix': prefix } : {})
    }
  }
}

/** A Fargate task definition whose containers all log through awslogs. */
export function appDefinition(
  family: string,
  containers: Array<{ name: string; essential?: boolean; logs?: boolean }> = [{ name: 'app' }]
): RegisterTaskDefinitionCommandInput {
  return {
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: containers.map((c) => ({
      name: c.name,
      image: `registry.example/${c.name}:1`,
      essential: c.essential ?? true,
      ...(c.logs === false ? {} : { logConfiguration: awslogs() })
    }))
  }
}

export function numbered(prefix: string, count: number, everyMs = 50, startMs = 50) {
  return Array.from({ length: count }, (_, i) => ({
    atMs: startMs + i * everyMs,
    message: `${prefix} line ${i + 1}`
  }))
}
