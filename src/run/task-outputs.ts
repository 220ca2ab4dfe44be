import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { Inputs } from '../inputs/inputs.js'
import { InputError } from '../inputs/problems.js'
import type { LogReader, ReaderWarning } from '../logs/line-readers.js'
import type { LogTarget } from '../logs/targets.js'
import { TaskOutputCollector, taskOutputsLogProblem } from '../logs/task-output-collector.js'

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

/**
 * The `task-outputs` of every index (a shard, a task of `count`): each index's latest attempt's
 * `container` log sets them. Index 0's are the `task-outputs` output; every index's go into
 * `results`.
 */
export class IndexOutputs implements LogReader {
  private readonly collectors = new Map<number, TaskOutputCollector>()
  private readonly indexOf = new Map<string, number>()

  constructor(
    private readonly names: readonly string[],
    private readonly container: string
  ) {}

  /** The index's attempt runs as `taskArn`: its log sets the outputs from now on. */
  follow(index: number, taskArn: string): void {
    if (this.names.length === 0) return
    this.indexOf.set(taskArn, index)
    const collector = this.collectors.get(index)
    if (collector) collector.follow(taskArn)
    else {
      const source = { taskArn, container: this.container }
      this.collectors.set(index, new TaskOutputCollector(this.names, source))
    }
  }

  read(target: LogTarget, messages: readonly string[]): readonly ReaderWarning[] {
    const index = this.indexOf.get(target.taskArn)
    if (index === undefined) return []
    return this.collectors.get(index)?.read(target, messages) ?? []
  }

  /** The names an index set, `{}` when none. */
  of(index: number): Record<string, string> {
    return this.collectors.get(index)?.outputs() ?? {}
  }
}
