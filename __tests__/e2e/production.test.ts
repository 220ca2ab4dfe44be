/**
 * Through dist/ (docs/production-task-definitions.md): the task definitions production services run
 * (an agent listed first and essential, the app logging through FireLens, an Envoy mesh proxy, a
 * FireLens log router). The primary container takes `image` and `command`; the verdict follows it;
 * FireLens logs are streamed under the names Fluent Bit writes.
 */
import { describe, expect, it } from 'vitest'
import { OOM_REASON, type Emulator } from '../../emulator/server.js'
import { annotations, visibleLines } from '../support/runner.js'
import { useEmulator, runAction } from './fixtures.js'
import {
  fireLensToCloudWatch,
  productionDefinition,
  SHOP_REPOSITORY
} from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
})

const MIGRATION = [
  '== 20261203090000 AddInvoiceNumberToOrders: migrating =====================',
  '-- add_column(:orders, :invoice_number, :string)',
  'ECS_RUN_TASK_OUTPUT version=20261203090000',
  '== 20261203090000 AddInvoiceNumberToOrders: migrated (0.0042s) ============'
]
const migrationLogs = MIGRATION.map((message, i) => ({ atMs: 50 + i * 40, message }))

/** A migration's run: the app exits as scripted, the sidecars run until ECS stops them. */
function scriptShop(app: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): void {
  emu.script('shop', {
    containers: {
      'datadog-agent': { exitCode: null, logs: [{ atMs: 10, message: 'Datadog Agent ready' }] },
      app: { exitCode: 0, runMs: 600, logs: migrationLogs, ...app },
      envoy: { exitCode: null, logs: [{ atMs: 5, message: '[info] envoy: all clusters warmed' }] },
      'log-router': { exitCode: null }
    },
    ...extra
  })
}

const MIGRATE = { command: 'bin/rails db:migrate', 'stream-logs': 'true' }

describe('an agent listed first and essential, Envoy, a FireLens router', () => {
  it('image and command land on the app; sidecars stopped with the task leave the step green', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    scriptShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shop',
        image: `${SHOP_REPOSITORY}:v42`,
        'task-outputs': 'version',
        ...MIGRATE
      }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)

    // The new revision has the migration's image on the app, the agent's untouched.
    const registered = emu.callsOf('RegisterTaskDefinition')[0]?.input
    const images = Object.fromEntries(
      registered.containerDefinitions.map((c: { name: string; image: string }) => [c.name, c.image])
    )
    expect(images).toEqual({
      'datadog-agent': 'public.ecr.aws/datadog/agent:7',
      app: `${SHOP_REPOSITORY}:v42`,
      envoy: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod',
      'log-router': 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'
    })
    expect(emu.callsOf('RunTask')[0]?.input.overrides.containerOverrides).toEqual([
      { name: 'app', command: ['bin/rails', 'db:migrate'] }
    ])

    const shown = visibleLines(result)
    expect(shown).toContain(
      `Primary container: app (its image is in the repository of the "image" input (${SHOP_REPOSITORY})).`
    )
    // The app's FireLens lines, unwrapped from Fluent Bit's JSON records.
    const id = result.outputs['task-id'] ?? ''
    for (const line of MIGRATION) expect(shown).toContainEqual(expect.stringContaining(line))
    expect(shown.some((l) => l.includes('"ecs_task_arn"'))).toBe(false)
    expect(emu.callsOf('GetLogEvents').map((c) => c.input.logStreamName)).toContain(
      `app/app-firelens-${id}`
    )
    expect(result.outputs['task-outputs']).toBe('{"version":"20261203090000"}')
    expect(result.outputs['log-url']).toContain(
      `log-group/$252Fecs$252Fshop/log-events/app$252Fapp-firelens-${id}`
    )

    // Every sidecar exited 143 when ECS stopped the task: one line each, not a failure.
    for (const name of ['datadog-agent', 'envoy', 'log-router']) {
      expect(shown).toContain(
        `Container ${name} exited with code 143: ECS stopped with the task (SIGTERM) after app ` +
          'exited 0; not a failure (the primary container decides).'
      )
    }
    expect(shown).toContain(
      'Success: app exited 0 in the task; every other essential container exited 0 or was ' +
        'stopped with the task.'
    )
    expect(result.outputs['exit-code']).toBe('0')
    expect(result.summary).toMatch(
      /\| envoy \| 143 \|[^|]*\| Essential container in task exited — stopped with the task \(SIGTERM\) after app exited 0 \|/
    )
    expect(annotations(result).filter((a) => a.level === 'error')).toEqual([])
  })

  it('command without image or container: an input error naming the candidates, nothing started', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    scriptShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop', ...MIGRATE }
    })
    expect(result.code).toBe(1)
    expect(annotations(result).filter((a) => a.level === 'error')).toEqual([
      {
        level: 'error',
        title: 'Invalid input',
        message:
          'Input "container" is needed: "command" applies to one container, and shop:1 has 3 ' +
          'essential containers that are not a FireLens log router: "datadog-agent", "app", ' +
          '"envoy". Give "container" with the name of the one that runs the job.'
      }
    ])
    expect(emu.callsOf('RegisterTaskDefinition')).toHaveLength(0)
    expect(emu.callsOf('RunTask')).toHaveLength(0)
  })

  it('a nightly job with no command: the app decides; green on its 0 though ECS stops the agent first listed', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    scriptShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop', 'stream-logs': 'true' }
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const lines = visibleLines(result)
    expect(lines).toContain(
      'Primary container: datadog-agent (the first of the essential containers that are not a ' +
        'FireLens log router (datadog-agent, app, envoy) until the task stops: then the first of ' +
        'them that exited on its own; give "container" to choose).'
    )
    expect(lines).toContain(
      'Primary container for the verdict: app, the first of datadog-agent, app, envoy that ' +
        'exited on its own (datadog-agent, envoy did not: stopped with the task or never ran).'
    )
    expect(lines).toContain(
      'Success: app exited 0 in the task; every other essential container exited 0 or was ' +
        'stopped with the task.'
    )
    // One task, no shards: its status lines say it all, no "Shards: 1 succeeded" line.
    expect(lines.filter((l) => l.startsWith('Shards:'))).toEqual([])
    expect(result.outputs['exit-code']).toBe('0')
    // The app's log stream (through FireLens), not the agent's.
    expect(result.outputs['log-url']).toMatch(/log-events\/app\$252Fapp-firelens-[0-9a-f]{32}$/)
    expect(result.summary).toContain("**Command:** the task definition's own, in container `app`")
    expect(result.summary).toMatch(
      /\| datadog-agent \| 143 \|[^|]*\|[^|]*stopped with the task \(SIGTERM\) after app exited 0 \|/
    )
    expect(annotations(result).filter((a) => a.level === 'error')).toEqual([])
  })

  it("the same nightly job fails on the app's 1, naming the app, and exit-code is the app's", async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    scriptShop({ exitCode: 1 })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop', 'stream-logs': 'true' }
    })
    expect(result.code).toBe(1)
    expect(result.outputs['exit-code']).toBe('1')
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/^Task [0-9a-f]{32}: container app exited with code 1\./)
    expect(result.summary).toContain("**Command:** the task definition's own, in container `app`")
  })

  it('the dry run says which container is primary and why', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    const result = await runAction({
      endpoint: emu.url,
      inputs: {
        'task-definition': 'shop',
        image: `${SHOP_REPOSITORY}:v42`,
        'dry-run': 'true',
        ...MIGRATE
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(visibleLines(result)).toContain(
      `  Container:       app (its image is in the repository of the "image" input (${SHOP_REPOSITORY}))`
    )
    expect(emu.callsOf('RegisterTaskDefinition')).toHaveLength(0)
  })

  it('an OOM-killed app beside Envoy fails, naming the app and how to give it memory', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    scriptShop({ exitCode: 137, reason: OOM_REASON })
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop', container: 'app', ...MIGRATE }
    })
    expect(result.code).toBe(1)
    expect(result.outputs['exit-code']).toBe('137')
    const errors = annotations(result).filter((a) => a.level === 'error')
    // Only the app: Envoy and the others were stopped with the task.
    expect(errors).toHaveLength(1)
    const [headline, ...rest] = errors[0]?.message.split('\n') ?? []
    expect(headline).toContain(
      'container app was killed for lack of memory (OutOfMemoryError: Container killed due to ' +
        'memory usage), exit code 137. Its last 4 lines:'
    )
    // Its last lines (FireLens records unwrapped), then what to do.
    expect(rest).toEqual([
      ...MIGRATION.map((line) => `  ${line}`),
      "Give container app more memory: its memory (or the task's) in the task definition, or " +
        'in "overrides" (containerOverrides[].memory, memory).'
    ])
  })

  it('a console stop fails the step, quoting its reason, though the app exited 0 on SIGTERM', async () => {
    emu.registerTaskDefinition(productionDefinition('shop'))
    scriptShop(
      { exitCode: null, onSigterm: 'exit0' },
      { stoppedBy: { afterMs: 400, reason: 'Task stopped by user' } }
    )
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop', container: 'app', ...MIGRATE }
    })
    expect(result.code).toBe(1)
    expect(result.outputs['exit-code']).toBe('0')
    expect(result.outputs['stopped-reason']).toBe('Task stopped by user')
    const errors = annotations(result).filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    const message = errors[0]?.message.split('\n') ?? []
    expect(message[0]).toMatch(
      /^Task [0-9a-f]{32} was stopped by a StopTask that this step did not send \(stop code UserInitiated\): "Task stopped by user"\. Its last \d lines:$/
    )
    expect(message.at(-1)).toBe(
      'Someone or something stopped it (the console, the CLI, another pipeline): find who in ' +
        'CloudTrail (StopTask events), then run the workflow again.'
    )
    expect(result.summary).toContain('Task stopped by user')
  })
})

describe('FireLens', () => {
  it('to another destination: one line names the container and where its log goes', async () => {
    const datadog = {
      logDriver: 'awsfirelens',
      options: {
        Name: 'datadog',
        Host: 'http-intake.logs.datadoghq.eu',
        TLS: 'on',
        dd_service: 'shop',
        provider: 'ecs'
      },
      secretOptions: [
        { name: 'apikey', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/dd' }
      ]
    }
    emu.registerTaskDefinition(productionDefinition('shop', { logConfiguration: datadog }))
    scriptShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop', container: 'app', ...MIGRATE }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(visibleLines(result)).toContain(
      'Not streaming the logs of app: its log goes through FireLens to Datadog (Fluent Bit ' +
        'output "datadog", host http-intake.logs.datadoghq.eu, dd_service shop), not to ' +
        'CloudWatch Logs: read it there'
    )
    // The sidecars' awslogs streams are still streamed.
    expect(visibleLines(result)).toContainEqual(
      expect.stringContaining('envoy: all clusters warmed')
    )
  })

  it('a fixed log_stream_name every task shares: each task shows its own lines only', async () => {
    const shared = fireLensToCloudWatch({ log_stream_name: 'shop-jobs', log_stream_prefix: '' })
    delete (shared.options as Record<string, string>)['log_stream_prefix']
    emu.registerTaskDefinition(productionDefinition('shop', { logConfiguration: shared }))
    scriptShop()
    const result = await runAction({
      endpoint: emu.url,
      inputs: { 'task-definition': 'shop', container: 'app', count: '2', ...MIGRATE }
    })
    expect(result.code, result.stdout).toBe(0)
    const shown = visibleLines(result)
    expect(shown).toContainEqual(
      expect.stringContaining('The log stream /ecs/shop shop-jobs of app is shared by every task')
    )
    const arns: string[] = JSON.parse(result.outputs['task-arns'] ?? '[]')
    for (const arn of arns) {
      const id = arn.split('/').pop()
      const own = shown.filter((l) => l.includes(`${id}/app`) && l.includes('AddInvoiceNumber'))
      expect(own).toHaveLength(2)
    }
  })
})
