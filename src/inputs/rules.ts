import { checkContainerNames } from './containers.js'
import type { Inputs } from './inputs.js'
import type { Problems } from './problems.js'
import { fargateOnlyProblems } from './request-rules.js'
import { TASK_DEFINITION_FORMS } from './task-definition-source.js'
import { quote } from './text.js'

/** Rules across inputs, once each input is valid on its own. */
export function checkInputRules(inputs: Inputs, p: Problems): void {
  const named = inputs.service !== undefined || inputs.schedule !== undefined
  if (inputs.taskDefinition === undefined && !named) {
    p.lines.push(
      `Input "task-definition" is required unless "service" or "schedule" is given: give ${TASK_DEFINITION_FORMS}, ` +
        'or "service" to run what an ECS service runs, or "schedule" to run what a schedule runs.'
    )
  }
  if (inputs.launchType !== undefined && inputs.capacityProviderStrategy !== undefined) {
    p.lines.push(
      'Inputs "launch-type" and "capacity-provider-strategy" cannot be used together: ' +
        'ECS takes one or the other. Remove one of them.'
    )
  }
  const hasNetwork =
    inputs.subnets.length > 0 ||
    inputs.networkFromService !== undefined ||
    inputs.service !== undefined ||
    inputs.schedule !== undefined
  const needsNetwork = (input: string, what: string): void =>
    p.detail(
      input,
      `needs "subnets", "service", "network-from-service" or "schedule" (${what} part of the awsvpc network configuration)`
    )
  if (inputs.assignPublicIp !== undefined && !hasNetwork) needsNetwork('assign-public-ip', 'it is')
  if (inputs.securityGroups.length > 0 && !hasNetwork) needsNetwork('security-groups', 'they are')
  if (inputs.taskOutputs.length > 0 && !inputs.wait) {
    p.detail(
      'task-outputs',
      'needs "wait: true": the task sets its outputs in its log while the step waits'
    )
  }
  if (inputs.taskOutputs.length > 0 && !inputs.streamLogs) {
    p.detail(
      'task-outputs',
      'needs "stream-logs: true": the outputs are read from the streamed log'
    )
  }
  checkClusterRegion(inputs, p)
  // With `launch-type` given, the inputs alone show a Fargate-only setting RunTask would refuse
  // (a service's settings are judged once it is described: run/prepare.ts).
  if (inputs.launchType !== undefined) {
    const fargateOnly = fargateOnlyProblems(
      {
        launchType: inputs.launchType,
        ...(inputs.platformVersion ? { platformVersion: inputs.platformVersion } : {}),
        ...(inputs.assignPublicIp
          ? {
              networkConfiguration: {
                awsvpcConfiguration: {
                  subnets: inputs.subnets,
                  assignPublicIp: inputs.assignPublicIp
                }
              }
            }
          : {})
      },
      { launch: 'input "launch-type"' }
    )
    p.lines.push(...fargateOnly)
  }
  const source = inputs.taskDefinition
  if (source?.kind === 'file') {
    const definitions = source.definition['containerDefinitions'] as { name: string }[]
    const names = definitions.map((c) => c.name)
    checkContainerNames(names, `the task definition in ${quote(source.path)}`, inputs, p)
  }
}

/**
 * ECS finds a cluster only in the region it is asked in: a cluster ARN of another region would
 * be "not found" after a call, when the inputs alone show why.
 */
function checkClusterRegion(inputs: Inputs, p: Problems): void {
  const arnRegion = /^arn:[^:]+:ecs:([^:]+):\d{12}:cluster\//.exec(inputs.cluster)?.[1]
  if (arnRegion === undefined || inputs.region === '' || arnRegion === inputs.region) return
  p.detail(
    'cluster',
    `${quote(inputs.cluster)} is a cluster in region ${arnRegion}, but the step runs in ` +
      `${inputs.region} ("aws-region", else AWS_REGION or AWS_DEFAULT_REGION), where ECS cannot ` +
      `find it: set "aws-region: ${arnRegion}", or give a cluster of ${inputs.region}`
  )
}
