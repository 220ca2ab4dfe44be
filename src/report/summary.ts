import type { RunTaskCommandInput, TaskDefinition } from '@aws-sdk/client-ecs'
import { appendFile } from 'node:fs/promises'
import { taskDefinitionLabel } from '../ecs/task-definition.js'
import type { Inputs } from '../inputs/inputs.js'
import type { LogUrl } from '../logs/targets.js'
import { loadRunContext, type RunContext } from './run-context.js'
import type { GivenUse, RunFacts, SummaryInput } from './summary-markdown.js'
import type { Failure } from './verdict.js'

/** What the step adds to the summary at its end; the rest the StepSummary learnt on the way. */
export type SummaryResult = Pick<SummaryInput, 'status' | 'title' | 'rows' | 'failures'> &
  Partial<Pick<SummaryInput, 'lastLines' | 'note' | 'started' | 'notes'>>

/**
 * The step's job summary, written once. It learns what ran and which tasks started as the step
 * goes, so a failure at any stage can still say what it was about; whichever of `write` and
 * `failed` comes first writes, the other does nothing.
 */
export class StepSummary {
  private written = false
  private facts: RunFacts | undefined
  private started: readonly string[] = []
  private logUrl: LogUrl = () => undefined

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly loadContext: () => Promise<RunContext> = () => loadRunContext(env)
  ) {}

  /** The task definition, container and command are known. */
  ran(facts: RunFacts): void {
    this.facts = facts
  }

  /** The primary container decided when the task stopped (one of several candidates). */
  primaryIs(container: string): void {
    if (this.facts) this.facts = { ...this.facts, container }
  }

  /** RunTask started these tasks; `logUrl` links a container's log stream. */
  tasksStarted(taskArns: readonly string[], logUrl: LogUrl): void {
    this.started = taskArns
    this.logUrl = logUrl
  }

  async write(result: SummaryResult): Promise<void> {
    const file = this.env.GITHUB_STEP_SUMMARY
    if (this.written || !file) return
    this.written = true
    // Loaded when written: the start path does without the Markdown renderer.
    const { summaryMarkdown } = await import('./summary-markdown.js')
    const markdown = summaryMarkdown({
      lastLines: () => [],
      ...result,
      ...(this.facts ? { facts: this.facts } : { given: givenUse(this.env) }),
      context: await this.loadContext(),
      logUrl: this.logUrl,
      writtenAt: Date.now()
    })
    // Appended, as core.summary does: other steps' summaries are in other files.
    await appendFile(file, markdown, 'utf8')
  }

  /**
   * A failure no task table shows (bad input, no credentials, RunTask refused, a cancel): its
   * title and message, with what ran and the tasks' links when they are known.
   */
  async failed(title: string, message: string): Promise<void> {
    const failures: Failure[] = message
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((headline) => ({ headline }))
    await this.write({
      status: 'failed',
      title,
      rows: [],
      failures,
      ...(this.started.length ? { started: this.started } : {})
    })
  }
}

/** What ran, for the summary: the definition, the container and its final command. */
export function runFacts(
  inputs: Inputs,
  taskDefinition: TaskDefinition,
  container: string,
  request: RunTaskCommandInput
): RunFacts {
  const command = request.overrides?.containerOverrides?.find((c) => c.name === container)?.command
  return {
    family: taskDefinition.family ?? taskDefinitionLabel(taskDefinition),
    taskDefinition: taskDefinitionLabel(taskDefinition),
    taskDefinitionArn: taskDefinition.taskDefinitionArn ?? '',
    container,
    ...(command?.length ? { command } : {}),
    cluster: inputs.cluster,
    region: inputs.region
  }
}

/**
 * The inputs that tell two uses of the action in one job apart, as the workflow gave them (the
 * runner's INPUT_ variables): for a heading written before they are validated or resolved.
 */
function givenUse(env: NodeJS.ProcessEnv): GivenUse {
  const given = (name: string): string | undefined => env[`INPUT_${name}`]?.trim() || undefined
  const use: GivenUse = {}
  const taskDefinition = given('TASK-DEFINITION')
  const service = given('SERVICE')
  const cluster = given('CLUSTER')
  if (taskDefinition) use.taskDefinition = taskDefinition
  if (service) use.service = service
  // 'default' is the input's default (the runner passes it when the workflow gives none).
  if (cluster && cluster !== 'default') use.cluster = cluster
  return use
}
