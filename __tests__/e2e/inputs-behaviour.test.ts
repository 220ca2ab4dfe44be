/**
 * Inputs that change what the step does rather than the RunTask request: each case fails
 * if the input is ignored.
 */
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { useEmulator, runAction } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'
import { visibleLines } from '../support/runner.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('duo', [{ name: 'app' }, { name: 'worker' }]))
  emu.script('duo', {
    containers: {
      app: { exitCode: 0, runMs: 400, logs: numbered('app', 2) },
      worker: { exitCode: 4, runMs: 300, logs: numbered('worker', 2) }
    }
  })
})

describe('inputs that shape the step', () => {
  it('cluster: runs and follows the task in the named cluster', async () => {
    emu.addCluster('prod')
    emu.registerTaskDefinition(appDefinition('job'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', cluster: 'prod', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(emu.callsOf('RunTask')[0]!.input.cluster).toBe('prod')
    expect(emu.callsOf('DescribeTasks').every((c) => c.input.cluster === 'prod')).toBe(true)
    expect(result.outputs['task-arn']).toContain(':task/prod/')
  })

  it('container: receives the command and gives the exit code', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'duo',
        container: 'worker',
        command: 'rake cleanup',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code).toBe(1)
    expect(emu.callsOf('RunTask')[0]!.input.overrides.containerOverrides).toEqual([
      { name: 'worker', command: ['rake', 'cleanup'] }
    ])
    expect(result.outputs['exit-code']).toBe('4')
  })

  it('log-containers: streams only the named containers', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'duo', 'log-containers': 'worker', subnets: 'subnet-0e2e' }
    })
    const lines = visibleLines(result)
    expect(lines).toContain('worker line 1')
    expect(lines.some((l) => l.includes('app line'))).toBe(false)
    expect(
      emu.callsOf('GetLogEvents').every((c) => c.input.logStreamName.includes('/worker/'))
    ).toBe(true)
  })

  it('stream-logs false: no GetLogEvents at all, the verdict still holds', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'duo',
        container: 'app',
        'stream-logs': 'false',
        subnets: 'subnet-0e2e'
      }
    })
    expect(emu.callsOf('GetLogEvents')).toHaveLength(0)
    expect(visibleLines(result).some((l) => l.includes(' line '))).toBe(false)
    // worker is essential and exited 4 first (ECS then stops app: SIGTERM, 143): the step
    // fails whatever is streamed.
    expect(result.code).toBe(1)
    expect(result.outputs['exit-code']).toBe('143')
    expect(result.stdout).toContain('container worker exited with code 4')
  })

  it('aws-region: links and clients use the given region', async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'job',
        'aws-region': 'eu-west-1',
        wait: 'false',
        subnets: 'subnet-0e2e'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).toContain(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/default/tasks/'
    )
  })

  it('start-timeout 0: a throttled RunTask is not retried beyond the SDK', async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    emu.inject({ op: 'RunTask', fault: 'throttle', times: Infinity })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'start-timeout': '0', subnets: 'subnet-0e2e' }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('Raise "start-timeout"')
    // One action attempt: the SDK's own attempts (standard mode, 4) and no more.
    expect(emu.callsOf('RunTask').length).toBeLessThanOrEqual(4)
    expect(emu.tasks()).toHaveLength(0)
  })

  it('enable-execute-command: prints the execute-command line once the task runs', async () => {
    emu.registerTaskDefinition(appDefinition('job'))
    emu.script('job', { containers: { app: { runMs: 1500 } } })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'job', 'enable-execute-command': 'true', subnets: 'subnet-0e2e' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(visibleLines(result)).toContain(
      `ECS Exec: aws ecs execute-command --region us-east-1 --cluster default --task ${result.outputs['task-id']} --container app --interactive --command "/bin/sh"`
    )
  })
})
