import {
  DescribeServicesCommand,
  type ECSClient,
  type NetworkConfiguration
} from '@aws-sdk/client-ecs'
import { describeAccessDenied } from '../aws/errors.js'
import type { Inputs } from '../inputs/inputs.js'

/**
 * The awsvpc configuration for the task: from the inputs, or copied from a service in the
 * same cluster (so a migration runs where the app runs). Explicit inputs win over the copy.
 */
export async function networkConfiguration(
  inputs: Inputs,
  ecs: ECSClient
): Promise<NetworkConfiguration | undefined> {
  if (inputs.subnets.length > 0) {
    return {
      awsvpcConfiguration: {
        subnets: inputs.subnets,
        ...(inputs.securityGroups.length > 0 ? { securityGroups: inputs.securityGroups } : {}),
        assignPublicIp: inputs.assignPublicIp ?? 'DISABLED'
      }
    }
  }
  if (inputs.networkFromService === undefined) return undefined

  const service = inputs.networkFromService
  let out
  try {
    out = await ecs.send(
      new DescribeServicesCommand({ cluster: inputs.cluster, services: [service] })
    )
  } catch (error) {
    const denied = describeAccessDenied(error, 'ecs:DescribeServices', `service ${service}`)
    if (denied) throw new Error(denied, { cause: error })
    throw error
  }
  const found = out.services?.find((s) => s.status !== 'INACTIVE')
  if (!found) {
    throw new Error(
      `Input "network-from-service": service "${service}" was not found in cluster "${inputs.cluster}" ` +
        `(${inputs.region}). Check the service name and the "cluster" input.`
    )
  }
  const vpc = found.networkConfiguration?.awsvpcConfiguration
  if (!vpc?.subnets?.length) {
    throw new Error(
      `Input "network-from-service": service "${service}" has no awsvpc network configuration to copy; ` +
        `give "subnets" (and "security-groups") instead.`
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
