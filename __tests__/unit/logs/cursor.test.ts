import { describe, expect, it } from 'vitest'
import { LogCursor, type CursorStep } from '../../../src/logs/cursor.js'

const event = (message: string, timestamp = 1) => ({ message, timestamp, ingestionTime: timestamp })
const messages = (step: CursorStep) => step.events.map((e) => e.message)

describe('LogCursor', () => {
  it('starts from the head and follows nextForwardToken', () => {
    const cursor = new LogCursor()
    expect(cursor.token).toBeUndefined()
    const first = cursor.advance({ events: [event('a'), event('b')], nextForwardToken: 'f/2' })
    expect(first).toMatchObject({ moved: true, received: 2 })
    expect(messages(first)).toEqual(['a', 'b'])
    expect(cursor.token).toBe('f/2')
    const second = cursor.advance({ events: [event('c')], nextForwardToken: 'f/3' })
    expect(messages(second)).toEqual(['c'])
    expect(cursor.token).toBe('f/3')
  })

  it('treats the same token coming back as the end of the stream', () => {
    const cursor = new LogCursor()
    cursor.advance({ events: [event('a')], nextForwardToken: 'f/1' })
    const end = cursor.advance({ events: [], nextForwardToken: 'f/1' })
    expect(end).toEqual({ events: [], moved: false, received: 0 })
    expect(cursor.token).toBe('f/1')
  })

  it('follows an empty page whose token moved', () => {
    const cursor = new LogCursor()
    cursor.advance({ events: [event('a')], nextForwardToken: 'f/1' })
    const hop = cursor.advance({ events: [], nextForwardToken: 'f/skip' })
    expect(hop).toEqual({ events: [], moved: true, received: 0 })
    expect(cursor.token).toBe('f/skip')
    expect(messages(cursor.advance({ events: [event('b')], nextForwardToken: 'f/2' }))).toEqual([
      'b'
    ])
  })

  it('does not deliver twice events repeated under an unchanged token', () => {
    const cursor = new LogCursor()
    cursor.advance({ events: [event('a')], nextForwardToken: 't' })
    // The token stood still but events came: a later call with it may start at the same place.
    expect(messages(cursor.advance({ events: [event('b', 2)], nextForwardToken: 't' }))).toEqual([
      'b'
    ])
    expect(cursor.advance({ events: [event('b', 2)], nextForwardToken: 't' }).events).toEqual([])
    expect(
      messages(cursor.advance({ events: [event('b', 2), event('c', 3)], nextForwardToken: 't' }))
    ).toEqual(['c'])
    expect(messages(cursor.advance({ events: [event('d', 4)], nextForwardToken: 'u' }))).toEqual([
      'd'
    ])
  })

  it('delivers new events under an unchanged token when they do not repeat earlier ones', () => {
    const cursor = new LogCursor()
    cursor.advance({ events: [], nextForwardToken: 't' })
    expect(messages(cursor.advance({ events: [event('a', 1)], nextForwardToken: 't' }))).toEqual([
      'a'
    ])
    expect(messages(cursor.advance({ events: [event('b', 2)], nextForwardToken: 't' }))).toEqual([
      'b'
    ])
  })

  it('keeps its token when a page has none', () => {
    const cursor = new LogCursor()
    cursor.advance({ events: [], nextForwardToken: 't' })
    expect(cursor.advance({ events: [] })).toEqual({ events: [], moved: false, received: 0 })
    expect(cursor.token).toBe('t')
  })
})
