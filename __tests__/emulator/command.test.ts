// The emulator runs a container's command when no script says what the container does.
import { DescribeTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs'
import type { RunTaskCommandInput, ECSClient } from '@aws-sdk/client-ecs'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it, vi } from 'vitest'
import { commandBehaviour, printf } from '../../emulator/command.js'
import { NETWORK, rejection, taskDef, useSharedEmulator, type Emulator } from './helpers.js'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'

const T0 = Date.UTC(2026, 0, 15, 9)
let emu: Emulator
let ecs: ECSClient
let logs: CloudWatchLogsClient
useSharedEmulator((shared) => ({ emu, ecs, logs } = shared), T0)

const lines = (argv: string[], env: Record<string, string> = {}) =>
  commandBehaviour(argv, env)?.logs?.map((l) => l.message)

describe('the modelled shell', () => {
  it('echo and printf lines, through sh -c, bash -c, /bin/sh -c or a plain argv', () => {
    expect(lines(['sh', '-c', 'echo hello; echo "a  b" c'])).toEqual(['hello', 'a  b c'])
    expect(lines(['bash', '-c', "printf '%s=%d\\n' x 1 y 2"])).toEqual(['x=1', 'y=2'])
    expect(lines(['/bin/sh', '-c', 'echo -n a; echo b'])).toEqual(['ab'])
    expect(lines(['echo', 'plain', 'argv'])).toEqual(['plain argv'])
    expect(lines(['sh', '-c', 'echo one\necho two # a comment'])).toEqual(['one', 'two'])
    expect(lines(['sh', '-c', 'echo "$GREETING from $WHO"'], { GREETING: 'hi' })).toEqual([
      'hi from '
    ])
    expect(printf(['%-4s|%03d|%%', 'ab', '7'])).toBe('ab  |007|%')
  })

  it('sleep takes emulated time; exit sets the code and ends the script', () => {
    const run = commandBehaviour(['sh', '-c', 'echo a; sleep 2; echo b; exit 3; echo never'], {})!
    expect(run.exitCode).toBe(3)
    expect(run.logs!.map((l) => l.message)).toEqual(['a', 'b'])
    const [a, b] = run.logs!
    expect(b!.atMs - a!.atMs).toBeGreaterThanOrEqual(2_000)
    expect(b!.atMs - a!.atMs).toBeLessThan(2_200)
    expect(run.runMs).toBeGreaterThan(b!.atMs)
    expect(commandBehaviour(['sh', '-c', 'sleep 1.5m'], {})!.runMs).toBeGreaterThan(90_000)
    expect(commandBehaviour(['sh', '-c', 'echo up; sleep infinity'], {})!.exitCode).toBeNull()
    expect(commandBehaviour(['sh', '-c', 'exit 300'], {})!.exitCode).toBe(44)
  })

  it('&& runs on success, || on failure, ; always; the last status is the exit code', () => {
    expect(lines(['sh', '-c', 'false && echo no; echo yes'])).toEqual(['yes'])
    expect(lines(['sh', '-c', 'false || echo rescued && echo then'])).toEqual(['rescued', 'then'])
    expect(lines(['sh', '-c', 'true || echo no'])).toEqual([])
    expect(commandBehaviour(['sh', '-c', 'echo x; false'], {})!.exitCode).toBe(1)
    expect(commandBehaviour(['sh', '-c', 'false; true'], {})!.exitCode).toBe(0)
    // -e: the first failing command outside && / || ends the script with its status.
    expect(commandBehaviour(['sh', '-ec', 'false; echo no'], {})).toMatchObject({
      exitCode: 1,
      logs: []
    })
  })

  it('says in one line what it would not run, and counts it as succeeding', () => {
    const run = commandBehaviour(['bin/rails', 'db:migrate'], {})!
    expect(run.exitCode).toBe(0)
    expect(run.logs!.map((l) => l.message)).toEqual([
      '[emulator] not run: bin/rails db:migrate (the emulator runs echo, printf, sleep N, exit N, true, false; joined by ;, && or ||; see emulator/README.md)'
    ])
    expect(lines(['sh', '-c', 'echo a; ./migrate.sh && echo b'])).toEqual([
      'a',
      expect.stringMatching(/^\[emulator\] not run: \.\/migrate\.sh \(/),
      'b'
    ])
    // Syntax it does not model: the whole script is not run.
    expect(lines(['sh', '-c', 'echo a | tr a b'])).toEqual([
      expect.stringMatching(/^\[emulator\] not run: echo a \| tr a b \("\|" is not modelled/)
    ])
    expect(commandBehaviour([], {})).toBeUndefined()
  })
})

describe('a task runs its command', () => {
  const run = (input: Partial<RunTaskCommandInput> = {}) =>
    ecs.send(new RunTaskCommand({ ...NETWORK, taskDefinition: 'job', ...input }))
  const read = async (taskArn: string) =>
    (
      await logs.send(
        new GetLogEventsCommand({
          logGroupName: '/ecs/job',
          logStreamName: `ecs/app/${taskArn.split('/').pop()}`,
          startFromHead: true
        })
      )
    ).events?.map((e) => e.message)

  it('from the override (entryPoint kept, environment expanded), exit code and all', async () => {
    const def = taskDef('job')
    def.containerDefinitions[0]!.entryPoint = ['sh', '-c']
    def.containerDefinitions[0]!.command = ['echo from the definition']
    def.containerDefinitions[0]!.environment = [{ name: 'WHO', value: 'definition' }]
    emu.registerTaskDefinition(def)
    const own = (await run()).tasks![0]!.taskArn!
    const overridden = (
      await run({
        overrides: {
          containerOverrides: [
            {
              name: 'app',
              command: ['echo "hi $WHO"; sleep 10; echo ECS_RUN_TASK_OUTPUT n=1; exit 4'],
              environment: [{ name: 'WHO', value: 'override' }]
            }
          ]
        }
      })
    ).tasks![0]!.taskArn!
    vi.setSystemTime(T0 + 5_000)
    expect(await read(overridden)).toEqual(['hi override'])
    vi.setSystemTime(T0 + 60_000)
    expect(await read(own)).toEqual(['from the definition'])
    expect(await read(overridden)).toEqual(['hi override', 'ECS_RUN_TASK_OUTPUT n=1'])
    const described = await ecs.send(new DescribeTasksCommand({ tasks: [own, overridden] }))
    expect(described.tasks!.map((t) => [t.lastStatus, t.containers![0]!.exitCode])).toEqual([
      ['STOPPED', 0],
      ['STOPPED', 4]
    ])
  })

  it('a script takes precedence; unlessCommandOverridden gives way to an override', async () => {
    emu.registerTaskDefinition(taskDef('job'))
    const logsOf = [{ atMs: 0, message: 'scripted' }]
    emu.script('job', { containers: { app: { exitCode: 2, logs: logsOf } } })
    const override = { containerOverrides: [{ name: 'app', command: ['echo', 'run'] }] }
    const scripted = (await run({ overrides: override })).tasks![0]!.taskArn!
    emu.script('job', { containers: { app: { logs: logsOf, unlessCommandOverridden: true } } })
    const plain = (await run()).tasks![0]!.taskArn!
    const ran = (await run({ overrides: override })).tasks![0]!.taskArn!
    vi.setSystemTime(T0 + 60_000)
    expect(await read(scripted)).toEqual(['scripted'])
    expect(await read(plain)).toEqual(['scripted'])
    expect(await read(ran)).toEqual(['run'])
  })
})

describe('RunTask refuses what ECS refuses', () => {
  it('an awsvpc task without a network, and subnets or groups that do not exist', async () => {
    emu.registerTaskDefinition(taskDef('job'))
    const noNetwork = await rejection(ecs.send(new RunTaskCommand({ taskDefinition: 'job' })))
    expect([noNetwork.name, noNetwork.message]).toEqual([
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified."
    ])
    const vpc = (subnets: string[], securityGroups?: string[]) =>
      rejection(
        ecs.send(
          new RunTaskCommand({
            taskDefinition: 'job',
            networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups } }
          })
        )
      )
    expect((await vpc(['subnet-1', 'subnet-typo'])).message).toBe(
      "Error retrieving subnet information for [subnet-typo]: The subnet ID 'subnet-typo' does not exist (ErrorCode: InvalidSubnetID.NotFound)"
    )
    expect((await vpc(['subnet-1'], ['sg-typo'])).message).toBe(
      "Error retrieving security group information for [sg-typo]: The security group 'sg-typo' does not exist (ErrorCode: InvalidGroup.NotFound)"
    )
    expect((await vpc([])).message).toBe('subnets can not be empty.')
    expect(emu.tasks()).toEqual([])
    // Known once added, and a seeded service's network is known.
    emu.addNetwork({ subnets: ['subnet-typo'] })
    emu.addService({
      serviceName: 'web',
      taskDefinition: 'job',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-svc'], securityGroups: ['sg-svc'] }
      }
    })
    expect(emu.network().subnets).toEqual(expect.arrayContaining(['subnet-typo', 'subnet-svc']))
    expect(emu.network().securityGroups).toContain('sg-svc')
    await ecs.send(
      new RunTaskCommand({
        taskDefinition: 'job',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-typo', 'subnet-svc'],
            securityGroups: ['sg-svc']
          }
        }
      })
    )
    expect(emu.tasks()).toHaveLength(1)
  })
})
