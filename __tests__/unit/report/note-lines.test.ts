import { describe, expect, it } from 'vitest'
import { noteLines } from '../../../src/report/result.js'
import type { ContainerNote } from '../../../src/report/verdict.js'

const arn = (id: string): string => `arn:aws:ecs:us-east-1:123456789012:task/default/${id}`
const TEXT = (c: string): string =>
  `Container ${c} exited with code 143: ECS stopped with the task (SIGTERM) after app exited 0; ` +
  'not a failure (the primary container decides).'
const note = (id: string, container: string): ContainerNote => ({
  taskArn: arn(id),
  container,
  short: 'stopped with the task (SIGTERM) after app exited 0',
  text: TEXT(container)
})

describe('noteLines', () => {
  it('says a single task’s notes as written', () => {
    expect(noteLines([note('t0', 'envoy')], 1, () => undefined)).toEqual([TEXT('envoy')])
  })

  it('says each note once for all the shards it is about, naming them as ranges', () => {
    const shards = new Map<string, number>()
    const notes: ContainerNote[] = []
    for (const i of [0, 1, 2, 3, 7, 9, 10]) {
      shards.set(arn(`t${i}`), i)
      notes.push(note(`t${i}`, 'datadog-agent'), note(`t${i}`, 'envoy'))
    }
    expect(noteLines(notes, 7, (a) => shards.get(a))).toEqual([
      `Shards 0-3, 7, 9-10: ${TEXT('datadog-agent').replace('Container', 'container')}`,
      `Shards 0-3, 7, 9-10: ${TEXT('envoy').replace('Container', 'container')}`
    ])
    expect(noteLines([note('t7', 'envoy')], 1, (a) => shards.get(a))).toEqual([
      `Shard 7: ${TEXT('envoy').replace('Container', 'container')}`
    ])
  })

  it('names the tasks of a count run', () => {
    expect(noteLines([note('a1', 'envoy'), note('b2', 'envoy')], 2, () => undefined)).toEqual([
      `Tasks a1, b2: ${TEXT('envoy').replace('Container', 'container')}`
    ])
  })
})
