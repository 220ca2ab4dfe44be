// EventBridge Scheduler's GetSchedule (REST JSON: GET /schedules/{Name}?groupName=) and
// EventBridge's ListTargetsByRule (JSON 1.1, AWSEvents.ListTargetsByRule), as far as the action
// reads them: seeded schedules and rules, answered in the services' own shapes and errors.

import { ApiError } from './types.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- wire payloads are free-form JSON */

export interface ScheduleSeed {
  name: string
  /** Default: 'default'. */
  group?: string
  /** Default: 'ENABLED'. */
  state?: 'ENABLED' | 'DISABLED'
  /** Default: 'cron(0 3 * * ? *)'. */
  expression?: string
  /** As GetSchedule returns it: `{ Arn, RoleArn, Input?, EcsParameters? }` (Scheduler's spelling). */
  target: any
}

export interface RuleSeed {
  name: string
  /** Default: 'default'. */
  bus?: string
  /** As ListTargetsByRule returns them: `{ Id, Arn, RoleArn?, Input?, EcsParameters? … }`. */
  targets: any[]
}

/** Targets a ListTargetsByRule page holds at most (the API's Limit is 1 to 100). */
const PAGE = 100

export class SchedulerModel {
  private readonly schedules = new Map<string, any>()
  private readonly rules = new Map<string, any[]>()

  constructor(
    private readonly region: string,
    private readonly accountId: string
  ) {}

  addSchedule(seed: ScheduleSeed): string {
    const group = seed.group ?? 'default'
    const arn = `arn:aws:scheduler:${this.region}:${this.accountId}:schedule/${group}/${seed.name}`
    const at = Math.floor(Date.now() / 1000)
    this.schedules.set(`${group}/${seed.name}`, {
      Arn: arn,
      GroupName: group,
      Name: seed.name,
      State: seed.state ?? 'ENABLED',
      ScheduleExpression: seed.expression ?? 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'NONE',
      CreationDate: at,
      LastModificationDate: at,
      Target: structuredClone(seed.target)
    })
    return arn
  }

  addRule(seed: RuleSeed): string {
    const bus = seed.bus ?? 'default'
    this.rules.set(`${bus}/${seed.name}`, structuredClone(seed.targets))
    const path = bus === 'default' ? seed.name : `${bus}/${seed.name}`
    return `arn:aws:events:${this.region}:${this.accountId}:rule/${path}`
  }

  getSchedule(name: string, group = 'default'): any {
    const schedule = this.schedules.get(`${group}/${name}`)
    if (!schedule) {
      throw new ApiError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404)
    }
    return structuredClone(schedule)
  }

  listTargetsByRule(input: any): any {
    // Rule may be a name or an ARN; EventBusName a name or an ARN.
    const bus = String(input.EventBusName ?? 'default').replace(/^arn:.*:event-bus\//, '')
    const name = String(input.Rule ?? '').replace(/^arn:.*:rule\/(?:.*\/)?/, '')
    const targets = this.rules.get(`${bus}/${name}`)
    if (!targets) {
      throw new ApiError(
        'ResourceNotFoundException',
        `Rule ${name} does not exist on EventBus ${bus}.`
      )
    }
    const limit = Number(input.Limit ?? PAGE)
    const offset = input.NextToken ? Number(input.NextToken) : 0
    const page = targets.slice(offset, offset + limit)
    return {
      Targets: structuredClone(page),
      ...(offset + limit < targets.length ? { NextToken: String(offset + limit) } : {})
    }
  }
}
