import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  KeyValuePair,
  LaunchType,
  PlacementConstraint,
  PlacementStrategy,
  Tag,
  TaskOverride,
  TaskVolumeConfiguration
} from '@aws-sdk/client-ecs'
import type { ImageOverride, RetryCause } from './parsers.js'
import type { ScheduleRef } from './schedule-ref.js'
import type { TaskDefinitionSource } from './task-definition-source.js'

/** What to do when a task of the same job is already running (docs/scheduled-jobs.md). */
export const IF_RUNNING = ['allow', 'skip', 'fail', 'wait', 'replace'] as const
export type IfRunning = (typeof IF_RUNNING)[number]

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
  ifRunning: IfRunning
  schedule?: ScheduleRef
  tags: Tag[]
  /** RunTask refuses SERVICE. */
  propagateTags?: 'TASK_DEFINITION' | 'NONE'
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
  /**
   * Which of the inputs defaulted in code (`codeDefault`) the workflow gave: a `schedule`'s value
   * is taken only where the workflow's is not.
   */
  given?: ReadonlySet<string>
  /** With `schedule`: which inputs its target filled, for messages about where a value came from. */
  fromSchedule?: { what: string; inputs: ReadonlySet<string> }
}
