import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// docs/iam-policy.json is what users give the workflow's role. Every API call the action makes
// must be allowed by it, so an SDK command added to src/ without its IAM action fails here.

const ROOT = resolve(import.meta.dirname, '../..')

/** The SDK clients the action uses, and the IAM service prefix of their commands. */
const SERVICES: Record<string, string> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-scheduler': 'scheduler',
  '@aws-sdk/client-eventbridge': 'events'
}

interface Statement {
  Sid?: string
  Effect: string
  Action: string | string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value])

function sourceFiles(): string[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(ROOT, 'src', file))
}

/**
 * IAM actions of the commands src/ constructs: every `new XCommand(` whose XCommand is a
 * command of one of SERVICES (looked up in the SDK packages themselves, so static, dynamic
 * and aliased imports are all covered).
 */
async function actionsCalledBySource(): Promise<Map<string, string[]>> {
  const commands = new Map<string, string>()
  for (const [module, service] of Object.entries(SERVICES)) {
    for (const name of Object.keys(await import(module))) {
      if (name.endsWith('Command') && name !== 'Command') commands.set(name, service)
    }
  }
  const found = new Map<string, string[]>()
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8')
    for (const [, name] of text.matchAll(/\bnew\s+(\w+Command)\s*\(/g)) {
      const service = commands.get(name ?? '')
      if (!service) continue
      const action = `${service}:${(name ?? '').slice(0, -'Command'.length)}`
      found.set(action, [...(found.get(action) ?? []), file.slice(ROOT.length + 1)])
    }
  }
  return found
}

const policy = JSON.parse(readFileSync(join(ROOT, 'docs/iam-policy.json'), 'utf8')) as {
  Version: string
  Statement: Statement[]
}
const allowed = new Set(
  policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action))
)

const called = await actionsCalledBySource()

describe('docs/iam-policy.json', () => {
  it('the scanner finds the calls the action cannot work without (self-check)', () => {
    for (const action of [
      'ecs:RunTask',
      'ecs:DescribeTasks',
      'ecs:StopTask',
      'logs:GetLogEvents'
    ]) {
      expect(called.has(action), `no new ${action.split(':')[1]}Command( found in src/`).toBe(true)
    }
  })

  it('allows every ECS and CloudWatch Logs action that src/ calls', () => {
    const missing = [...called]
      .filter(([action]) => !allowed.has(action))
      .map(([action, files]) => `${action} (called in ${files.join(', ')})`)
    expect(missing).toEqual([])
  })

  it('gives every statement a unique Sid and uses the 2012-10-17 policy language', () => {
    expect(policy.Version).toBe('2012-10-17')
    const sids = policy.Statement.map((s) => s.Sid ?? '')
    expect(sids.filter((sid) => !/^[A-Za-z0-9]+$/.test(sid))).toEqual([])
    expect(new Set(sids).size).toBe(sids.length)
  })

  it('grants no wildcard action, and Resource "*" only where AWS allows nothing narrower', () => {
    expect([...allowed].filter((a) => a.includes('*'))).toEqual([])
    const unscoped = policy.Statement.filter((s) => list(s.Resource).includes('*')).flatMap((s) =>
      list(s.Action)
    )
    expect(unscoped.sort()).toEqual([
      'ecs:DescribeTaskDefinition',
      // Authorized on container instances (a Fargate cluster has none): scoped by ecs:cluster.
      'ecs:ListTasks',
      'ecs:RegisterTaskDefinition'
    ])
  })

  it('scopes RunTask to the cluster and PassRole to ECS', () => {
    const withAction = (action: string): Statement[] =>
      policy.Statement.filter((s) => list(s.Action).includes(action))
    for (const action of ['ecs:RunTask', 'ecs:DescribeTasks', 'ecs:StopTask', 'ecs:ListTasks']) {
      for (const s of withAction(action))
        expect(s.Condition?.['ArnEquals']?.['ecs:cluster']).toBeTruthy()
    }
    const passedTo = withAction('iam:PassRole').map(
      (s) => s.Condition?.['StringEquals']?.['iam:PassedToService']
    )
    expect(passedTo).toContain('ecs-tasks.amazonaws.com')
    expect(passedTo.every((service) => typeof service === 'string')).toBe(true)
    // Tagging only as part of creating: tasks at RunTask, task definitions at registration.
    const createActions = withAction('ecs:TagResource').map((s) => [
      s.Condition?.['StringEquals']?.['ecs:CreateAction'],
      list(s.Resource)
    ])
    expect(createActions).toEqual([
      ['RunTask', ['arn:aws:ecs:REGION:ACCOUNT_ID:task/CLUSTER/*']],
      ['RegisterTaskDefinition', ['arn:aws:ecs:REGION:ACCOUNT_ID:task-definition/FAMILY:*']]
    ])
  })
})
