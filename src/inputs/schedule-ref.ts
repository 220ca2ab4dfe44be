import type { Parser } from './parsers.js'

/**
 * What `schedule` names: an EventBridge Scheduler schedule (`name`, `group/name` or its ARN) or
 * an EventBridge rule (only by ARN: a bare name could be either).
 */
export type ScheduleRef =
  | { kind: 'schedule'; name: string; group?: string; region?: string; text: string }
  | { kind: 'rule'; name: string; bus?: string; region: string; text: string }

/** Scheduler's names of schedules and groups: 1 to 64 of these characters. */
const SCHEDULER_NAME = '[0-9A-Za-z_.-]{1,64}'
/** EventBridge's names of rules (1 to 64) and event buses (1 to 256). */
const RULE_NAME = '[0-9A-Za-z_.-]{1,64}'
const BUS_NAME = '[/0-9A-Za-z_.-]{1,256}'

const BARE = new RegExp(`^(?:(${SCHEDULER_NAME})/)?(${SCHEDULER_NAME})$`)
const SCHEDULE_ARN = new RegExp(
  `^arn:aws[-a-z]*:scheduler:([a-z0-9-]+):\\d{12}:schedule/(${SCHEDULER_NAME})/(${SCHEDULER_NAME})$`
)
const RULE_ARN = new RegExp(
  `^arn:aws[-a-z]*:events:([a-z0-9-]+):\\d{12}:rule/(?:(${BUS_NAME})/)?(${RULE_NAME})$`
)

export const SCHEDULE_FORMS =
  'an EventBridge Scheduler schedule (`name`, `group/name` or ' +
  '`arn:aws:scheduler:REGION:ACCOUNT:schedule/GROUP/NAME`) or an EventBridge rule ARN ' +
  '(`arn:aws:events:REGION:ACCOUNT:rule/NAME` or `…:rule/BUS/NAME`)'

export const scheduleRef: Parser<ScheduleRef | undefined> = (text, { input, p }) => {
  if (text === '') return undefined
  const rule = RULE_ARN.exec(text)
  if (rule) {
    const [, region = '', bus, name = ''] = rule
    return { kind: 'rule', name, region, ...(bus ? { bus } : {}), text }
  }
  const arn = SCHEDULE_ARN.exec(text)
  if (arn) {
    const [, region = '', group = '', name = ''] = arn
    return { kind: 'schedule', name, group, region, text }
  }
  const bare = BARE.exec(text)
  if (bare) {
    const [, group, name = ''] = bare
    return { kind: 'schedule', name, ...(group ? { group } : {}), text }
  }
  p.invalid(input, text, SCHEDULE_FORMS)
  return undefined
}
