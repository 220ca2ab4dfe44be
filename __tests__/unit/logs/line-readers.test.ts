import { describe, expect, it } from 'vitest'
import { fanOut, type LogReader, type ReaderWarning } from '../../../src/logs/line-readers.js'
import type { LogTarget } from '../../../src/logs/targets.js'

const target: LogTarget = {
  taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/ci/t1',
  taskId: 't1',
  container: 'app',
  group: '/ecs/app',
  stream: 'ecs/app/t1',
  region: 'eu-west-1',
  label: 't1/app'
}

describe('fanOut', () => {
  it('is undefined without readers, so the streamer does no extra work', () => {
    expect(fanOut([], () => undefined)).toBeUndefined()
  })

  it('hands every page to every reader in order and passes their warnings on', () => {
    const seen: string[] = []
    const warned: ReaderWarning[] = []
    const a: LogReader = { read: (t, m) => void seen.push(`a:${t.label}:${m.join(',')}`) }
    const b: LogReader = {
      read: (_, m) => {
        seen.push(`b:${m.join(',')}`)
        return [{ title: 'T', message: `b saw ${m.length}` }]
      }
    }
    const onMessages = fanOut([a, b], (w) => warned.push(w))
    onMessages?.(target, ['1', '2'])
    onMessages?.(target, ['3'])
    expect(seen).toEqual(['a:t1/app:1,2', 'b:1,2', 'a:t1/app:3', 'b:3'])
    expect(warned).toEqual([
      { title: 'T', message: 'b saw 2' },
      { title: 'T', message: 'b saw 1' }
    ])
  })

  it('a reader that throws is reported and the others still read', () => {
    const seen: string[] = []
    const warned: ReaderWarning[] = []
    const broken: LogReader = {
      read: () => {
        throw new Error('bug')
      }
    }
    const fine: LogReader = { read: (_, m) => void seen.push(...m) }
    fanOut([broken, fine], (w) => warned.push(w))?.(target, ['x'])
    expect(seen).toEqual(['x'])
    expect(warned).toEqual([{ title: 'Log reader failed', message: 't1/app: Error: bug' }])
  })
})
