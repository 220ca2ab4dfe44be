import type { Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../support/clocks.js'
import { DrainState } from '../../../src/logs/drain.js'
import { CallLimiter } from '../../../src/logs/limiter.js'
import {
  DRAIN_AFTER_EVENT_MS,
  DRAIN_BACKLOG_CAP_MS,
  DRAIN_HARD_CAP_MS,
  DRAIN_OUTAGE_MS,
  DRAIN_QUIET_MS,
  ERROR_BACKOFF_MAX_MS,
  errorDelay,
  idleDelay,
  isFullPage
} from '../../../src/logs/pacing.js'

describe('policy', () => {
  it('backs an idle stream off to a 5 s cap', () => {
    expect([0, 1, 2, 3, 4, 50].map(idleDelay)).toEqual([1000, 2000, 4000, 5000, 5000, 5000])
  })

  it('retries with jittered exponential delays under the cap', () => {
    expect(errorDelay(1, () => 0)).toBe(500)
    expect(errorDelay(1, () => 1)).toBe(1000)
    expect(errorDelay(3, () => 0.5)).toBe(3000)
    expect(errorDelay(20, () => 1)).toBe(ERROR_BACKOFF_MAX_MS)
  })

  it('tells a full page by count or by size', () => {
    expect(isFullPage(Array.from({ length: 10_000 }, () => ({ message: 'x' })))).toBe(true)
    expect(isFullPage(Array.from({ length: 9_999 }, () => ({ message: 'x' })))).toBe(false)
    expect(isFullPage([{ message: 'x'.repeat(600 * 1024) }])).toBe(true)
    expect(isFullPage([])).toBe(false)
  })
})

describe('CallLimiter', () => {
  it('lets at most N calls start in any window, first come first served', async () => {
    const clock = new FakeClock()
    const limiter = new CallLimiter(clock, 5, 1000)
    const starts: Array<[number, number]> = []
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        await limiter.acquire()
        starts.push([i, clock.now()])
      })
    )
    expect(starts.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(starts.map(([, at]) => at)).toEqual([
      0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000
    ])
  })

  it('lets the most urgent waiting call through first, first come first served among equals', async () => {
    const clock = new FakeClock()
    const limiter = new CallLimiter(clock, 1, 1000)
    await limiter.acquire()
    const order: string[] = []
    const wait = (name: string, urgency: number) =>
      limiter.acquire(undefined, urgency).then(() => order.push(`${name}@${clock.now()}`))
    await Promise.all([wait('idle', 3), wait('poll-1', 2), wait('drain', 0), wait('poll-2', 2)])
    expect(order).toEqual(['drain@1000', 'poll-1@2000', 'poll-2@3000', 'idle@4000'])
  })

  it('gives up waiting when aborted', async () => {
    const clock = new FakeClock()
    const limiter = new CallLimiter(clock, 1, 1000)
    const stop = new AbortController()
    await limiter.acquire(stop.signal)
    stop.abort()
    await expect(limiter.acquire(stop.signal)).resolves.toBe(false)
  })
})

describe('DrainState', () => {
  const task = (lastStatus: string, container: object): Task =>
    ({ taskArn: 'arn', lastStatus, containers: [{ name: 'app', ...container }] }) as Task

  it('drains after a quiet poll DRAIN_QUIET_MS after the exit, or DRAIN_AFTER_EVENT_MS after a late event', () => {
    const drain = new DrainState()
    drain.found()
    expect(drain.observe(task('RUNNING', { lastStatus: 'RUNNING' }), 'app', 0)).toBe('started')
    drain.eventsReceived(900)
    expect(
      drain.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 0 }), 'app', 1000)
    ).toBe('changed')
    expect(drain.draining).toBe(true)
    expect(drain.nextActionAt(99_999, 1000)).toBe(1000 + DRAIN_QUIET_MS)
    // An event just before the quiet deadline: DRAIN_AFTER_EVENT_MS more, not DRAIN_QUIET_MS.
    drain.eventsReceived(5000)
    drain.quiet(5000 + DRAIN_AFTER_EVENT_MS - 1)
    expect(drain.end(10_000)).toBeUndefined()
    drain.quiet(5000 + DRAIN_AFTER_EVENT_MS)
    expect(drain.end(10_000)).toBe('drained')
  })

  it('never drains before DRAIN_QUIET_MS after the exit, however early the last event', () => {
    const drain = new DrainState()
    drain.found()
    drain.observe(task('RUNNING', { lastStatus: 'RUNNING' }), 'app', 0)
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 0 }), 'app', 1000)
    drain.eventsReceived(1200)
    drain.quiet(1000 + DRAIN_QUIET_MS - 1)
    expect(drain.end(10_000)).toBeUndefined()
    drain.quiet(1000 + DRAIN_QUIET_MS)
    expect(drain.end(10_000)).toBe('drained')
  })

  it('does not drain an exited container before its task is seen STOPPED (its lines may be in flight)', () => {
    const drain = new DrainState()
    drain.found()
    drain.observe(task('RUNNING', { lastStatus: 'RUNNING' }), 'app', 0)
    drain.observe(task('STOPPING', { lastStatus: 'STOPPED', exitCode: 0 }), 'app', 1000)
    expect(drain.draining).toBe(true)
    drain.quiet(1000 + DRAIN_QUIET_MS + 5000)
    expect(drain.end(20_000)).toBeUndefined()
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 0 }), 'app', 30_000)
    // The quiet poll must have started once STOPPED was seen.
    expect(drain.end(30_000)).toBeUndefined()
    expect(drain.nextActionAt(99_999, 1000 + DRAIN_QUIET_MS + 5000)).toBe(30_000)
    drain.quiet(30_000)
    expect(drain.end(30_000)).toBe('drained')
  })

  it('finishes a container that never ran at once', () => {
    const drain = new DrainState()
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED' }), 'app', 0)
    expect(drain.end(0)).toBe('never-ran')
  })

  it('gives up DRAIN_HARD_CAP_MS after the task stopped when nothing new comes', () => {
    const drain = new DrainState()
    drain.found()
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 1 }), 'app', 100)
    expect(drain.end(DRAIN_HARD_CAP_MS + 99)).toBeUndefined()
    expect(drain.nextActionAt(1e9, DRAIN_HARD_CAP_MS - 1)).toBe(DRAIN_HARD_CAP_MS + 100)
    expect(drain.end(DRAIN_HARD_CAP_MS + 100)).toBe('hard-cap')
  })

  it('while calls fail, gives up DRAIN_OUTAGE_MS after the last answer rather than at the hard cap', () => {
    const drain = new DrainState(0)
    drain.found()
    drain.answered(10_000)
    drain.failed()
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 0 }), 'app', 20_000)
    expect(drain.failing).toBe(true)
    expect(drain.end(20_000 + DRAIN_HARD_CAP_MS)).toBeUndefined()
    expect(drain.nextActionAt(1e9, 30_000)).toBe(10_000 + DRAIN_OUTAGE_MS)
    expect(drain.end(10_000 + DRAIN_OUTAGE_MS - 1)).toBeUndefined()
    expect(drain.end(10_000 + DRAIN_OUTAGE_MS)).toBe('hard-cap')
    expect(drain.sinceAnswer(10_000 + DRAIN_OUTAGE_MS)).toBe(DRAIN_OUTAGE_MS)
  })

  it('counts an outage from when following began while nothing has answered yet', () => {
    const drain = new DrainState(5_000)
    drain.failed()
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 0 }), 'app', 6_000)
    expect(drain.end(5_000 + DRAIN_OUTAGE_MS - 1)).toBeUndefined()
    expect(drain.end(5_000 + DRAIN_OUTAGE_MS)).toBe('hard-cap')
  })

  it('an outage long over by the time the task stopped ends at the hard cap, as does an answer', () => {
    const drain = new DrainState(0)
    drain.failed()
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 0 }), 'app', 600_000)
    expect(drain.end(600_000 + DRAIN_HARD_CAP_MS - 1)).toBeUndefined()
    expect(drain.end(600_000 + DRAIN_HARD_CAP_MS)).toBe('hard-cap')
    const answered = new DrainState(0)
    answered.failed()
    answered.answered(590_000)
    answered.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 0 }), 'app', 600_000)
    expect(answered.failing).toBe(false)
    expect(answered.end(600_000 + DRAIN_HARD_CAP_MS)).toBe('hard-cap')
  })

  it('a container seen RUNNING ran, even when no exit code came and its stream was never read', () => {
    const drain = new DrainState(0)
    drain.observe(task('RUNNING', { lastStatus: 'RUNNING' }), 'app', 0)
    drain.failed()
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED' }), 'app', 1_000)
    expect(drain.end(1_000)).toBeUndefined()
  })

  it('reads a backlog past DRAIN_HARD_CAP_MS, up to DRAIN_BACKLOG_CAP_MS', () => {
    const drain = new DrainState()
    drain.found()
    drain.observe(task('STOPPED', { lastStatus: 'STOPPED', exitCode: 1 }), 'app', 100)
    drain.eventsReceived(DRAIN_HARD_CAP_MS)
    expect(drain.end(DRAIN_HARD_CAP_MS + 100)).toBeUndefined()
    // A poll after the cap showed the stream alive: no more waking at the cap.
    expect(drain.nextActionAt(1e9, DRAIN_HARD_CAP_MS + 100)).toBe(
      DRAIN_HARD_CAP_MS + DRAIN_AFTER_EVENT_MS
    )
    drain.eventsReceived(DRAIN_BACKLOG_CAP_MS + 50)
    expect(drain.end(DRAIN_BACKLOG_CAP_MS + 100)).toBe('hard-cap')
  })
})
