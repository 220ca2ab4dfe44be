import type { Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import {
  summaryMarkdown,
  type SummaryInput,
  type TaskRow
} from '../../../src/report/summary-markdown.js'
import {
  LISTED_FAILURES,
  QUOTED_SHARDS,
  SHARD_TABLE_MAX_BYTES,
  SUMMARY_MAX_BYTES
} from '../../../src/report/summary-shards.js'
import type { Failure } from '../../../src/report/verdict.js'

const t0 = new Date('2026-12-01T02:00:00Z')
const at = (s: number): Date => new Date(t0.getTime() + s * 1000)
const arnOf = (i: number, attempt = 1) =>
  `arn:aws:ecs:eu-west-1:123456789012:task/backfill/${(i * 10 + attempt).toString(16).padStart(32, '0')}`

/** Shard i's task: app exits `exit`, the agent is stopped with it. */
function task(
  i: number,
  exit: number,
  attempt = 1,
  reason = 'Essential container in task exited'
): Task {
  return {
    taskArn: arnOf(i, attempt),
    lastStatus: 'STOPPED',
    createdAt: at(i % 60),
    startedAt: at((i % 60) + 20),
    stoppedAt: at((i % 60) + 20 + 600 + (i % 7)),
    stoppedReason: reason,
    containers: [
      { name: 'app', lastStatus: 'STOPPED', exitCode: exit },
      { name: 'datadog-agent', lastStatus: 'STOPPED', exitCode: 143 }
    ]
  }
}

function input(rows: TaskRow[], failures: Failure[]): SummaryInput {
  return {
    status: failures.length ? 'failed' : 'succeeded',
    title: failures.length ? 'ECS task failed' : 'ECS tasks succeeded',
    facts: {
      family: 'backfill',
      taskDefinition: 'backfill:42',
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/backfill:42',
      container: 'app',
      cluster: 'backfill',
      region: 'eu-west-1'
    },
    rows,
    failures,
    lastLines: (arn) => [`Traceback for ${arn.slice(-6)}`, 'KeyError: tenant_id'],
    logUrl: (arn, container) =>
      `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fbackfill/log-events/ecs$252F${container}$252F${arn.slice(-32)}`
  }
}

const failure = (i: number, attempt = 1): Failure => ({
  taskArn: arnOf(i, attempt),
  container: 'app',
  headline: `Shard ${i}: task ${arnOf(i, attempt).slice(-32)}: container app exited with code 1.`
})

/** The shard table's rows: `| <shard> | …`. */
const tableRows = (markdown: string) => markdown.split('\n').filter((l) => /^\| \d+ \| /.test(l))

describe('summary of a job of shards', () => {
  it('1,000 shards: one row per shard, failed first, under 1 MiB', () => {
    const failed = new Set([17, 3, 999, 512])
    const rows: TaskRow[] = Array.from({ length: 1000 }, (_, i) => ({
      task: task(i, failed.has(i) ? 1 : 0),
      shard: i,
      attempts: 1
    }))
    const markdown = summaryMarkdown(
      input(
        rows,
        [...failed].map((i) => failure(i))
      )
    )
    expect(Buffer.byteLength(markdown)).toBeLessThan(SUMMARY_MAX_BYTES)
    const lines = tableRows(markdown)
    expect(lines).toHaveLength(1000)
    expect(lines.slice(0, 4).map((l) => l.split(' | ')[0])).toEqual([
      '| 3',
      '| 17',
      '| 512',
      '| 999'
    ])
    expect(lines[0]).toContain('❌ **1**')
    expect(lines[4]).toMatch(/^\| 0 \| `[0-9a-f]{32}` \| 0 \| 10 min 0 s \| 1 \| /)
    expect(lines[4]).toContain('[logs](https://eu-west-1.console.aws.amazon.com/cloudwatch/')
    expect(markdown.match(/<details>/g)).toHaveLength(4)
    expect(markdown).not.toContain('more shards not listed')
  })

  it('a shard never started (fail-fast) has its row too, in index order after the failed', () => {
    const rows: TaskRow[] = [0, 1, 2].map((i) => ({ task: task(i, i === 2 ? 1 : 143), shard: i }))
    const lines = tableRows(summaryMarkdown({ ...input(rows, [failure(2)]), unstarted: [4, 3] }))
    expect(lines.map((l) => l.split(' | ')[0])).toEqual(['| 2', '| 0', '| 1', '| 3', '| 4'])
    expect(lines[3]).toBe('| 3 | – | – |  | 0 | not started |  |')
  })

  it('a shard started again is one row with its last attempt and how many it took', () => {
    const rows: TaskRow[] = [
      { task: task(0, 0), shard: 0 },
      { task: task(1, 1, 1, 'CannotPullContainerError: pull access denied'), shard: 1, attempt: 1 },
      { task: task(1, 0, 2), shard: 1, attempt: 2 }
    ]
    const lines = tableRows(summaryMarkdown(input(rows, [])))
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`\`${arnOf(1, 2).slice(-32)}\``)
    expect(lines[1]!.split(' | ')[4]).toBe('2')
  })

  it('stays under 1 MiB when every row is long, saying how many shards it left out', () => {
    const reason = `ResourceInitializationError: ${'unable to pull secrets or registry auth '.repeat(20)}`
    const rows: TaskRow[] = Array.from({ length: 1000 }, (_, i) => ({
      task: task(i, 1, 1, reason),
      shard: i
    }))
    const failures = rows.map((_, i) => failure(i))
    const markdown = summaryMarkdown(input(rows, failures))
    expect(Buffer.byteLength(markdown)).toBeLessThan(SUMMARY_MAX_BYTES)
    const lines = tableRows(markdown)
    expect(lines.length).toBeGreaterThan(100)
    expect(lines.length).toBeLessThan(1000)
    const table = lines.join('\n')
    expect(Buffer.byteLength(table)).toBeLessThanOrEqual(SHARD_TABLE_MAX_BYTES)
    expect(markdown).toContain(
      `… ${1000 - lines.length} more shards not listed (${1000 - lines.length} of them failed): ` +
        'the job summary stays under GitHub’s 1 MiB. The `results` output has every shard.'
    )
    // The failures above the table are the first few, then a count.
    const listed = markdown.split('\n').filter((l) => l.startsWith('- Shard '))
    expect(listed).toHaveLength(LISTED_FAILURES)
    expect(markdown).toContain(
      `- … and ${1000 - LISTED_FAILURES} more failures: every failed shard is in the table.`
    )
    expect(markdown.match(/<details>/g)).toHaveLength(QUOTED_SHARDS)
    expect(markdown).toContain(
      `The last lines of the first ${QUOTED_SHARDS} failed shards are shown`
    )
  })

  it('keeps one row per task and container without shards', () => {
    const markdown = summaryMarkdown(input([{ task: task(0, 0) }], []))
    expect(markdown).toContain('| Task | Container | Exit code |')
    expect(markdown).not.toContain('| Shard |')
  })
})
