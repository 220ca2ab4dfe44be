import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { deriveTaskDefinition } from '../../../src/ecs/derive-task-definition.js'
import { READ_ONLY_TASK_DEFINITION_FIELDS } from '../../../src/inputs/ecs-names.js'

/** As DescribeTaskDefinition answers it: read-only fields, empty lists and all. */
const DESCRIBED: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:7',
  family: 'shop',
  revision: 7,
  status: 'ACTIVE',
  taskRoleArn: 'arn:aws:iam::123456789012:role/shop-task',
  executionRoleArn: 'arn:aws:iam::123456789012:role/shop-exec',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  compatibilities: ['EC2', 'FARGATE'],
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
  cpu: '512',
  memory: '1024',
  runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  ephemeralStorage: { sizeInGiB: 30 },
  volumes: [],
  placementConstraints: [],
  registeredAt: new Date('2025-01-02T03:04:05Z'),
  registeredBy: 'arn:aws:sts::123456789012:assumed-role/deploy/gha',
  containerDefinitions: [
    {
      name: 'log-router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: false,
      firelensConfiguration: { type: 'fluentbit' },
      environment: [],
      mountPoints: []
    },
    {
      name: 'app',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:old',
      essential: true,
      cpu: 0,
      command: ['bin/rails', 'server'],
      environment: [{ name: 'RAILS_ENV', value: 'production' }],
      secrets: [
        { name: 'DATABASE_URL', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/db' }
      ],
      portMappings: [],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/shop', 'awslogs-stream-prefix': 'ecs' }
      }
    },
    { name: 'worker', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:old' }
  ]
}
const NEW = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:0f3c9a1'
const TAGS = [
  { key: 'team', value: 'shop' },
  { key: 'cost-center', value: '42' }
]

describe('deriveTaskDefinition', () => {
  it("replaces the main container's image and carries every other field and the tags over", () => {
    const derived = deriveTaskDefinition(DESCRIBED, [{ image: NEW }], 'app', TAGS)
    expect(derived).toEqual({
      family: 'shop',
      taskRoleArn: 'arn:aws:iam::123456789012:role/shop-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/shop-exec',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      ephemeralStorage: { sizeInGiB: 30 },
      containerDefinitions: [
        {
          name: 'log-router',
          image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
          essential: false,
          firelensConfiguration: { type: 'fluentbit' }
        },
        {
          name: 'app',
          image: NEW,
          essential: true,
          cpu: 0,
          command: ['bin/rails', 'server'],
          environment: [{ name: 'RAILS_ENV', value: 'production' }],
          secrets: [
            { name: 'DATABASE_URL', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/db' }
          ],
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/shop', 'awslogs-stream-prefix': 'ecs' }
          }
        },
        { name: 'worker', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:old' }
      ],
      tags: TAGS
    })
  })

  it('sends none of the read-only fields DescribeTaskDefinition adds', () => {
    const derived: object = deriveTaskDefinition(DESCRIBED, [{ image: NEW }], 'app')
    for (const field of READ_ONLY_TASK_DEFINITION_FIELDS) expect(derived).not.toHaveProperty(field)
    expect(derived).not.toHaveProperty('tags')
  })

  it("replaces only the named containers' images", () => {
    const derived = deriveTaskDefinition(
      DESCRIBED,
      [
        { container: 'worker', image: `${NEW}-worker` },
        { container: 'log-router', image: 'fluent-bit:3' }
      ],
      'app'
    )
    expect(derived.containerDefinitions?.map((c) => [c.name, c.image])).toEqual([
      ['log-router', 'fluent-bit:3'],
      ['app', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:old'],
      ['worker', `${NEW}-worker`]
    ])
  })

  it('gives an unnamed image to the main container it is told', () => {
    const derived = deriveTaskDefinition(DESCRIBED, [{ image: NEW }], 'worker')
    expect(derived.containerDefinitions?.map((c) => c.image)).toEqual([
      'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:old',
      NEW
    ])
  })

  it('without images, gives the definition as it may be registered (a file)', () => {
    const file = {
      family: 'migrate',
      containerDefinitions: [{ name: 'app', image: 'app:1' }],
      volumes: []
    }
    expect(deriveTaskDefinition(file, [], 'app')).toEqual({
      family: 'migrate',
      containerDefinitions: [{ name: 'app', image: 'app:1' }]
    })
  })

  it('leaves the described definition as it was', () => {
    const before = structuredClone(DESCRIBED)
    deriveTaskDefinition(DESCRIBED, [{ image: NEW }], 'app', TAGS)
    expect(DESCRIBED).toEqual(before)
  })

  it('refuses a container the definition does not have (the inputs check it first)', () => {
    expect(() =>
      deriveTaskDefinition(DESCRIBED, [{ container: 'nope', image: NEW }], 'app')
    ).toThrow('Task definition has no container "nope".')
  })
})
