// `schedule`: the scheduled ECS target read and taken into the inputs, before any ECS call.

import type { CallBudget } from '../aws/retry-transient.js'
import type { Inputs } from '../inputs/inputs.js'

/** The inputs to run with, and what the log and the dry run say came from the schedule. */
export interface ScheduleApplied {
  inputs: Inputs
  /** Lines for the dry run: empty without `schedule`. */
  notes: string[]
}

/**
 * Without `schedule`, the inputs as given (nothing is loaded). With it, the schedule's or rule's
 * ECS target fills what the step does not give, said in the log (a DISABLED schedule too).
 */
export async function applySchedule(inputs: Inputs, budget: CallBudget): Promise<ScheduleApplied> {
  if (!inputs.schedule) return { inputs, notes: [] }
  // Loaded only here: the Scheduler and EventBridge SDKs stay off the start path of other runs.
  const [{ readScheduledRun }, { withScheduledRun }] = await Promise.all([
    import('../ecs/schedule.js'),
    import('../ecs/scheduled-inputs.js')
  ])
  const run = await readScheduledRun(inputs.schedule, inputs.region, budget)
  const scheduled = withScheduledRun(inputs, run)
  const notes: string[] = []
  if (run.disabled) {
    notes.push(
      `${capital(run.what)} is DISABLED: it runs now all the same (the schedule stays disabled).`
    )
  }
  notes.push(`From ${run.what} (${run.form}): ${scheduled.fromSchedule.join('; ')}.`)
  if (scheduled.givenInstead.length > 0) {
    const names = scheduled.givenInstead.map((n) => `"${n}"`).join(', ')
    notes.push(`Given to the step instead of the schedule's: ${names}.`)
  }
  for (const note of notes) budget.log(note)
  return { inputs: scheduled.inputs, notes }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
