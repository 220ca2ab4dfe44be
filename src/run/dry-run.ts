import * as core from '@actions/core'
import type { Inputs } from '../inputs/inputs.js'
import { publishNothingStarted, type StepOutputs } from './finish.js'
import {
  dryRunLines,
  dryRunMarkdown,
  dryRunPolicy,
  dryRunReport,
  permissionLines,
  type DryRunPlan
} from '../report/dry-run-report.js'

/**
 * `dry-run: true`, once preparation planned the run with read-only calls: shows what would be
 * registered and run and the permissions it needs, sets the outputs of a run that started
 * nothing, and writes the summary. Registers, starts and stops nothing.
 */
export async function reportDryRun(
  plan: DryRunPlan,
  inputs: Inputs,
  outputs: StepOutputs,
  notes: readonly string[] = []
): Promise<void> {
  const report = dryRunReport(plan, inputs, notes)
  core.info('Dry run: the inputs are valid. Nothing is registered, started or stopped.')
  core.info('What would run:')
  for (const line of dryRunLines(report)) core.info(line)
  for (const note of notes) core.info(note)
  if (report.registration) {
    group('Task definition that would be registered', [
      JSON.stringify(report.registration, null, 2)
    ])
  }
  group('RunTask request that would be sent', [JSON.stringify(report.request, null, 2)])
  group(`Permissions this run needs (${report.permissions.length})`, [
    ...permissionLines(report.permissions),
    'As an IAM policy:',
    dryRunPolicy(report)
  ])
  core.info(`Not checked: ${report.notChecked}`)

  // The outputs of a run that started nothing, so later steps read them as after a real run.
  publishNothingStarted(outputs, report.taskDefinitionArn)

  if (process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(dryRunMarkdown(report), true).write()
  }
  core.notice(
    `Dry run: ${report.taskDefinition} would run in cluster ${inputs.cluster} (${inputs.region}); ` +
      'nothing was started.',
    { title: 'Dry run' }
  )
}

function group(title: string, lines: string[]): void {
  core.startGroup(title)
  for (const line of lines) core.info(line)
  core.endGroup()
}
