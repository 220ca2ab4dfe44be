/**
 * Checks before any change, restart policies, outputs for every end, start-timeout's last wait
 * and misspelt inputs: dist/index.js against the emulator, as the runner starts it.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { runAction, startAction, visibleLines, type ActionResult } from '../support/runner.js'
import { useRealTimersAfterEach, virtualClock } from '../support/virtual-clock.js'
import { useEmulator } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})

const NETWORK = { subnets: 'subnet-0aa', 'security-groups': 'sg-0bb' }
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:2'
const ops = (): string[] => emu.calls.map((c) => c.op)
const errors = (result: ActionResult): string[] =>
  result.lines.filter((l) => l.startsWith('::error'))
const warnings = (result: ActionResult): string[] =>
  result.lines.filter((l) => l.startsWith('::warning'))
useRealTimersAfterEach()

describe('checks before any change', () => {
  it("a typo'd cluster with image: fails naming it and the region, registers and starts nothing", async () => {
    emu.addCluster('production')
    emu.registerTaskDefinition(appDefinition('migrate'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', cluster: 'prodution', image: IMAGE, ...NETWORK }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Task not started::Cluster "prodution" was not found in region us-east-1. ' +
        'Check the "cluster" input and the region ("aws-region", AWS_REGION).'
    ])
    expect(ops()).toEqual(['DescribeClusters'])
    expect(emu.taskDefinitions('migrate')).toHaveLength(1)
    expect(result.summary).toContain('Task not started')
  })

  it('a deleted (INACTIVE) cluster fails the same way, before anything else', async () => {
    emu.addCluster('old')
    emu.deleteCluster('old')
    emu.registerTaskDefinition(appDefinition('migrate'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', cluster: 'old', ...NETWORK }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Task not started::Cluster "old" was deleted (status INACTIVE) in region ' +
        'us-east-1. Check the "cluster" input and the region ("aws-region", AWS_REGION), or ' +
        'create the cluster again.'
    ])
    expect(ops()).toEqual(['DescribeClusters'])
  })

  it('a role without ecs:DescribeClusters: the check is skipped in a debug line, the run succeeds', async () => {
    emu.registerTaskDefinition(appDefinition('migrate'))
    emu.inject({
      op: 'DescribeClusters',
      fault: {
        type: 'AccessDeniedException',
        message: 'User: arn:aws:sts::123456789012:assumed-role/ci is not authorized'
      }
    })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', ...NETWORK }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.lines).toContainEqual(
      expect.stringMatching(
        /^::debug::Cluster "default" not checked before the task is prepared: the role may not call ecs:DescribeClusters \(AccessDeniedException: /
      )
    )
    expect(warnings(result)).toEqual([])
    expect(ops().slice(0, 3)).toEqual(['DescribeClusters', 'DescribeTaskDefinition', 'RunTask'])
  })

  it('a throttled DescribeClusters is asked again, as every preparation call', async () => {
    emu.registerTaskDefinition(appDefinition('migrate'))
    // Past the SDK's own attempts, so the action's retry has to ask again.
    emu.inject({ op: 'DescribeClusters', fault: 'throttle', times: 4 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', ...NETWORK }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(visibleLines(result)).toContainEqual(
      expect.stringMatching(/^DescribeClusters: throttled \(ThrottlingException\); retry 1 in/)
    )
    expect(emu.callsOf('DescribeClusters').length).toBeGreaterThanOrEqual(5)
  })

  it('an awsvpc definition without a network: an input error naming the inputs, nothing registered', async () => {
    emu.registerTaskDefinition(appDefinition('migrate'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', image: IMAGE, command: 'bin/rails db:migrate' }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Invalid input::Task definition migrate:1 uses network mode awsvpc, which ' +
        'needs a network, and none of "subnets", "service" or "network-from-service" is given: ' +
        'give "subnets" (and "security-groups"), or "service" or "network-from-service" to copy ' +
        'the network of an ECS service.'
    ])
    expect(ops()).toEqual(['DescribeClusters', 'DescribeTaskDefinition'])
    expect(emu.taskDefinitions('migrate')).toHaveLength(1)
  })
})

describe('an input the action does not declare', () => {
  it('security-group for security-groups: an input error naming the closest input, no AWS call', async () => {
    emu.registerTaskDefinition(appDefinition('migrate'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'migrate', subnets: 'subnet-0aa', 'security-group': 'sg-0bb' }
    })
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      '::error title=Invalid input::Input "security-group" is not an input of this action (the ' +
        'runner passed it as INPUT_SECURITY-GROUP): did you mean "security-groups"? Rename it in ' +
        'the step\'s "with:".'
    ])
    expect(result.stdout).not.toContain('sg-0bb')
    expect(emu.calls).toEqual([])
  })
})

describe('restart policies', () => {
  /** app restarts when it exits 0 after running 60 s (the shortest period ECS allows). */
  function restartingApp(): void {
    const definition = appDefinition('nightly')
    definition.containerDefinitions![0]!.restartPolicy = {
      enabled: true,
      restartAttemptPeriod: 60
    }
    emu.registerTaskDefinition(definition)
    emu.script('nightly', {
      containers: {
        app: { exitCode: 0, runMs: 61_000, logs: [{ atMs: 100, message: 'Archiving orders' }] }
      }
    })
  }

  it('run as registered: warned before the task starts; ECS runs the command again until wait-timeout', async () => {
    restartingApp()
    const env = virtualClock(emu)
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'nightly', 'wait-timeout': '2.5', ...NETWORK }
    })
    expect(result.code).toBe(1)
    const warning = result.lines.findIndex((l) => l.startsWith('::warning title=Restart policy::'))
    expect(result.lines[warning]).toBe(
      '::warning title=Restart policy::Container "app" of nightly:1 has a restart policy ' +
        '(restarts on any exit code, 0 included, after 60 s): if it exits after running 60 s, ECS ' +
        'starts it again in the same task, so the command runs again and the step waits until ' +
        'the task stops or "wait-timeout" passes. Register a revision with "restartPolicy": ' +
        '{"enabled": false} for "app" (RunTask cannot override it), or give "image" so that the ' +
        'action registers one with it off, or list every exit code the command ends with (0 ' +
        'included) in "ignoredExitCodes".'
    )
    expect(warning).toBeLessThan(result.lines.findIndex((l) => l.startsWith('Started task')))
    // The command ran again (and again): what the warning was about.
    const runs = visibleLines(result).filter((l) => l === 'Archiving orders')
    expect(runs.length).toBeGreaterThanOrEqual(2)
    expect(result.stdout).toContain('did not stop within wait-timeout (2.5 minutes)')
    const [stop] = emu.callsOf('StopTask')
    expect(stop?.input.reason).toMatch(
      /^ecs-run-task: wait-timeout of 2\.5 minutes passed \(workflow run https:/
    )
    expect(result.outputs['stopped-reason']).toBe(stop?.input.reason)
  }, 60_000)

  it('with image: the registered revision has it off, said in the log; the command runs once', async () => {
    restartingApp()
    const env = virtualClock(emu)
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'nightly', image: IMAGE, 'wait-timeout': '2.5', ...NETWORK }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(visibleLines(result)).toContain(
      'Container "app" has a restart policy (restarts on any exit code, 0 included, after 60 s): ' +
        'turned off in the revision the action registers, so that ECS does not run the command ' +
        'again when it exits.'
    )
    expect(warnings(result)).toEqual([])
    const [, registered] = emu.taskDefinitions('nightly')
    expect(registered?.containerDefinitions[0]).toMatchObject({
      image: IMAGE,
      restartPolicy: { enabled: false }
    })
    expect(visibleLines(result).filter((l) => l === 'Archiving orders')).toEqual([
      'Archiving orders'
    ])
    expect(result.outputs['exit-code']).toBe('0')
  }, 60_000)
})

describe('outputs for every end', () => {
  it('wait-timeout: stopped-reason is the reason the action sent; exit-code that of the primary, which had exited', async () => {
    // The agent keeps the task running after the job (non-essential) exited 3.
    emu.registerTaskDefinition(
      appDefinition('job', [{ name: 'app', essential: false }, { name: 'agent' }])
    )
    emu.script('job', {
      containers: { app: { exitCode: 3, runMs: 300 }, agent: { exitCode: null } }
    })
    const env = virtualClock(emu)
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'job', container: 'app', 'wait-timeout': '0.1', ...NETWORK }
    })
    expect(result.code).toBe(1)
    const stop = emu.callsOf('StopTask')
    expect(stop).toHaveLength(1)
    expect(result.outputs['stopped-reason']).toBe(stop[0]!.input.reason)
    expect(result.outputs['stopped-reason']).toMatch(
      /^ecs-run-task: wait-timeout of 0\.1 minutes passed \(workflow run https:/
    )
    expect(result.outputs['exit-code']).toBe('3')
    // The summary's row says the same as the output.
    expect(result.summary).toContain(stop[0]!.input.reason)
  })

  it('cancel: stopped-reason is the reason the action sent', async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    emu.script('job', {
      containers: { app: { exitCode: null, logs: numbered('working', 1) } }
    })
    const action = startAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', ...NETWORK }
    })
    await action.waitFor(/working line 1/)
    action.child.kill('SIGINT')
    const result = await action.done
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('::error title=Cancelled::')
    const stop = emu.callsOf('StopTask')
    expect(stop).toHaveLength(1)
    expect(result.outputs['stopped-reason']).toBe(stop[0]!.input.reason)
    expect(result.outputs['stopped-reason']).toMatch(/^ecs-run-task: the workflow was cancelled/)
    expect(result.outputs['exit-code']).toBe('')
  })
})

describe('start-timeout', () => {
  it('the last wait is cut to the deadline: a RunTask throttled until just before it still starts the task', async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    const env = virtualClock(emu)
    // The step computes its deadline (start-timeout 1: 60 s) just before its first call,
    // DescribeClusters: RunTask is throttled from then until 2.5 s before that deadline. Giving
    // up when the next backoff would cross the deadline would fail the step; cutting the last
    // backoff to the deadline makes one last attempt after the throttling ended.
    let throttledFrom: number | undefined
    emu.onCall((call) => {
      if (call.op !== 'DescribeClusters' || throttledFrom !== undefined) return
      throttledFrom = Date.now()
      emu.inject({ op: 'RunTask', fault: 'throttle', forMs: 57_500 })
    })
    const result = await runAction({
      endpoint: emu.url,
      env,
      inputs: { 'task-definition': 'job', 'start-timeout': '1', ...NETWORK }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const runTasks = emu.callsOf('RunTask')
    const answered = runTasks.filter((c) => c.fault === undefined)
    expect(answered).toHaveLength(1)
    expect(answered[0]!.at).toBeGreaterThanOrEqual(throttledFrom! + 57_500)
    expect(runTasks.length).toBeGreaterThan(1)
    expect(emu.tasks()).toHaveLength(1)
    expect(visibleLines(result)).toContainEqual(
      expect.stringMatching(/^RunTask: throttled \(ThrottlingException\); retry \d+ in/)
    )
  }, 60_000)
})
