import type {
  NetworkConfiguration,
  RegisterTaskDefinitionCommandInput,
  RunTaskCommandInput,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import type { Launch } from './run-task-request.js'
import type { ServiceRunConfig } from './service.js'

/** Everything RunTask needs, resolved with read-only calls: what a dry run shows. */
export interface TaskPlan {
  /** The definition that runs: as described, or the file's content (no ARN before registering). */
  taskDefinition: TaskDefinition
  /** Where the definition comes from, for messages: `shop:7`, `file "td.json"`… */
  source: string
  /** What is registered before RunTask (a file, or a definition with images replaced). */
  registration?: RegisterTaskDefinitionCommandInput
  container: string
  /** Why `container` is the primary container, as a clause. */
  containerWhy: string
  /** Several candidates and no input needing one: the primary is decided per task at its end. */
  candidates?: readonly string[]
  network?: NetworkConfiguration
  /** The launch settings sent: the inputs', completed from the service's. */
  launch: Launch
  /** What `service` contributed, when given. */
  service?: ServiceRunConfig
  /** The RunTask request for the definition that runs, once its ARN is known. */
  request(taskDefinitionArn: string): RunTaskCommandInput
}
