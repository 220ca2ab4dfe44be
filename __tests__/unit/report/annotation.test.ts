import { describe, expect, it } from 'vitest'
import {
  annotationText,
  groupedAnnotations,
  MAX_ANNOTATIONS_PER_KIND
} from '../../../src/report/annotation.js'
import type { Failure } from '../../../src/report/verdict.js'

const failure = {
  taskArn: 'arn:aws:ecs:us-east-1:1:task/prod/aaaa',
  container: 'app',
  headline: 'Task aaaa: container app exited with code 1.'
}
const URL = 'https://logs.example/aaaa'

describe('annotationText', () => {
  it('quotes the last lines, then points at the full log', () => {
    expect(annotationText(failure, ['PG::UndefinedColumn: ERROR', 'Tasks: TOP'], URL)).toBe(
      [
        'Task aaaa: container app exited with code 1. Its last 2 lines:',
        '  PG::UndefinedColumn: ERROR',
        '  Tasks: TOP',
        `Read its full log in CloudWatch: ${URL}`
      ].join('\n')
    )
  })

  it('ends with the advice when the failure has one', () => {
    expect(
      annotationText({ ...failure, advice: 'Give the container more memory' }, ['Killed'], URL)
    ).toBe(
      'Task aaaa: container app exited with code 1. Its last line:\n  Killed\nGive the container more memory.'
    )
  })

  it('is the headline alone without lines, advice or log', () => {
    expect(annotationText(failure, [], undefined)).toBe(failure.headline)
  })
})

describe('groupedAnnotations', () => {
  const arn = (i: number) =>
    `arn:aws:ecs:eu-west-1:123456789012:task/ci/${String(i).padStart(32, '0')}`
  const shardOf = (taskArn: string) => Number(taskArn.slice(-32))
  const failed = (i: number, title?: string): Failure => ({
    taskArn: arn(i),
    container: 'app',
    headline: `Shard ${i}: container app exited with code 1.`,
    ...(title ? { title } : {})
  })
  const detail = {
    shardOf,
    lines: (f: Failure) => [`last words of ${shardOf(f.taskArn ?? '')}`],
    logUrl: () => 'https://logs.example/app'
  }

  it('1,000 failed shards: one annotation per title, quoting the first, naming the others', () => {
    const failures = [
      ...Array.from({ length: 997 }, (_, i) => failed(i + 3)),
      failed(0, 'Task not started'),
      failed(1, 'Task not started'),
      failed(2, 'Timed out')
    ]
    const annotations = groupedAnnotations(failures, 'ECS task failed', detail)
    expect(annotations.map((a) => a.title)).toEqual([
      'ECS task failed',
      'Task not started',
      'Timed out'
    ])
    const [tasks, notStarted, timedOut] = annotations
    expect(tasks!.text).toContain(
      'Shard 3: container app exited with code 1. Its last line:\n  last words of 3'
    )
    expect(tasks!.text).toContain('Also failed (996): shard 4, shard 5, shard 6')
    expect(tasks!.text).toMatch(/shard 53 and 946 more\. The job summary lists each\.$/)
    expect(notStarted!.text).toMatch(/Also failed \(1\): shard 1\. The job summary lists each\.$/)
    expect(timedOut!.text).not.toContain('Also failed')
  })

  it('never more than 10, whatever the number of titles', () => {
    const failures = Array.from({ length: 25 }, (_, i) => failed(i, `Title ${i}`))
    const annotations = groupedAnnotations(failures, 'ECS task failed', detail)
    expect(annotations).toHaveLength(MAX_ANNOTATIONS_PER_KIND)
    expect(annotations.at(-1)!.text).toContain('Also failed (15): shard 10, shard 11')
  })
})
