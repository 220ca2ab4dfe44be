import {
  DescribeServicesCommand,
  type CapacityProviderStrategyItem,
  type ECSClient,
  type LaunchType,
  type NetworkConfiguration,
  type Service
} from '@aws-sdk/client-ecs'
import { explainAccessDenied, errorMessage } from '../aws/errors.js'
import { keptFailing, retryTransient, type CallBudget } from '../aws/retry-transient.js'
import { Cancelled } from '../kit/failures.js'
import { clusterNotFound } from './cluster.js'

/** A service named by an input (`service` or `network-from-service`). */
export interface ServiceRef {
  input: 'service' | 'network-from-service'
  name: string
}

/** What a service's primary deployment runs with: what a one-off task can mirror. */
export interface ServiceRunConfig {
  serviceName: string
  /** The PRIMARY deployment's (or task set's) id, when the service reports one. */
  deployment?: string
  taskDefinition?: string
  launchType?: LaunchType
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  platformVersion?: string
  networkConfiguration?: NetworkConfiguration
}

export interface ServiceLookup {
  cluster: string
  region: string
}

/**
 * Describes the services the inputs name with one DescribeServices call (the same service
 * named twice is asked for once), retried within the budget. A service that ECS does not know
 * (`MISSING`) or that was deleted (`INACTIVE`) fails naming it, the cluster and the region.
 * Returns the services in the order of `refs`.
 */
export async function describeServices(
  ecs: ECSClient,
  refs: readonly ServiceRef[],
  where: ServiceLookup,
  budget: CallBudget
): Promise<Service[]> {
  const names = [...new Set(refs.map((r) => r.name))]
  const label = 'DescribeServices'
  let out
  try {
    out = await retryTransient(
      label,
      () => ecs.send(new DescribeServicesCommand({ cluster: where.cluster, services: names })),
      budget
    )
  } catch (error) {
    if (error instanceof Cancelled) throw error
    const denied = explainAccessDenied(error, 'ecs:DescribeServices', `service ${names.join(', ')}`)
    if (denied) throw new Error(denied, { cause: error })
    if ((error as { name?: string }).name === 'ClusterNotFoundException') {
      throw new Error(clusterNotFound(where, errorMessage(error)), { cause: error })
    }
    throw new Error(keptFailing(label, error) ?? errorMessage(error), { cause: error })
  }
  return refs.map((ref) => {
    const found = (out.services ?? []).find((s) => sameService(s, ref.name))
    if (found && found.status !== 'INACTIVE') return found
    const why = found ? 'was deleted (status INACTIVE)' : 'was not found'
    throw new Error(
      `Input "${ref.input}": service "${ref.name}" ${why} in cluster "${where.cluster}" ` +
        `(region ${where.region}). Check the service name, the "cluster" input and the region.`
    )
  })
}

/** A name or an ARN (`…:service/name` or `…:service/cluster/name`) matches the service. */
function sameService(service: Service, ref: string): boolean {
  if (ref.startsWith('arn:')) {
    return service.serviceArn === ref || ref.split('/').pop() === service.serviceName
  }
  return service.serviceName === ref
}

/**
 * What the service runs with, read from its PRIMARY deployment (the one being rolled out),
 * or its PRIMARY task set (CODE_DEPLOY and EXTERNAL controllers), else the service itself.
 * The launch type and the capacity provider strategy are taken from one place, never mixed.
 */
export function serviceRunConfig(service: Service): ServiceRunConfig {
  const primary =
    service.deployments?.find((d) => d.status === 'PRIMARY') ??
    service.taskSets?.find((t) => t.status === 'PRIMARY')
  const pick = <K extends keyof ServiceRunConfig & keyof Service>(key: K): Service[K] =>
    (primary as Service | undefined)?.[key] ?? service[key]
  const launchFrom =
    primary?.capacityProviderStrategy?.length || primary?.launchType ? primary : service
  const config: ServiceRunConfig = { serviceName: service.serviceName ?? '' }
  if (primary?.id) config.deployment = primary.id
  const taskDefinition = pick('taskDefinition')
  if (taskDefinition) config.taskDefinition = taskDefinition
  if (launchFrom.capacityProviderStrategy?.length) {
    config.capacityProviderStrategy = launchFrom.capacityProviderStrategy
  } else if (launchFrom.launchType) {
    config.launchType = launchFrom.launchType
  }
  const platformVersion = pick('platformVersion')
  if (platformVersion) config.platformVersion = platformVersion
  const network = pick('networkConfiguration')
  if (network?.awsvpcConfiguration) config.networkConfiguration = network
  return config
}
