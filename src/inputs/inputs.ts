import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  KeyValuePair,
  LaunchType,
  PlacementConstraint,
  PlacementStrategy,
  PropagateTags,
  Tag,
  TaskOverride,
  TaskVolumeConfiguration
} from '@aws-sdk/client-ecs'
import type { ImageOverride, RetryCause } from './parsers.js'
import type { TaskDefinitionSource } from './task-definition-source.js'

/** Every input of action.yml, parsed and validated once, before any AWS call. */
export interface Inputs {
  /** Undefined: the task definition of `service`'s primary deployment. */
  taskDefinition?: TaskDefinitionSource
  service?: string
  images: ImageOverride[]
  cluster: string
  container?: string
  command?: string[]
  environment: KeyValuePair[]
  overrides?: TaskOverride
  launchType?: LaunchType
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  platformVersion?: string
  subnets: string[]
  securityGroups: string[]
  assignPublicIp?: AssignPublicIp
  networkFromService?: string
  count: number
  /** Undefined: not sharded (one task, or `count` alike). */
  shards?: number
  /** With `shards`: at most this many shards starting or running; undefined: every shard. */
  maxParallel?: number
  failFast: boolean
  startedBy: string
  group?: string
  tags: Tag[]
  propagateTags?: PropagateTags
  enableEcsManagedTags: boolean
  enableExecuteCommand: boolean
  placementConstraints?: PlacementConstraint[]
  placementStrategy?: PlacementStrategy[]
  volumeConfigurations?: TaskVolumeConfiguration[]
  clientToken: string
  wait: boolean
  waitTimeoutMs: number
  startTimeoutMs: number
  retryOn: RetryCause[]
  maxAttempts: number
  taskOutputs: string[]
  dryRun: boolean
  stopOnCancel: boolean
  streamLogs: boolean
  /** Undefined: every container that uses awslogs. */
  logContainers?: string[]
  region: string
}
