import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { asAwsError, describeAccessDenied, errorMessage } from '../aws/errors.js'
import { joinSentences } from '../report/sentences.js'
import type { TaskDefinitionSource } from '../inputs/inputs.js'

export interface ResolvedTaskDefinition {
  taskDefinition: TaskDefinition
  /** True when it was registered from a file by this step. */
  registered: boolean
}

/** Finds the task definition to run, registering it first when a file was given. */
export async function resolveTaskDefinition(
  ecs: ECSClient,
  source: TaskDefinitionSource,
  region: string
): Promise<ResolvedTaskDefinition> {
  if (source.kind === 'file') {
    try {
      const input = source.definition as unknown as RegisterTaskDefinitionCommandInput
      const out = await ecs.send(new RegisterTaskDefinitionCommand(input))
      if (!out.taskDefinition) throw new Error('RegisterTaskDefinition returned no task definition')
      return { taskDefinition: out.taskDefinition, registered: true }
    } catch (error) {
      const denied = describeAccessDenied(
        error,
        'ecs:RegisterTaskDefinition',
        `family ${String(source.definition.family)}`
      )
      throw new Error(
        denied ??
          joinSentences(
            `Could not register the task definition from ${source.path} in ${region}: ${errorMessage(error)}`,
            `Fix the file (it is sent as RegisterTaskDefinition's input) and run the workflow again`
          ),
        { cause: error }
      )
    }
  }
  try {
    const out = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: source.reference })
    )
    if (!out.taskDefinition) throw new Error('DescribeTaskDefinition returned no task definition')
    return { taskDefinition: out.taskDefinition, registered: false }
  } catch (error) {
    const denied = describeAccessDenied(error, 'ecs:DescribeTaskDefinition', source.reference)
    if (denied) throw new Error(denied, { cause: error })
    if (asAwsError(error).name === 'ClientException') {
      throw new Error(
        joinSentences(
          `Task definition "${source.reference}" was not found in ${region}: ${errorMessage(error)}`,
          `Check the "task-definition" input (family, family:revision or ARN) and the region`
        ),
        { cause: error }
      )
    }
    throw error
  }
}

export function isEssential(container: ContainerDefinition): boolean {
  return container.essential !== false
}

/**
 * The container that `command`/`environment` override and whose exit code is reported:
 * the one named, else the first essential one (as ECS considers a container essential
 * unless told otherwise).
 */
export function mainContainer(taskDefinition: TaskDefinition, requested?: string): string {
  const containers = taskDefinition.containerDefinitions ?? []
  // Checked against the definition with the other container names (inputs/containers.ts).
  if (requested !== undefined) return requested
  const first = containers.find(isEssential) ?? containers[0]
  if (!first?.name) throw new Error(`${describeTaskDefinition(taskDefinition)} has no containers.`)
  return first.name
}

export function describeTaskDefinition(td: TaskDefinition): string {
  return td.family && td.revision
    ? `${td.family}:${td.revision}`
    : (td.taskDefinitionArn ?? 'the task definition')
}
