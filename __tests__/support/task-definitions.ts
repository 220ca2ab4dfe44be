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

/** The repository of the production app's image (an ECR repository of the account). */
export const SHOP_REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop'

/** A FireLens output to CloudWatch Logs (Fluent Bit's cloudwatch_logs): stream prefix + tag. */
export function fireLensToCloudWatch(extra: Record<string, string> = {}) {
  return {
    logDriver: 'awsfirelens' as const,
    options: {
      Name: 'cloudwatch_logs',
      region: 'us-east-1',
      log_group_name: '/ecs/shop',
      log_stream_prefix: 'app/',
      auto_create_group: 'true',
      ...extra
    }
  }
}

/**
 * What a production service's task definition looks like: an agent listed first and essential
 * (Datadog), the app logging through FireLens, an Envoy mesh proxy as a second essential
 * container, and the FireLens log router (its own log through awslogs).
 */
export function productionDefinition(
  family: string,
  app: { logConfiguration?: unknown; essential?: boolean } = {}
): RegisterTaskDefinitionCommandInput {
  return {
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '1024',
    memory: '2048',
    containerDefinitions: [
      {
        name: 'datadog-agent',
        image: 'public.ecr.aws/datadog/agent:7',
        essential: true,
        environment: [{ name: 'ECS_FARGATE', value: 'true' }],
        logConfiguration: awslogs('datadog', '/ecs/shop-sidecars')
      },
      {
        name: 'app',
        image: `${SHOP_REPOSITORY}:v41`,
        essential: app.essential ?? true,
        command: ['bin/rails', 'server'],
        logConfiguration: (app.logConfiguration ?? fireLensToCloudWatch()) as never
      },
      {
        name: 'envoy',
        image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod',
        essential: true,
        logConfiguration: awslogs('envoy', '/ecs/shop-sidecars')
      },
      {
        name: 'log-router',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
        essential: true,
        firelensConfiguration: {
          type: 'fluentbit',
          options: { 'enable-ecs-log-metadata': 'true' }
        },
        logConfiguration: awslogs('firelens', '/ecs/shop-sidecars')
      }
    ]
  }
}
