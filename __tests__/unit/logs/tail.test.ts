import { describe, expect, it } from 'vitest'
import { LogTail, splitMessage, TAIL_LINES } from '../../../src/logs/tail.js'
import { formatLines } from '../../../src/logs/printer.js'
import type { LogTarget } from '../../../src/logs/targets.js'

const target = (taskArn: string, container: string): LogTarget => ({
  taskArn,
  taskId: taskArn.slice(-4),
  container,
  group: '/ecs/app',
  stream: `ecs/${container}/${taskArn.slice(-4)}`,
  region: 'us-east-1',
  label: `${taskArn.slice(-4)}/${container}`
})
const A = 'arn:aws:ecs:us-east-1:1:task/prod/aaaa'
const B = 'arn:aws:ecs:us-east-1:1:task/prod/bbbb'

describe('LogTail', () => {
  it('keeps the last ten lines of each task and container, across pages', () => {
    const tail = new LogTail()
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`)
    tail.read(target(A, 'app'), lines.slice(0, 8))
    tail.read(target(B, 'app'), ['other task'])
    tail.read(target(A, 'sidecar'), ['other container'])
    tail.read(target(A, 'app'), lines.slice(8))
    expect(tail.last(A, 'app')).toEqual(lines.slice(-TAIL_LINES))
    expect(tail.last(B, 'app')).toEqual(['other task'])
    expect(tail.last(A, 'sidecar')).toEqual(['other container'])
    expect(tail.last(B, 'sidecar')).toEqual([])
  })

  it('splits messages into lines as the printer prints them, skipping blank ones', () => {
    const messages = ['one\n', 'two\r\nthree\r\n', '\n', 'four\n\nfive', '   ']
    const printed = formatLines('x', messages, false)
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
    const tail = new LogTail()
    tail.read(target(A, 'app'), messages)
    expect(tail.last(A, 'app')).toEqual(printed)
    expect(printed).toEqual(['one', 'two', 'three', 'four', 'five'])
  })

  it('cuts long lines at a space, never inside a word, and drops terminal colours', () => {
    const tail = new LogTail(3, 40)
    const secretish = 'x'.repeat(60)
    tail.read(target(A, 'app'), [
      '\u001b[31mERROR\u001b[0m: relation "users" does not exist',
      `token=${secretish}`,
      'a fairly long line of words that goes on and on past the width'
    ])
    expect(tail.last(A, 'app')).toEqual([
      'ERROR: relation "users" does not exist',
      '[66 characters without spaces, not shown]',
      'a fairly long line of words that goes …'
    ])
  })

  it('reads only what it keeps of a huge page', () => {
    const tail = new LogTail()
    const page = Array.from({ length: 10_000 }, (_, i) => `event ${i}`)
    tail.read(target(A, 'app'), page)
    expect(tail.last(A, 'app')).toEqual(page.slice(-10))
  })
})

describe('splitMessage', () => {
  it('drops one trailing newline and splits on the rest', () => {
    expect(splitMessage('a\n')).toEqual(['a'])
    expect(splitMessage('a\n\n')).toEqual(['a', ''])
    expect(splitMessage('a\r\nb')).toEqual(['a', 'b'])
  })
})
