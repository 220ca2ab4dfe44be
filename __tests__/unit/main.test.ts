import * as core from '@actions/core'
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubRunEnv, withInputs } from '../support/step-env.js'
import { run } from '../../src/main.js'
import { everyClusterActive } from '../support/clusters.js'

vi.mock('@actions/core', async (importOriginal) =>
  (await import('../support/core-mock.js')).spiedCore(importOriginal)
)

const ecsMock = mockClient(ECSClient)

const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/db-migrate:7'
const A = 'arn:aws:ecs:us-east-1:123456789012:task/prod/aaaa'
const taskDefinition: TaskDefinition = {
  taskDefinitionArn: TD_ARN,
  family: 'db-migrate',
  revision: 7,
  containerDefinitions: [{ name: 'app', essential: true }]
}

let exitCode: typeof process.exitCode
let listeners: { SIGINT: number; SIGTERM: number }

beforeEach(() => {
  ecsMock.reset()
  everyClusterActive(ecsMock)
  vi.clearAllMocks()
  stubRunEnv()
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  exitCode = process.exitCode
  process.exitCode = undefined
  listeners = {
    SIGINT: process.listenerCount('SIGINT'),
    SIGTERM: process.listenerCount('SIGTERM')
  }
})

afterEach(() => {
  // run() must not leave its cancel handlers behind, whatever happened.
  expect(process.listenerCount('SIGINT')).toBe(listeners.SIGINT)
  expect(process.listenerCount('SIGTERM')).toBe(listeners.SIGTERM)
  process.exitCode = exitCode
})

describe('run: invalid inputs fail the step before any AWS call', () => {
  it.each([
    {
      with: { count: '11' },
      says: 'Input "count" must be a whole number from 1 to 10, got "11".'
    },
    {
      with: { wait: 'yes' },
      says: 'Input "wait" must be a boolean: true, True, TRUE, false, False or FALSE, got "yes".'
    },
    {
      with: { 'wait-timeout': '0' },
      says: 'Input "wait-timeout" must be a number of minutes above 0 up to 10080 (7 days), fractions allowed (e.g. 0.5), got "0".'
    },
    {
      with: { 'stop-on-cancel': 'no' },
      says: 'Input "stop-on-cancel" must be a boolean: true, True, TRUE, false, False or FALSE, got "no".'
    },
    { with: { 'task-definition': '' }, says: 'Input "task-definition" is required' },
    { with: { 'launch-type': 'fargate' }, says: 'Input "launch-type" must be one of' },
    { with: { 'aws-region': 'Europe' }, says: 'Input "aws-region" must be an AWS region' },
    {
      with: { 'launch-type': 'FARGATE', 'capacity-provider-strategy': 'FARGATE_SPOT:1' },
      says: 'Inputs "launch-type" and "capacity-provider-strategy" cannot be used together'
    }
  ])('$with', async ({ with: values, says }) => {
    withInputs(values)

    await run()

    expect(core.error).toHaveBeenCalledExactlyOnceWith(expect.stringContaining(says), {
      title: 'Invalid input'
    })
    expect(process.exitCode).toBe(1)
    expect(ecsMock.calls()).toHaveLength(0)
    // Only the outputs a later step may read whatever happened: fromJSON() of task-outputs, and
    // whether the step skipped the job.
    expect(vi.mocked(core.setOutput).mock.calls).toEqual([
      ['task-outputs', '{}'],
      ['skipped', 'false']
    ])
    expect(core.saveState).not.toHaveBeenCalled()
  })

  it('does not even build an ECS client', async () => {
    withInputs({ count: '0' })
    const ecsClient = vi.fn()
    await run({ clock: { now: () => 0, sleep: async () => undefined }, ecsClient })
    expect(ecsClient).not.toHaveBeenCalled()
    expect(process.exitCode).toBe(1)
  })
})

describe('run: one annotation per failure', () => {
  beforeEach(() => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition })
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: A, lastStatus: 'PROVISIONING' }] })
  })
  const stoppedWith = (code: number): void => {
    ecsMock.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: A,
          lastStatus: 'STOPPED',
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: code }]
        }
      ]
    })
  }

  it('exit 0: no annotation, exit status untouched', async () => {
    withInputs({ 'stream-logs': 'false' })
    stoppedWith(0)
    await run()
    expect(core.error).not.toHaveBeenCalled()
    expect(process.exitCode).toBeUndefined()
  })

  it('a failed task is annotated once (by the verdict, not again by run)', async () => {
    withInputs({ 'stream-logs': 'false' })
    stoppedWith(3)
    await run()
    expect(core.error).toHaveBeenCalledExactlyOnceWith(
      'Task aaaa: container app exited with code 3.',
      { title: 'ECS task failed' }
    )
    expect(process.exitCode).toBe(1)
  })

  it('a task ECS could not place is annotated once with title "Task not started"', async () => {
    withInputs({ 'stream-logs': 'false' })
    ecsMock.on(RunTaskCommand).resolves({
      tasks: [],
      failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod', reason: 'MISSING' }]
    })
    await run()
    expect(core.error).toHaveBeenCalledExactlyOnceWith(
      'ECS could not place the task: arn:aws:ecs:us-east-1:123456789012:cluster/prod: MISSING. ' +
        'Check the capacity of cluster "prod", "launch-type" and "capacity-provider-strategy".',
      { title: 'Task not started' }
    )
    expect(process.exitCode).toBe(1)
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0)
  })

  it('no credentials: "Task not started", naming configure-aws-credentials, id-token and the region', async () => {
    withInputs({ 'stream-logs': 'false' })
    // What the SDK's default provider chain throws when no provider has credentials.
    const noCredentials = Object.assign(
      new Error('Could not load credentials from any providers'),
      {
        name: 'CredentialsProviderError',
        tryNextLink: false
      }
    )
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(noCredentials)
    await run()
    expect(core.error).toHaveBeenCalledExactlyOnceWith(
      'No AWS credentials were found for region us-east-1: Could not load credentials from any ' +
        'providers. Add a step with aws-actions/configure-aws-credentials (role-to-assume and ' +
        'aws-region) before this one, and give the job `permissions: id-token: write` so it can ' +
        'assume the role through OIDC.',
      { title: 'Task not started' }
    )
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0)
  })

  const noCredentialsError = () =>
    Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
      tryNextLink: false
    })

  it('no credentials off a runner: the advice is the shell or the .env of a local run', async () => {
    withInputs({ 'stream-logs': 'false' })
    vi.stubEnv('GITHUB_ACTIONS', undefined)
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(noCredentialsError())
    await run()
    const [message] = vi.mocked(core.error).mock.calls[0]!
    expect(message).toContain('Not on a GitHub runner: give this shell credentials')
    expect(message).toContain('set them in the .env of `npm run local-action`')
    expect(message).not.toContain('id-token')
  })

  it('AWS_PROFILE naming a profile no shared file holds: the profile is named', async () => {
    withInputs({ 'stream-logs': 'false' })
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'))
    writeFileSync(join(dir, 'config'), '[profile staging]\nregion = eu-west-1\n')
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIDEXAMPLE\n')
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'))
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'))
    vi.stubEnv('AWS_PROFILE', 'stagign')
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(noCredentialsError())
    await run()
    expect(vi.mocked(core.error).mock.calls[0]![0]).toContain(
      'AWS_PROFILE names profile "stagign", which neither ~/.aws/config nor ~/.aws/credentials'
    )
    // A profile that exists is not called missing: its own problem is the SDK's to say.
    vi.mocked(core.error).mockClear()
    vi.stubEnv('AWS_PROFILE', 'staging')
    await run()
    expect(vi.mocked(core.error).mock.calls[0]![0]).not.toContain('AWS_PROFILE names')
  })

  it.each([
    [
      'ClusterNotFoundException',
      'Cluster not found.',
      'Cluster "prod" was not found in region us-east-1: Cluster not found. Check'
    ],
    [
      'AccessDeniedException',
      'User is not authorized.',
      'Not allowed to run the task: User is not authorized. Grant'
    ],
    [
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      'AWS refused the credentials in region us-east-1 (UnrecognizedClientException): The security token included in the request is invalid. Check'
    ]
  ])(
    'RunTask refused with %s: "Task not started", the AWS message quoted once',
    async (name, message, says) => {
      withInputs({ 'stream-logs': 'false' })
      ecsMock.on(RunTaskCommand).rejects(
        Object.assign(new Error(message), {
          name,
          $fault: 'client',
          $metadata: { httpStatusCode: 400 }
        })
      )
      await run()
      const [text, props] = vi.mocked(core.error).mock.calls[0] ?? []
      expect(props).toEqual({ title: 'Task not started' })
      expect(String(text)).toContain(says)
      expect(String(text)).not.toMatch(/[.!]\s*[.;]/)
      expect(String(text)).toMatch(/\.$/)
    }
  )
})
