import * as core from '@actions/core'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { Outputs } from '../kit/outputs.js'
import type { Inputs } from '../inputs/inputs.js'
import { InputError } from '../inputs/problems.js'
import { TaskOutputCollector, taskOutputsLogProblem } from '../logs/task-output-collector.js'
import { taskId } from '../kit/links.js'

/** Before anything starts: `task-outputs` needs `container`'s log to be streamed. */
export function checkTaskOutputsSource(
  inputs: Inputs,
  definition: TaskDefinition,
  container: string
): void {
  if (inputs.taskOutputs.length === 0) return
  const problem = taskOutputsLogProblem(
    definition.containerDefinitions ?? [],
    container,
    inputs.region,
    inputs.logContainers
  )
  if (problem) throw new InputError(problem)
}

/** With `task-outputs`: the collector of the lines of `container` in the first task. */
export function collectTaskOutputs(
  inputs: Inputs,
  taskArns: string[],
  container: string
): TaskOutputCollector | undefined {
  if (inputs.taskOutputs.length === 0) return undefined
  const first = taskArns[0] ?? ''
  if (taskArns.length > 1) {
    core.info(
      `task-outputs: only the lines of ${container} in the first task (${taskId(first)}) set outputs.`
    )
  }
  return new TaskOutputCollector(inputs.taskOutputs, { taskArn: first, container })
}

/** Writes the `task-outputs` output and names what was set. */
export function publishTaskOutputs(taskOutputs: TaskOutputCollector, container: string): void {
  const names = Object.keys(taskOutputs.outputs())
  core.info(
    names.length > 0
      ? `Task outputs set: ${names.join(', ')}.`
      : `Task outputs set: none (no ECS_RUN_TASK_OUTPUT line of a listed name in ${container}'s log).`
  )
  core.setOutput(Outputs.taskOutputs, taskOutputs.json())
}
