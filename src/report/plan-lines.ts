// The lines the preparation of a run logs about its plan: what the service runs with and which
// of it the task takes, and what a registered revision is made of.

import type { ServiceRunConfig } from '../ecs/service.js'
import type { TaskPlan } from '../ecs/task-plan.js'
import type { Inputs } from '../inputs/inputs.js'

/** One line: what the service runs with, and which of it the task takes. */
export function serviceConfigLine(config: ServiceRunConfig, inputs: Inputs): string {
  const parts: string[] = []
  const taken = (given: boolean): string => (given ? ' (input given instead)' : '')
  if (config.taskDefinition) {
    parts.push(
      `task definition ${config.taskDefinition}${taken(inputs.taskDefinition !== undefined)}`
    )
  }
  const launchGiven =
    inputs.launchType !== undefined || inputs.capacityProviderStrategy !== undefined
  if (config.capacityProviderStrategy) {
    const strategy = config.capacityProviderStrategy
      .map((s) => `${s.capacityProvider}:${s.weight ?? 0}:${s.base ?? 0}`)
      .join(', ')
    parts.push(`capacity provider strategy ${strategy}${taken(launchGiven)}`)
  } else if (config.launchType) {
    parts.push(`launch type ${config.launchType}${taken(launchGiven)}`)
  }
  if (config.platformVersion) {
    parts.push(
      `platform version ${config.platformVersion}${taken(inputs.platformVersion !== undefined)}`
    )
  }
  const vpc = config.networkConfiguration?.awsvpcConfiguration
  if (vpc) {
    const publicIp = vpc.assignPublicIp
      ? `public IP ${vpc.assignPublicIp}` +
        (inputs.assignPublicIp !== undefined ? ', "assign-public-ip" given instead' : '')
      : undefined
    const network = [
      `subnets ${(vpc.subnets ?? []).join(', ')}`,
      ...(vpc.securityGroups?.length ? [`security groups ${vpc.securityGroups.join(', ')}`] : []),
      ...(publicIp ? [publicIp] : [])
    ].join('; ')
    const other =
      inputs.subnets.length > 0 ||
      (inputs.networkFromService !== undefined && inputs.networkFromService !== inputs.service)
    parts.push(`network (${network})${taken(other)}`)
  }
  const deployment = config.deployment ? ` (deployment ${config.deployment})` : ''
  return `Service ${config.serviceName} runs with${deployment}: ${parts.join(', ') || 'nothing to mirror'}.`
}

/** What a registration is made of: `shop:7 with image of app: repo/shop:abc`. */
export function registrationLine(
  plan: Pick<TaskPlan, 'source' | 'container'>,
  inputs: Pick<Inputs, 'images'>
): string {
  const images = inputs.images.map((o) => `image of ${o.container ?? plan.container}: ${o.image}`)
  return images.length > 0 ? `${plan.source} with ${images.join(', ')}` : plan.source
}
