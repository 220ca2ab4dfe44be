import { checkContainerNames } from './containers.js'
import type { Inputs } from './inputs.js'
import type { Problems } from './problems.js'
import { fargateOnlyProblems } from './request-rules.js'
import { TASK_DEFINITION_FORMS } from './task-definition-source.js'
import { quote } from './text.js'

/** Rules across inputs, once each input is valid on its own. */
export function checkInputRules(inputs: Inputs, p: Problems): void {
  if (inputs.taskDefinition === undefined && inputs.service === undefined) {
    p.lines.push(
      `Input "task-definition" is required unless "service" is given: give ${TASK_DEFINITION_FORMS}, ` +
        'or "service" to run what an ECS service runs.'
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
    inputs.service !== undefined
  const needsNetwork = (input: string, what: string): void =>
    p.detail(
      input,
      `needs "subnets", "service" or "network-from-service" (${what} part of the awsvpc network configuration)`
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
