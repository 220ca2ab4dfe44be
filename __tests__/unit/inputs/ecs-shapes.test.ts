import { describe, expect, it } from 'vitest'
import {
  CAPACITY_PROVIDER_STRATEGY,
  PLACEMENT_CONSTRAINTS,
  PLACEMENT_STRATEGY,
  TASK_OVERRIDE,
  VOLUME_CONFIGURATIONS
} from '../../../src/inputs/ecs-shapes.js'
import { checkShape, type Shape } from '../../../src/inputs/shape.js'

// What the JSON inputs accept, after the ECS API's types: a value ECS would refuse (or that
// would be dropped without a word) is a problem before any AWS call, naming its path.

const ok: Array<[string, Shape, unknown]> = [
  [
    'an override of a production migration',
    TASK_OVERRIDE,
    {
      containerOverrides: [
        {
          name: 'app',
          command: ['bin/rails', 'db:migrate'],
          environment: [{ name: 'RAILS_ENV', value: 'production' }],
          memory: 2048,
          resourceRequirements: [{ type: 'GPU', value: '1' }]
        }
      ],
      cpu: '1024',
      memory: '4096',
      ephemeralStorage: { sizeInGiB: 50 }
    }
  ],
  [
    'Spot with an on-demand base',
    CAPACITY_PROVIDER_STRATEGY,
    [
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
      { capacityProvider: 'FARGATE', weight: 0, base: 1 }
    ]
  ],
  [
    'constraints',
    PLACEMENT_CONSTRAINTS,
    [
      { type: 'distinctInstance' },
      { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }
    ]
  ],
  [
    'strategies',
    PLACEMENT_STRATEGY,
    [
      { type: 'spread', field: 'attribute:ecs.availability-zone' },
      { type: 'binpack', field: 'memory' }
    ]
  ],
  [
    'an EBS volume',
    VOLUME_CONFIGURATIONS,
    [
      {
        name: 'scratch',
        managedEBSVolume: {
          roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
          sizeInGiB: 200,
          volumeType: 'gp3',
          filesystemType: 'ext4',
          terminationPolicy: { deleteOnTermination: true }
        }
      }
    ]
  ]
]

const refused: Array<[string, Shape, unknown, string[]]> = [
  [
    'a container override without its name',
    TASK_OVERRIDE,
    { containerOverrides: [{ command: ['x'] }] },
    ['overrides.containerOverrides[0].name is required']
  ],
  [
    'a misspelt key, with the known ones',
    TASK_OVERRIDE,
    { containerOverride: [] },
    [
      'overrides.containerOverride is not a known key (known keys: containerOverrides, cpu, memory, ' +
        'taskRoleArn, executionRoleArn, ephemeralStorage, inferenceAcceleratorOverrides)'
    ]
  ],
  [
    'a weight over 1000 and a provider without a name',
    CAPACITY_PROVIDER_STRATEGY,
    [{ capacityProvider: 'FARGATE', weight: 1001 }, { weight: 1 }],
    [
      'overrides[0].weight must be a whole number from 0 to 1000, got 1001',
      'overrides[1].capacityProvider is required'
    ]
  ],
  [
    'memberOf without an expression',
    PLACEMENT_CONSTRAINTS,
    [{ type: 'memberOf' }],
    ['overrides[0].expression is required when type is "memberOf"']
  ],
  [
    'binpack on something other than cpu or memory',
    PLACEMENT_STRATEGY,
    [{ type: 'binpack', field: 'disk' }],
    ['overrides[0].field must be "cpu" or "memory" when type is "binpack"']
  ],
  [
    'an unknown file system',
    VOLUME_CONFIGURATIONS,
    [{ name: 'v', managedEBSVolume: { roleArn: 'arn:r', filesystemType: 'zfs' } }],
    [
      'overrides[0].managedEBSVolume.filesystemType must be one of "ext3", "ext4", "xfs" or ' +
        '"ntfs", got "zfs"'
    ]
  ]
]

describe('the shapes of the ECS JSON inputs', () => {
  it.each(ok)('accept %s', (_, shape, value) => {
    expect(checkShape(value, shape, 'overrides')).toEqual([])
  })

  it.each(refused)('refuse %s', (_, shape, value, problems) => {
    expect(checkShape(value, shape, 'overrides')).toEqual(problems)
  })
})
