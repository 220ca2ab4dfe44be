import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type Tag,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { asAwsError, explainAccessDenied, errorMessage } from '../aws/errors.js'
import { keptFailing, retryTransient, type CallBudget } from '../aws/retry-transient.js'
import { Cancelled } from '../kit/failures.js'
import { joinSentences } from '../kit/sentences.js'

export interface DescribedTaskDefinition {
  taskDefinition: TaskDefinition
  /** Asked for only when the definition is to be registered again (tags carried over). */
  tags?: Tag[]
}

export interface DescribeOptions {
  region: string
  /** Ask for the tags too (`include: ["TAGS"]`). */
  withTags: boolean
  /** Where the reference came from (e.g. the service that runs it); default the input. */
  from?: string
}

/** DescribeTaskDefinition of a family, family:revision or ARN, retried within the budget. */
export async function describeTaskDefinitionRef(
  ecs: ECSClient,
  reference: string,
  options: DescribeOptions,
  budget: CallBudget
): Promise<DescribedTaskDefinition> {
  const label = 'DescribeTaskDefinition'
  try {
    const out = await retryTransient(
      label,
      () =>
        ecs.send(
          new DescribeTaskDefinitionCommand({
            taskDefinition: reference,
            ...(options.withTags ? { include: ['TAGS'] } : {})
          })
        ),
      budget
    )
    if (!out.taskDefinition) throw new Error('DescribeTaskDefinition returned no task definition')
    return {
      taskDefinition: out.taskDefinition,
      ...(options.withTags && out.tags ? { tags: out.tags } : {})
    }
  } catch (error) {
    if (error instanceof Cancelled) throw error
    const denied = explainAccessDenied(error, 'ecs:DescribeTaskDefinition', reference)
    if (denied) throw new Error(denied, { cause: error })
    if (asAwsError(error).name === 'ClientException') {
      const check = options.from
        ? `Check ${options.from} and the region`
        : 'Check the "task-definition" input (family, family:revision or ARN) and the region'
      throw new Error(
        joinSentences(
          `Task definition "${reference}" was not found in ${options.region}: ${errorMessage(error)}`,
          check
        ),
        { cause: error }
      )
    }
    throw new Error(keptFailing(label, error) ?? errorMessage(error), { cause: error })
  }
}

/**
 * RegisterTaskDefinition, retried within the budget. A retry after an answer that was lost
 * may leave one identical extra revision; the revision of the answer is the one that runs.
 * `what` names the definition in messages (the file, or the family and its basis).
 */
export async function registerTaskDefinition(
  ecs: ECSClient,
  input: RegisterTaskDefinitionCommandInput,
  what: string,
  region: string,
  budget: CallBudget
): Promise<TaskDefinition> {
  const label = 'RegisterTaskDefinition'
  try {
    const out = await retryTransient(
      label,
      () => ecs.send(new RegisterTaskDefinitionCommand(input)),
      budget
    )
    if (!out.taskDefinition) throw new Error('RegisterTaskDefinition returned no task definition')
    return out.taskDefinition
  } catch (error) {
    if (error instanceof Cancelled) throw error
    const denied = explainAccessDenied(
      error,
      'ecs:RegisterTaskDefinition',
      `family ${input.family ?? ''}`
    )
    if (denied) {
      const extra = [
        'iam:PassRole on its task and execution roles',
        ...(input.tags?.length
          ? ['ecs:TagResource (condition ecs:CreateAction = RegisterTaskDefinition) for its tags']
          : [])
      ]
      throw new Error(`${denied} Registering also needs ${extra.join(' and ')}.`, {
        cause: error
      })
    }
    throw new Error(
      keptFailing(label, error) ??
        joinSentences(
          `Could not register ${what} in ${region}: ${errorMessage(error)}`,
          'Fix what AWS names in the task definition, then run the workflow again'
        ),
      { cause: error }
    )
  }
}

/** A task definition as the log names it: `family:revision`, else its ARN. */
export function taskDefinitionLabel(td: TaskDefinition): string {
  return td.family && td.revision
    ? `${td.family}:${td.revision}`
    : (td.taskDefinitionArn ?? 'the task definition')
}
