import type { NetworkConfiguration } from '@aws-sdk/client-ecs'
import type { Inputs } from '../inputs/inputs.js'
import { InputError } from '../inputs/problems.js'

/** A service whose awsvpc network the task may copy, and the input that named it. */
export interface NetworkSource {
  input: 'service' | 'network-from-service'
  serviceName: string
  network?: NetworkConfiguration
}

/**
 * The awsvpc configuration for the task: from the inputs, or copied from a service in the
 * same cluster (so a migration runs where the app runs). `subnets` wins over any service;
 * `security-groups` and `assign-public-ip` given explicitly win over the service's. Without
 * subnets and without a service, no network configuration (the task definition decides).
 */
export function networkConfiguration(
  inputs: Inputs,
  source: NetworkSource | undefined
): NetworkConfiguration | undefined {
  if (inputs.subnets.length > 0) {
    return {
      awsvpcConfiguration: {
        subnets: inputs.subnets,
        ...(inputs.securityGroups.length > 0 ? { securityGroups: inputs.securityGroups } : {}),
        assignPublicIp: inputs.assignPublicIp ?? 'DISABLED'
      }
    }
  }
  if (source === undefined) return undefined
  const vpc = source.network?.awsvpcConfiguration
  if (!vpc?.subnets?.length) {
    const overrides = inputs.securityGroups.length > 0 || inputs.assignPublicIp !== undefined
    // `service` without awsvpc (e.g. bridge mode on EC2) is fine: the task runs the same way.
    if (source.input === 'service' && !overrides) return undefined
    throw new Error(
      `Input "${source.input}": service "${source.serviceName}" has no awsvpc network ` +
        `configuration to copy; give "subnets" (and "security-groups") instead.`
    )
  }
  const securityGroups =
    inputs.securityGroups.length > 0 ? inputs.securityGroups : vpc.securityGroups
  return {
    awsvpcConfiguration: {
      subnets: vpc.subnets,
      ...(securityGroups?.length ? { securityGroups } : {}),
      assignPublicIp: inputs.assignPublicIp ?? vpc.assignPublicIp ?? 'DISABLED'
    }
  }
}

/**
 * An `awsvpc` task definition runs only with a network configuration, which RunTask would ask
 * for after a revision was registered: an input error naming the inputs that give one. `source`
 * is the service whose network was to be copied, when one was named.
 */
export function checkNetworkGiven(
  networkMode: string | undefined,
  network: NetworkConfiguration | undefined,
  source: NetworkSource | undefined,
  definition: string
): void {
  if (networkMode !== 'awsvpc' || network) return
  if (source) {
    throw new InputError(
      `Input "${source.input}": service "${source.serviceName}" has no awsvpc network ` +
        `configuration to copy, and ${definition} uses network mode awsvpc, which needs one: ` +
        'give "subnets" (and "security-groups").'
    )
  }
  throw new InputError(
    `${capitalized(definition)} uses network mode awsvpc, which needs a network, and none of ` +
      '"subnets", "service" or "network-from-service" is given: give "subnets" (and ' +
      '"security-groups"), or "service" or "network-from-service" to copy the network of an ' +
      'ECS service.'
  )
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
