// The shapes of the action's JSON inputs, after the ECS API's types: what overrides,
// capacity-provider-strategy, placement-constraints, placement-strategy and
// volume-configurations accept (checked by inputs/shape.ts before any AWS call).

import {
  anyValue,
  arrayOf,
  bool,
  enumOf,
  integer,
  object,
  required,
  string,
  type Shape
} from './shape.js'

export const PROPAGATE_TAGS = ['TASK_DEFINITION', 'SERVICE', 'NONE']
const ecsTag = object({ key: string(), value: string() })

const taskOverride: Shape = object({
  containerOverrides: arrayOf(
    object({
      // ECS requires the name as soon as a container override says anything.
      name: required(string({ minLength: 1 })),
      command: arrayOf(string()),
      environment: arrayOf(object({ name: string(), value: string() })),
      environmentFiles: arrayOf(
        object({ value: required(string()), type: required(enumOf('s3')) })
      ),
      cpu: integer({ min: 0 }),
      memory: integer({ min: 0 }),
      memoryReservation: integer({ min: 0 }),
      resourceRequirements: arrayOf(
        object({
          value: string(),
          type: required(enumOf('GPU', 'InferenceAccelerator', 'NeuronDevice')),
          sharingStrategy: anyValue()
        })
      )
    })
  ),
  cpu: string(),
  memory: string(),
  taskRoleArn: string(),
  executionRoleArn: string(),
  ephemeralStorage: object({ sizeInGiB: required(integer({ min: 0 })) }),
  inferenceAcceleratorOverrides: arrayOf(object({ deviceName: string(), deviceType: string() }))
})
/** RunTask's `overrides`: the containers' overrides are a list inside it, not the whole value. */
export const TASK_OVERRIDE: Shape = {
  ...taskOverride,
  example: '{"containerOverrides": [{"name": "app", "command": ["bin/migrate"]}]}'
} as Shape

export const CAPACITY_PROVIDER_STRATEGY: Shape = arrayOf(
  object({
    capacityProvider: required(string({ minLength: 1, maxLength: 255 })),
    weight: integer({ min: 0, max: 1000 }),
    base: integer({ min: 0, max: 100000 })
  }),
  { minItems: 1, maxItems: 20 }
)

export const PLACEMENT_CONSTRAINTS: Shape = arrayOf(
  object(
    {
      type: required(enumOf('distinctInstance', 'memberOf')),
      expression: string({ maxLength: 2000 })
    },
    (value, at) => {
      if (value['type'] === 'memberOf' && value['expression'] === undefined) {
        return [`${at}.expression is required when type is "memberOf"`]
      }
      if (value['type'] === 'distinctInstance' && value['expression'] !== undefined) {
        return [`${at}.expression must be left out when type is "distinctInstance"`]
      }
      return []
    }
  ),
  { maxItems: 10 }
)

export const PLACEMENT_STRATEGY: Shape = arrayOf(
  object(
    { type: required(enumOf('random', 'spread', 'binpack')), field: string({ minLength: 1 }) },
    (value, at) => {
      const field = value['field']
      if (value['type'] === 'binpack' && field !== 'cpu' && field !== 'memory') {
        return [`${at}.field must be "cpu" or "memory" when type is "binpack"`]
      }
      if (value['type'] === 'spread' && field === undefined) {
        return [
          `${at}.field is required when type is "spread" (e.g. "attribute:ecs.availability-zone")`
        ]
      }
      return []
    }
  ),
  { maxItems: 5 }
)

export const VOLUME_CONFIGURATIONS: Shape = arrayOf(
  object({
    name: required(string({ minLength: 1 })),
    managedEBSVolume: required(
      object({
        roleArn: required(string({ minLength: 1 })),
        encrypted: bool(),
        kmsKeyId: string(),
        volumeType: string(),
        sizeInGiB: integer({ min: 1 }),
        snapshotId: string(),
        volumeInitializationRate: integer({ min: 0 }),
        iops: integer({ min: 0 }),
        throughput: integer({ min: 0 }),
        tagSpecifications: arrayOf(
          object({
            resourceType: required(enumOf('volume')),
            tags: arrayOf(ecsTag),
            propagateTags: enumOf(...PROPAGATE_TAGS)
          })
        ),
        terminationPolicy: object({ deleteOnTermination: required(bool()) }),
        filesystemType: enumOf('ext3', 'ext4', 'xfs', 'ntfs')
      })
    )
  }),
  { minItems: 1 }
)
