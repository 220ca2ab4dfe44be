import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { getInputs } from '../../../src/inputs/get-inputs.js'
import type { Inputs } from '../../../src/inputs/inputs.js'
import { InputError } from '../../../src/inputs/problems.js'
import { deriveClientToken } from '../../../src/inputs/run-identity.js'
import { inputErrorOf, resetEnv, setInputs } from '../../support/step-env.js'

vi.mock('@actions/core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@actions/core')>()),
  setSecret: vi.fn()
}))

/** Run variables as a workflow run on github.com sets them. */
const RUN_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/my.app',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'migrate',
  GITHUB_ACTION: 'run-task',
  AWS_REGION: 'eu-west-1'
}

const errorOf = inputErrorOf

const TOKEN = deriveClientToken(RUN_ENV, '')
const DEFAULTS: Inputs = {
  taskDefinition: { kind: 'reference', reference: 'migrate' },
  cluster: 'default',
  environment: [],
  subnets: [],
  securityGroups: [],
  count: 1,
  startedBy: 'gha/octo-org_my_app/9876543210/1',
  tags: [],
  enableEcsManagedTags: false,
  enableExecuteCommand: false,
  clientToken: TOKEN,
  wait: true,
  waitTimeoutMs: 360 * 60_000,
  startTimeoutMs: 10 * 60_000,
  images: [],
  retryOn: ['start-failure'],
  maxAttempts: 3,
  failFast: true,
  taskOutputs: [],
  dryRun: false,
  stopOnCancel: true,
  streamLogs: true,
  ifRunning: 'allow',
  region: 'eu-west-1',
  given: new Set()
}

beforeEach(() => {
  resetEnv(RUN_ENV)
  vi.mocked(core.setSecret).mockClear()
})

describe('getInputs: valid input sets', () => {
  const cases: [string, Record<string, string>, Partial<Inputs>][] = [
    ['only the task definition: every default', {}, {}],
    [
      'defaults written out as action.yml would pass them',
      {
        cluster: 'default',
        count: '1',
        'enable-ecs-managed-tags': 'false',
        'enable-execute-command': 'false',
        wait: 'true',
        'wait-timeout': '360',
        'start-timeout': '10',
        'stop-on-cancel': 'true',
        'stream-logs': 'true',
        'job-index': ''
      },
      // Told apart from none: a schedule's value would not be taken for them.
      { given: new Set(['cluster', 'count', 'enable-ecs-managed-tags', 'enable-execute-command']) }
    ],
    [
      'family:revision and a cluster ARN',
      {
        'task-definition': 'migrate:42',
        cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod'
      },
      {
        taskDefinition: { kind: 'reference', reference: 'migrate:42' },
        cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
        given: new Set(['cluster'])
      }
    ],
    [
      'task-definition ARN (China partition, with and without revision)',
      { 'task-definition': 'arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/migrate:7' },
      {
        taskDefinition: {
          kind: 'reference',
          reference: 'arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/migrate:7'
        }
      }
    ],
    [
      'command split by POSIX rules, no variable expansion',
      { container: 'app', command: `bin/rails "db:migrate" VERSION='2024 01' $HOME a\\ b` },
      {
        container: 'app',
        command: ['bin/rails', 'db:migrate', 'VERSION=2024 01', '$HOME', 'a b']
      }
    ],
    [
      'command as a JSON array',
      { command: '["sh", "-c", "echo \\"$X\\""]' },
      { command: ['sh', '-c', 'echo "$X"'] }
    ],
    [
      'environment lines: values with "=", blank lines and whitespace ignored',
      { environment: '  DATABASE_URL = postgres://u:p@h/db?a=b  \n\n_X=\nY=1' },
      {
        environment: [
          { name: 'DATABASE_URL', value: 'postgres://u:p@h/db?a=b' },
          { name: '_X', value: '' },
          { name: 'Y', value: '1' }
        ]
      }
    ],
    [
      'network: lists with commas and/or newlines',
      {
        subnets: 'subnet-0123abcd, subnet-4567ef01\nsubnet-89ab',
        'security-groups': 'sg-0a1b2c3d,\n',
        'assign-public-ip': 'ENABLED'
      },
      {
        subnets: ['subnet-0123abcd', 'subnet-4567ef01', 'subnet-89ab'],
        securityGroups: ['sg-0a1b2c3d'],
        assignPublicIp: 'ENABLED'
      }
    ],
    [
      'network from a service',
      { 'network-from-service': 'web', 'assign-public-ip': 'DISABLED' },
      { networkFromService: 'web', assignPublicIp: 'DISABLED' }
    ],
    [
      'capacity provider lines',
      { 'capacity-provider-strategy': 'FARGATE_SPOT:1\nFARGATE:0:1', 'platform-version': '1.4.0' },
      {
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE_SPOT', weight: 1 },
          { capacityProvider: 'FARGATE', weight: 0, base: 1 }
        ],
        platformVersion: '1.4.0'
      }
    ],
    [
      'capacity provider JSON',
      { 'capacity-provider-strategy': '[{"capacityProvider":"FARGATE","base":1}]' },
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1 }] }
    ],
    [
      'launch type, count, tags, group, booleans, timeouts',
      {
        'launch-type': 'MANAGED_INSTANCES',
        count: '10',
        'started-by': 'release/v1_2-3',
        group: 'family:migrations',
        tags: 'team=data\nnote=a=b\nempty=',
        'propagate-tags': 'TASK_DEFINITION',
        'enable-ecs-managed-tags': 'TRUE',
        'enable-execute-command': 'True',
        wait: 'False',
        'wait-timeout': '0.5',
        'start-timeout': '0',
        'stop-on-cancel': 'FALSE',
        'stream-logs': 'false',
        'log-containers': 'app, sidecar',
        'client-token': 'my-token!~',
        'aws-region': 'us-gov-west-1'
      },
      {
        launchType: 'MANAGED_INSTANCES',
        count: 10,
        startedBy: 'release/v1_2-3',
        group: 'family:migrations',
        tags: [
          { key: 'team', value: 'data' },
          { key: 'note', value: 'a=b' },
          { key: 'empty', value: '' }
        ],
        propagateTags: 'TASK_DEFINITION',
        enableEcsManagedTags: true,
        enableExecuteCommand: true,
        wait: false,
        waitTimeoutMs: 30_000,
        startTimeoutMs: 0,
        stopOnCancel: false,
        streamLogs: false,
        logContainers: ['app', 'sidecar'],
        clientToken: 'my-token!~',
        region: 'us-gov-west-1',
        given: new Set(['count', 'enable-ecs-managed-tags', 'enable-execute-command'])
      }
    ],
    [
      'shards, max-parallel, fail-fast and retry-on exit codes',
      {
        shards: '40',
        'max-parallel': '8',
        'fail-fast': 'false',
        'retry-on': 'start-failure, exit-code:75\nexit-code:3'
      },
      {
        shards: 40,
        maxParallel: 8,
        failFast: false,
        retryOn: ['start-failure', 'exit-code:75', 'exit-code:3']
      }
    ],
    [
      'JSON inputs',
      {
        overrides:
          '{"cpu":"512","memory":"1024","taskRoleArn":"arn:aws:iam::1:role/r","ephemeralStorage":{"sizeInGiB":30},' +
          '"containerOverrides":[{"name":"app","command":["a"],"environment":[{"name":"K","value":"v"}],' +
          '"resourceRequirements":[{"type":"GPU","value":"1"}]}]}',
        'placement-constraints':
          '[{"type":"distinctInstance"},{"type":"memberOf","expression":"attribute:ecs.instance-type =~ t3.*"}]',
        'placement-strategy':
          '[{"type":"spread","field":"attribute:ecs.availability-zone"},{"type":"binpack","field":"memory"},{"type":"random"}]',
        'volume-configurations':
          '[{"name":"data","managedEBSVolume":{"roleArn":"arn:aws:iam::1:role/ebs","sizeInGiB":20,"encrypted":true,' +
          '"filesystemType":"xfs","terminationPolicy":{"deleteOnTermination":true},' +
          '"tagSpecifications":[{"resourceType":"volume","tags":[{"key":"a","value":"b"}],"propagateTags":"NONE"}]}}]'
      },
      {
        overrides: {
          cpu: '512',
          memory: '1024',
          taskRoleArn: 'arn:aws:iam::1:role/r',
          ephemeralStorage: { sizeInGiB: 30 },
          containerOverrides: [
            {
              name: 'app',
              command: ['a'],
              environment: [{ name: 'K', value: 'v' }],
              resourceRequirements: [{ type: 'GPU', value: '1' }]
            }
          ]
        },
        placementConstraints: [
          { type: 'distinctInstance' },
          { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }
        ],
        placementStrategy: [
          { type: 'spread', field: 'attribute:ecs.availability-zone' },
          { type: 'binpack', field: 'memory' },
          { type: 'random' }
        ],
        volumeConfigurations: [
          {
            name: 'data',
            managedEBSVolume: {
              roleArn: 'arn:aws:iam::1:role/ebs',
              sizeInGiB: 20,
              encrypted: true,
              filesystemType: 'xfs',
              terminationPolicy: { deleteOnTermination: true },
              tagSpecifications: [
                { resourceType: 'volume', tags: [{ key: 'a', value: 'b' }], propagateTags: 'NONE' }
              ]
            }
          }
        ]
      }
    ]
  ]

  it.each(cases)('%s', (_name, inputs, expected) => {
    setInputs({ 'task-definition': 'migrate', ...inputs })
    expect(getInputs()).toEqual({ ...DEFAULTS, ...expected })
  })

  it('leaves optional fields out rather than undefined', () => {
    setInputs({ 'task-definition': 'migrate' })
    expect(Object.keys(getInputs()).sort()).toEqual(Object.keys(DEFAULTS).sort())
  })
})

describe('getInputs: errors name the input, quote the value and say what is accepted', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'task-definition missing',
      { 'task-definition': '' },
      'Input "task-definition" is required unless "service" or "schedule" is given: give a family (up to 255 letters, numbers, hyphens and underscores), family:revision (a positive whole number), a task-definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>) or the path of a task-definition JSON file in the workspace, or "service" to run what an ECS service runs, or "schedule" to run what a schedule runs.'
    ],
    [
      'revision 0',
      { 'task-definition': 'migrate:0' },
      'Input "task-definition" must be a family (up to 255 letters, numbers, hyphens and underscores), family:revision (a positive whole number), a task-definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>) or the path of a task-definition JSON file in the workspace, got "migrate:0".'
    ],
    [
      'malformed ARN',
      { 'task-definition': 'arn:aws:ecs:eu-west-1:123:task-definition/x:1' },
      'Input "task-definition" must be a family (up to 255 letters, numbers, hyphens and underscores), family:revision (a positive whole number), a task-definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>) or the path of a task-definition JSON file in the workspace, got "arn:aws:ecs:eu-west-1:123:task-definition/x:1".'
    ],
    [
      'cluster',
      { cluster: 'my cluster' },
      'Input "cluster" must be a cluster name (up to 255 letters, numbers, hyphens and underscores) or a cluster ARN, got "my cluster".'
    ],
    [
      'container',
      { container: 'a.b' },
      'Input "container" must be a container name (up to 255 letters, numbers, hyphens and underscores), got "a.b".'
    ],
    [
      'count above 10',
      { count: '11' },
      'Input "count" must be a whole number from 1 to 10, got "11".'
    ],
    ['count 0', { count: '0' }, 'Input "count" must be a whole number from 1 to 10, got "0".'],
    [
      'shards with count',
      { shards: '4', count: '2' },
      'Inputs "shards" and "count" cannot be used together: "shards" ("4") runs one task per index with its own RunTask, "count" ("2") up to 10 alike in one RunTask. Remove one of them.'
    ],
    [
      'shards above 1000',
      { shards: '1001' },
      'Input "shards" must be a whole number from 1 to 1000, got "1001".'
    ],
    [
      'max-parallel without shards',
      { 'max-parallel': '2' },
      'Input "max-parallel": needs "shards".'
    ],
    [
      'max-parallel with wait false',
      { shards: '5', 'max-parallel': '2', wait: 'false' },
      'Input "max-parallel": needs "wait: true": a shard waits for a slot while the step waits.'
    ],
    [
      'retry-on exit-code out of range',
      { 'retry-on': 'exit-code:256' },
      'Input "retry-on" must be a list of start-failure, spot-interruption or exit-code:N (N from 1 to 255, one entry per code), or empty to never start a task again, got "exit-code:256".'
    ],
    [
      'count 1.5',
      { count: '1.5' },
      'Input "count" must be a whole number from 1 to 10, got "1.5".'
    ],
    [
      'command: unterminated quote',
      { command: `echo 'hi` },
      `Input "command" must be a JSON array or a command line with POSIX shell quoting (a quote is not closed), got "echo 'hi".`
    ],
    [
      'command: lone backslash',
      { command: 'echo \\' },
      'Input "command" must be a JSON array or a command line with POSIX shell quoting (it ends with a lone backslash), got "echo \\\\".'
    ],
    [
      'command: invalid JSON array',
      { command: '["a", b]' },
      'Input "command": starts with "[" so it must be a JSON array of strings (e.g. ["bin/rails","db:migrate"]), but it is not valid JSON: Unexpected token \'b\' at line 1, column 7 (position 6).'
    ],
    [
      'command: JSON array of numbers',
      { command: '[1, 2]' },
      'Input "command" must be a JSON array of strings (e.g. ["bin/rails","db:migrate"]), not empty, got "[1, 2]".'
    ],
    [
      'launch-type is case-sensitive',
      { 'launch-type': 'fargate' },
      'Input "launch-type" must be one of FARGATE, EC2, EXTERNAL or MANAGED_INSTANCES, got "fargate".'
    ],
    [
      'capacity provider weight out of range',
      { 'capacity-provider-strategy': 'FARGATE:1001' },
      'Input "capacity-provider-strategy" must be provider:weight[:base] (weight a whole number from 0 to 1000, base from 0 to 100000) or a JSON array, got "FARGATE:1001".'
    ],
    [
      'capacity provider without weight',
      { 'capacity-provider-strategy': 'FARGATE' },
      'Input "capacity-provider-strategy" must be provider:weight[:base] (weight a whole number from 0 to 1000, base from 0 to 100000) or a JSON array, got "FARGATE".'
    ],
    [
      'capacity provider JSON shape',
      { 'capacity-provider-strategy': '[{"capacityProvider":"FARGATE","base":100001}]' },
      'Input "capacity-provider-strategy": capacity-provider-strategy[0].base must be a whole number from 0 to 100000, got 100001.'
    ],
    [
      'launch-type with capacity-provider-strategy',
      { 'launch-type': 'FARGATE', 'capacity-provider-strategy': 'FARGATE_SPOT:1' },
      'Inputs "launch-type" and "capacity-provider-strategy" cannot be used together: ECS takes one or the other. Remove one of them.'
    ],
    [
      'subnet id form',
      { subnets: 'subnet-0123abcd,subnet-XYZ' },
      'Input "subnets" must be ids like subnet-0123456789abcdef0, separated by commas or newlines, got "subnet-XYZ".'
    ],
    [
      'security group id form',
      { subnets: 'subnet-1', 'security-groups': 'default' },
      'Input "security-groups" must be ids like sg-0123456789abcdef0, separated by commas or newlines, got "default".'
    ],
    [
      'assign-public-ip value',
      { subnets: 'subnet-1', 'assign-public-ip': 'true' },
      'Input "assign-public-ip" must be one of ENABLED or DISABLED, got "true".'
    ],
    [
      'assign-public-ip without a network',
      { 'assign-public-ip': 'ENABLED' },
      'Input "assign-public-ip": needs "subnets", "service", "network-from-service" or "schedule" (it is part of the awsvpc network configuration).'
    ],
    [
      'security-groups without a network',
      { 'security-groups': 'sg-1' },
      'Input "security-groups": needs "subnets", "service", "network-from-service" or "schedule" (they are part of the awsvpc network configuration).'
    ],
    [
      'network-from-service',
      { 'network-from-service': 'arn:aws:ecs:eu-west-1:123456789012:svc/web' },
      'Input "network-from-service" must be a service name (up to 255 letters, numbers, hyphens and underscores) or a service ARN, got "arn:aws:ecs:eu-west-1:123456789012:svc/web".'
    ],
    [
      'started-by charset',
      { 'started-by': 'me@ci' },
      'Input "started-by" must be at most 128 letters, digits, "_", "/" and "-", got "me@ci".'
    ],
    [
      'group too long',
      { group: 'g'.repeat(256) },
      `Input "group" must be at most 255 characters, got "${'g'.repeat(120)}…".`
    ],
    [
      'tags: aws: prefix',
      { tags: 'AWS:owner=me' },
      'Input "tags": line 1: the key "AWS:owner" starts with "aws:", which AWS reserves.'
    ],
    [
      'tags: line without =',
      { tags: 'a=b\nteam' },
      'Input "tags": line 2 must be key=value, got "team".'
    ],
    [
      'tags: key too long',
      { tags: `${'k'.repeat(129)}=v` },
      `Input "tags": line 1: the key must be 1 to 128 characters, got "${'k'.repeat(120)}…".`
    ],
    [
      'tags: value too long',
      { tags: `k=${'v'.repeat(257)}` },
      'Input "tags": line 1: the value of "k" must be at most 256 characters, got 257.'
    ],
    [
      'propagate-tags',
      { 'propagate-tags': 'TASK' },
      'Input "propagate-tags" must be TASK_DEFINITION or NONE, got "TASK".'
    ],
    [
      'propagate-tags: SERVICE, which RunTask refuses',
      { 'propagate-tags': 'SERVICE' },
      'Input "propagate-tags" must be TASK_DEFINITION or NONE, got "SERVICE": RunTask refuses ' +
        'SERVICE (a service propagates its tags only to the tasks it starts itself).'
    ],
    [
      'platform-version with launch-type EC2',
      { 'launch-type': 'EC2', 'platform-version': '1.4.0' },
      'Input "platform-version" is "1.4.0", but the launch type is EC2 (input "launch-type"): ECS ' +
        'accepts a platform version only for Fargate (launch type FARGATE, or a FARGATE or ' +
        'FARGATE_SPOT capacity provider). Remove "platform-version", or run the task on Fargate.'
    ],
    [
      'assign-public-ip ENABLED with launch-type EXTERNAL',
      { 'launch-type': 'EXTERNAL', subnets: 'subnet-0aa', 'assign-public-ip': 'ENABLED' },
      'Input "assign-public-ip" is ENABLED, but the launch type is EXTERNAL (input "launch-type"): ' +
        'ECS assigns a public IP only to Fargate tasks; on EC2 and EXTERNAL it accepts DISABLED ' +
        'only. Give "assign-public-ip: DISABLED", or run the task on Fargate.'
    ],
    [
      'boolean outside the YAML core schema',
      { 'stream-logs': 'yes' },
      'Input "stream-logs" must be a boolean: true, True, TRUE, false, False or FALSE, got "yes".'
    ],
    [
      'overrides: command must be an array of strings',
      { overrides: '{"containerOverrides":[{"name":"app","command":"ls"}]}' },
      'Input "overrides": overrides.containerOverrides[0].command must be an array of strings, got a string.'
    ],
    [
      'overrides: unknown key',
      { overrides: '{"containerOverride":[]}' },
      'Input "overrides": overrides.containerOverride is not a known key (known keys: containerOverrides, cpu, memory, taskRoleArn, executionRoleArn, ephemeralStorage, inferenceAcceleratorOverrides).'
    ],
    [
      'overrides: not an object',
      { overrides: '[]' },
      'Input "overrides": overrides must be an object such as {"containerOverrides": [{"name": "app", "command": ["bin/migrate"]}]}, got an array.'
    ],
    [
      'cluster: an ARN of another region than the step',
      { cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' },
      'Input "cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/prod" is a cluster in region ' +
        'us-east-1, but the step runs in eu-west-1 ("aws-region", else AWS_REGION or ' +
        'AWS_DEFAULT_REGION), where ECS cannot find it: set "aws-region: us-east-1", or give a ' +
        'cluster of eu-west-1.'
    ],
    [
      'overrides: invalid JSON',
      { overrides: '{"cpu": "1",}' },
      'Input "overrides": not valid JSON: Expected double-quoted property name at line 1, column 13 (position 12).'
    ],
    [
      'placement-strategy type',
      { 'placement-strategy': '[{"type":"pack"}]' },
      'Input "placement-strategy": placement-strategy[0].type must be one of "random", "spread" or "binpack", got "pack".'
    ],
    [
      'placement-strategy binpack field',
      { 'placement-strategy': '[{"type":"binpack","field":"gpu"}]' },
      'Input "placement-strategy": placement-strategy[0].field must be "cpu" or "memory" when type is "binpack".'
    ],
    [
      'placement-constraints memberOf without expression',
      { 'placement-constraints': '[{"type":"memberOf"}]' },
      'Input "placement-constraints": placement-constraints[0].expression is required when type is "memberOf".'
    ],
    [
      'volume-configurations: roleArn required',
      { 'volume-configurations': '[{"name":"data","managedEBSVolume":{"sizeInGiB":"20"}}]' },
      'Input "volume-configurations": volume-configurations[0].managedEBSVolume.sizeInGiB must be a whole number of at least 1, got a string.\n' +
        'Input "volume-configurations": volume-configurations[0].managedEBSVolume.roleArn is required.'
    ],
    [
      'client-token with a space',
      { 'client-token': 'a b' },
      'Input "client-token" must be at most 64 characters in the ASCII range 33-126 (no spaces), got "a b".'
    ],
    [
      'client-token too long',
      { 'client-token': 'x'.repeat(65) },
      `Input "client-token" must be at most 64 characters in the ASCII range 33-126 (no spaces), got "${'x'.repeat(65)}".`
    ],
    [
      'wait-timeout 0',
      { 'wait-timeout': '0' },
      'Input "wait-timeout" must be a number of minutes above 0 up to 10080 (7 days), fractions allowed (e.g. 0.5), got "0".'
    ],
    [
      'wait-timeout not a number',
      { 'wait-timeout': '6h' },
      'Input "wait-timeout" must be a number of minutes above 0 up to 10080 (7 days), fractions allowed (e.g. 0.5), got "6h".'
    ],
    [
      'start-timeout negative',
      { 'start-timeout': '-1' },
      'Input "start-timeout" must be a number of minutes from 0 up to 10080 (7 days), fractions allowed (e.g. 0.5), got "-1".'
    ],
    [
      'log-containers',
      { 'log-containers': 'app,web server' },
      'Input "log-containers" must be container names (up to 255 letters, numbers, hyphens and underscores), got "web server".'
    ],
    [
      'aws-region form',
      { 'aws-region': 'Frankfurt' },
      'Input "aws-region" must be an AWS region like "eu-west-1", got "Frankfurt".'
    ]
  ]

  it.each(cases)('%s', (_name, inputs, message) => {
    const error = errorOf({ 'task-definition': 'migrate', ...inputs })
    expect(error.name).toBe('InputError')
    expect(error.message).toBe(message)
  })

  it('reports every bad input at once, one line each', () => {
    const error = errorOf({ 'task-definition': 'migrate', count: '11', wait: 'no', cluster: '' })
    expect(error.problems).toEqual([
      'Input "count" must be a whole number from 1 to 10, got "11".',
      'Input "wait" must be a boolean: true, True, TRUE, false, False or FALSE, got "no".'
    ])
    expect(error.message).toBe(error.problems.join('\n'))
  })

  it('accepts a message or a list when constructed elsewhere', () => {
    expect(new InputError('one').problems).toEqual(['one'])
    expect(new InputError(['a', 'b']).message).toBe('a\nb')
  })
})

describe('aws-region', () => {
  it('falls back to AWS_REGION, then AWS_DEFAULT_REGION', () => {
    setInputs({ 'task-definition': 'migrate' })
    expect(getInputs().region).toBe('eu-west-1')
    vi.stubEnv('AWS_REGION', undefined)
    vi.stubEnv('AWS_DEFAULT_REGION', 'ap-southeast-2')
    expect(getInputs().region).toBe('ap-southeast-2')
    setInputs({ 'aws-region': 'us-east-1' })
    expect(getInputs().region).toBe('us-east-1')
  })

  it('names where a bad region came from', () => {
    vi.stubEnv('AWS_REGION', 'EU')
    expect(errorOf({ 'task-definition': 'migrate' }).message).toBe(
      'Input "aws-region" must be an AWS region like "eu-west-1", got "EU" (from AWS_REGION).'
    )
  })

  it('without any region says how to set one', () => {
    vi.stubEnv('AWS_REGION', undefined)
    expect(errorOf({ 'task-definition': 'migrate' }).message).toBe(
      'Input "aws-region" is not set, and neither is AWS_REGION nor AWS_DEFAULT_REGION: set "aws-region", or run aws-actions/configure-aws-credentials with aws-region first.'
    )
  })
})

describe('environment values are secrets', () => {
  const SECRET = 's3cr3t-Value'

  it('never appear in error messages', () => {
    const error = errorOf({
      'task-definition': 'migrate',
      environment: [
        `GOOD=${SECRET}`,
        SECRET,
        `1BAD=${SECRET}`,
        `=${SECRET}`,
        `GOOD=${SECRET}2`,
        `BAD-NAME=${SECRET}`
      ].join('\n')
    })
    expect(error.message).not.toContain(SECRET)
    expect(error.problems).toEqual([
      'Input "environment": line 2 must be KEY=VALUE (the line is not shown: it may hold a secret).',
      'Input "environment": line 3: "1BAD" is not a variable name (letters, digits and underscores, not starting with a digit).',
      'Input "environment": line 4 has no name before "=" (expected KEY=VALUE).',
      'Input "environment": line 5 sets "GOOD" again (first set on line 1).',
      'Input "environment": line 6: "BAD-NAME" is not a variable name (letters, digits and underscores, not starting with a digit).'
    ])
  })

  it('never appear in overrides shape errors', () => {
    const error = errorOf({
      'task-definition': 'migrate',
      overrides: `{"containerOverrides":[{"name":"app","environment":[{"name":"K","value":"${SECRET}","x":1}]}]}`
    })
    expect(error.message).not.toContain(SECRET)
  })

  it('never appear in JSON syntax errors, whatever V8 quotes', () => {
    for (const [overrides, at] of [
      [`{"a": "${SECRET}" x}`, 'line 1, column 22 (position 21)'],
      [`{"a": "${SECRET}", "b": tru}`, 'line 1, column 31 (position 30)'],
      [`{"a":\n "${SECRET}"\n}}`, 'line 3, column 2 (position 23)']
    ] as const) {
      const error = errorOf({ 'task-definition': 'migrate', overrides })
      expect(error.message).not.toContain(SECRET)
      expect(error.message).toMatch(/^Input "overrides": not valid JSON: [^"]* at line/)
      expect(error.message).toContain(at)
    }
  })

  it('are not registered as masks: the runner masks what comes from secrets', () => {
    setInputs({
      'task-definition': 'migrate',
      environment: `A=${SECRET}\nRAILS_ENV=production\nB=x=y`,
      overrides: '{"containerOverrides":[{"name":"app","environment":[{"name":"K","value":"ov"}]}]}'
    })
    expect(getInputs().environment).toEqual([
      { name: 'A', value: SECRET },
      { name: 'RAILS_ENV', value: 'production' },
      { name: 'B', value: 'x=y' }
    ])
    expect(core.setSecret).not.toHaveBeenCalled()
  })
})

describe('derived defaults', () => {
  it('client token: the same step derives the same token; the job index tells matrix legs apart', () => {
    setInputs({ 'task-definition': 'migrate' })
    const first = getInputs().clientToken
    expect(getInputs().clientToken).toBe(first)
    setInputs({ 'job-index': '1' })
    const leg = getInputs().clientToken
    expect(leg).not.toBe(first)
    expect(leg).toBe(deriveClientToken(RUN_ENV, '1'))
  })

  it('outside GitHub Actions: a random token and startedBy ecs-run-task', () => {
    resetEnv({ AWS_REGION: 'eu-west-1' })
    setInputs({ 'task-definition': 'migrate' })
    const a = getInputs()
    expect(a.startedBy).toBe('ecs-run-task')
    expect(a.clientToken).toMatch(/^ecs-run-task-[0-9a-f-]{36}$/)
    expect(getInputs().clientToken).not.toBe(a.clientToken)
  })

  it('reads every variable from the env argument when given, the inputs included', () => {
    setInputs({ 'task-definition': 'from-process-env', cluster: 'from-process-env' })
    const env = {
      ...RUN_ENV,
      GITHUB_RUN_ID: '1',
      GITHUB_REPOSITORY: 'a/b',
      'INPUT_TASK-DEFINITION': 'migrate',
      INPUT_SUBNETS: 'subnet-0a'
    }
    const inputs = getInputs(env)
    expect(inputs.startedBy).toBe('gha/a_b/1/1')
    expect(inputs.taskDefinition).toEqual({ kind: 'reference', reference: 'migrate' })
    expect(inputs.subnets).toEqual(['subnet-0a'])
    expect(inputs.cluster).toBe('default')
    expect(() => getInputs({ ...env, 'INPUT_SECURITY-GROUP': 'sg-0a' })).toThrow(
      'Input "security-group" is not an input of this action'
    )
  })
})
