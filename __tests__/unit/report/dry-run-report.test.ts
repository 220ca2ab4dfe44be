import type { RunTaskCommandInput } from '@aws-sdk/client-ecs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildRunTaskRequest } from '../../../src/ecs/run-task-request.js'
import type { Inputs } from '../../../src/inputs/inputs.js'
import {
  dryRunLines,
  dryRunMarkdown,
  dryRunReport,
  type DryRunPlan
} from '../../../src/report/dry-run-report.js'
import { parsedInputs } from '../../support/inputs.js'

afterEach(() => vi.unstubAllEnvs())

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:3'

function plan(inputs: Inputs, over: Partial<DryRunPlan> = {}): DryRunPlan {
  return {
    taskDefinition: {
      taskDefinitionArn: ARN,
      family: 'app',
      revision: 3,
      containerDefinitions: [{ name: 'app', command: ['bin/job', '--all'] }]
    },
    source: 'app:3',
    container: 'app',
    containerWhy: 'the only essential container that is not a FireLens log router',
    launch: {},
    request: (arn): RunTaskCommandInput => buildRunTaskRequest(inputs, arn, 'app', undefined),
    ...over
  }
}

const fact = (report: ReturnType<typeof dryRunReport>, name: string) =>
  report.facts.find(([n]) => n === name)?.[1]

describe('dryRunReport', () => {
  it('a registered definition: its ARN, its own command, the default launch', () => {
    const inputs = parsedInputs()
    const report = dryRunReport(plan(inputs), inputs)
    expect(report.taskDefinition).toBe(ARN)
    expect(report.taskDefinitionArn).toBe(ARN)
    expect(report.request.taskDefinition).toBe(ARN)
    expect(fact(report, 'Command')).toBe(`["bin/job","--all"] (the task definition's)`)
    expect(fact(report, 'Network')).toBe("none sent (the task definition's network mode decides)")
    expect(fact(report, 'Launch')).toBe("the cluster's default capacity provider strategy")
  })

  it('a registration: the next revision of its family, never an ARN', () => {
    const inputs = parsedInputs({ images: [{ image: 'repo/app:abc' }] })
    const report = dryRunReport(
      plan(inputs, {
        registration: {
          family: 'app',
          containerDefinitions: [{ name: 'app', image: 'repo/app:abc' }]
        }
      }),
      inputs
    )
    expect(report.taskDefinition).toBe('app:<next revision>')
    expect(report.taskDefinitionArn).toBe('')
    expect(report.request.taskDefinition).toBe('app:<next revision>')
    expect(fact(report, 'Task definition')).toBe('app:<next revision>, registered first from app:3')
    expect(fact(report, 'Images')).toBe('app: repo/app:abc')
    expect(fact(report, 'Command')).toBe("the image's (no command override)")
  })

  it('launch: a strategy or a launch type, with the platform version', () => {
    const inputs = parsedInputs()
    const strategy = dryRunReport(
      plan(inputs, {
        launch: {
          capacityProviderStrategy: [
            { capacityProvider: 'FARGATE_SPOT', weight: 1 },
            { capacityProvider: 'FARGATE', weight: 0, base: 1 }
          ],
          platformVersion: '1.4.0'
        }
      }),
      inputs
    )
    expect(fact(strategy, 'Launch')).toBe(
      'capacity provider strategy FARGATE_SPOT:1:0, FARGATE:0:1, platform version 1.4.0'
    )
    const ec2 = dryRunReport(plan(inputs, { launch: { launchType: 'EC2' } }), inputs)
    expect(fact(ec2, 'Launch')).toBe('launch type EC2')
  })

  it('masks environment values in the request it shows', () => {
    const inputs = parsedInputs({ environment: [{ name: 'TOKEN', value: 's3cret' }] })
    const report = dryRunReport(plan(inputs), inputs)
    expect(JSON.stringify(report.request)).not.toContain('s3cret')
    expect(report.request.overrides?.containerOverrides?.[0]?.environment).toEqual([
      { name: 'TOKEN', value: '***' }
    ])
  })

  it('asks for StopTask but not DescribeTasks or logs with wait: false', () => {
    const inputs = parsedInputs({ wait: false })
    const actions = dryRunReport(plan(inputs), inputs).permissions.map((p) => p.action)
    expect(actions).toEqual([
      'ecs:DescribeClusters',
      'ecs:DescribeTaskDefinition',
      'ecs:RunTask',
      'ecs:StopTask'
    ])
    const neither = parsedInputs({ wait: false, stopOnCancel: false })
    expect(dryRunReport(plan(neither), neither).permissions.map((p) => p.action)).toEqual([
      'ecs:DescribeClusters',
      'ecs:DescribeTaskDefinition',
      'ecs:RunTask'
    ])
  })
})

describe('dry-run output', () => {
  it('aligns the facts in the log', () => {
    const inputs = parsedInputs()
    expect(dryRunLines(dryRunReport(plan(inputs), inputs)).slice(0, 2)).toEqual([
      `  Task definition: ${ARN}`,
      '  Container:       app (the only essential container that is not a FireLens log router)'
    ])
  })

  it('escapes table cells in the summary', () => {
    const inputs = parsedInputs({ command: ['sh', '-c', 'a | b <script>'] })
    const markdown = dryRunMarkdown(dryRunReport(plan(inputs), inputs))
    expect(markdown).toContain('| Command | ["sh","-c","a \\| b &lt;script&gt;"] |')
    // Only inside the request's code block, where GitHub shows it as text.
    const outsideCode = markdown.replace(/^(`{3,})json\n[\s\S]*?\n\1$/gm, '')
    expect(outsideCode).not.toContain('<script>')
    expect(markdown).toContain('"a | b <script>"')
  })

  it('fences JSON so that backticks in a value cannot close the block', () => {
    const inputs = parsedInputs({ command: ['echo', '```', '<b>x</b>'] })
    const markdown = dryRunMarkdown(dryRunReport(plan(inputs), inputs))
    expect(markdown).toContain('````json\n{')
    const outsideCode = markdown.replace(/^(`{3,})json\n[\s\S]*?\n\1$/gm, '')
    expect(outsideCode).not.toContain('<b>')
  })
})
