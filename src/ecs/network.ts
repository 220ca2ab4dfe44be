import type { NetworkConfiguration } from '@aws-sdk/client-ecs'
import type { Inputs } from '../inputs/inputs.js'

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
