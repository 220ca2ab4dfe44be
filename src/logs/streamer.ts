import type {
  GetLogEventsCommandInput,
  GetLogEventsCommandOutput
} from '@aws-sdk/client-cloudwatch-logs'
import type { Task } from '@aws-sdk/client-ecs'
import type { Clock } from '../kit/clock.js'
import { LogCursor } from './cursor.js'
import { DrainState } from './drain.js'
import { classifyAwsError, callFailedMessage, errorNameAndMessage } from '../aws/errors.js'
import { clause, joinSentences } from '../kit/sentences.js'
import { CallLimiter, Slots } from './limiter.js'
import {
  BUSY_POLL_MS,
  ERROR_WARN_AFTER,
  LIMITER_WINDOW_MS,
  MAX_CALLS_PER_SECOND,
  MAX_CATCH_UP_CALLS_PER_SECOND,
  MAX_PAGES_IN_MEMORY,
  MAX_EMPTY_HOPS,
  errorDelay,
  idleDelay,
  isFullPage
} from './pacing.js'
import type { LogPrinter } from './printer.js'
import { logConsoleUrl, logGroupArn, type LogTarget } from './targets.js'

export interface LogStreamerDeps {
  /**
   * One GetLogEvents call in `region` (a log group may live outside the task's region). A
   * function rather than a client so the CloudWatch Logs SDK is loaded only when needed.
   */
  getLogEvents(region: string, input: GetLogEventsCommandInput): Promise<GetLogEventsCommandOutput>
  clock: Clock
  printer: LogPrinter
  /** Notes such as 'waiting for log stream …' (debug). */
  log?: (message: string) => void
  warn(message: string): void
  /** Jitter source for retry delays; Math.random unless a test pins it. */
  random?: () => number
  /**
   * Every page of new messages of a stream, in order, once it is queued for printing: for
   * readers of the log other than the printer (the failing lines, task outputs). Must not throw.
   */
  onMessages?: (target: LogTarget, messages: readonly string[]) => void
}

/** One followed stream: where it is read up to, when to poll next, and its counters. */
interface Follow {
  target: LogTarget
  cursor: LogCursor
  drain: DrainState
  /** When the polling schedule wants the next call. */
  dueAt: number
  lastPollAt: number | undefined
  emptyPolls: number
  emptyHops: number
  failures: number
  abandoned: boolean
  /** The page being printed: the next one waits for it, which bounds memory to ~2 pages. */
  printing: Promise<void>
  /** Wakes the stream from its sleep when ECS news may change its plan. */
  wake: AbortController
  waitingNoted: boolean
  retryNoted: boolean
  /** The last page was full of new events: the next call reads a backlog, not a poll. */
  catchingUp: boolean
  /** The latest transient error, quoted when the stream is given up. */
  lastError: unknown
}

/**
 * Follows the CloudWatch log streams of the tasks' containers with GetLogEvents, printing every
 * event exactly once and in order per stream, until each stream has drained after its container
 * exited (see DrainState and policy.ts). Log problems never fail the step: they are warned about
 * and the task's verdict does not depend on them.
 */
export class LogStreamer {
  private readonly follows: Follow[] = []
  private readonly runs: Array<Promise<void>> = []
  private started = false
  private readonly limiter: CallLimiter
  private readonly catchUpLimiter: CallLimiter
  private readonly pages = new Slots(MAX_PAGES_IN_MEMORY)
  private readonly stop = new AbortController()
  private readonly warned = new Set<string>()

  constructor(
    targets: LogTarget[],
    private readonly deps: LogStreamerDeps
  ) {
    this.limiter = new CallLimiter(deps.clock, MAX_CALLS_PER_SECOND, LIMITER_WINDOW_MS)
    this.catchUpLimiter = new CallLimiter(
      deps.clock,
      MAX_CATCH_UP_CALLS_PER_SECOND,
      LIMITER_WINDOW_MS
    )
    this.add(targets)
  }

  /** Begins polling every target concurrently. */
  start(): void {
    if (this.started) return
    this.started = true
    for (const follow of this.follows) this.runs.push(this.follow(follow))
  }

  /** More streams to follow (a task started again), under the same budgets. */
  add(targets: LogTarget[]): void {
    const now = this.deps.clock.now()
    for (const target of targets) {
      const follow: Follow = {
        target,
        cursor: new LogCursor(),
        drain: new DrainState(now),
        dueAt: now,
        lastPollAt: undefined,
        emptyPolls: 0,
        emptyHops: 0,
        failures: 0,
        abandoned: false,
        printing: Promise.resolve(),
        wake: new AbortController(),
        waitingNoted: false,
        retryNoted: false,
        catchingUp: false,
        lastError: undefined
      }
      this.follows.push(follow)
      this.deps.printer.opened(target.label)
      if (this.started) this.runs.push(this.follow(follow))
    }
  }

  /** After each DescribeTasks: the current view of the tasks. */
  update(tasks: Task[]): void {
    const now = this.deps.clock.now()
    for (const follow of this.follows) {
      const task = tasks.find((candidate) => candidate.taskArn === follow.target.taskArn)
      if (task === undefined) continue
      const news = follow.drain.observe(task, follow.target.container, now)
      if (news === 'started' && !follow.drain.exists) {
        // The stream appears when the container starts: look now rather than at the end of a
        // backoff, so the first lines are not late.
        follow.dueAt = now
        follow.emptyPolls = 0
      }
      if (news !== undefined) follow.wake.abort()
    }
  }

  /** Resolves when every stream, including those added meanwhile, has drained (or was abandoned). */
  async finished(): Promise<void> {
    for (let done = 0; done < this.runs.length;) {
      const count = this.runs.length
      await Promise.all(this.runs.slice(done))
      done = count
    }
  }

  /** Cancel/timeout: stop polling soon (the page in flight is still printed). */
  abort(): void {
    this.stop.abort()
    for (const follow of this.follows) follow.wake.abort()
  }

  private async follow(follow: Follow): Promise<void> {
    const { clock } = this.deps
    try {
      for (;;) {
        if (this.stop.signal.aborted || follow.abandoned) return
        const now = clock.now()
        const end = follow.drain.end(now)
        if (end !== undefined) {
          if (end === 'hard-cap') this.hardCapped(follow)
          return
        }
        const at = follow.drain.nextActionAt(follow.dueAt, follow.lastPollAt)
        if (at > now) {
          follow.wake = new AbortController()
          await clock.sleep(at - now, follow.wake.signal)
          continue
        }
        // One page per stream at a time, and a few for the whole step: memory stays flat
        // however many streams read backlogs at once.
        await follow.printing
        const release = await this.pages.take()
        const limiter = follow.catchingUp ? this.catchUpLimiter : this.limiter
        if (!(await limiter.acquire(this.stop.signal))) return release()
        // The slot is freed once this page is printed, without holding up the next poll (the
        // printing promise never rejects: a failed write is caught where it is made).
        await this.poll(follow).finally(() => {
          follow.printing.then(release, release)
        })
      }
    } catch (error) {
      // A bug here must not fail the step over logs.
      this.warnOnce(
        `crash:${follow.target.label}`,
        joinSentences(
          `Stopped streaming the logs of ${follow.target.label}: ${errorNameAndMessage(error)}`,
          `The task's result does not depend on its logs`
        )
      )
    } finally {
      await follow.printing
      await this.deps.printer.closed(follow.target.label)
    }
  }

  private async poll(follow: Follow): Promise<void> {
    const { clock } = this.deps
    const { target, cursor, drain } = follow
    const startedAt = clock.now()
    follow.lastPollAt = startedAt
    let page
    try {
      const token = cursor.token
      page = await this.deps.getLogEvents(target.region, {
        logGroupName: target.group,
        logStreamName: target.stream,
        startFromHead: true,
        ...(target.startTime === undefined ? {} : { startTime: target.startTime }),
        ...(token === undefined ? {} : { nextToken: token })
      })
    } catch (error) {
      this.failed(follow, error, startedAt)
      return
    }
    follow.failures = 0
    drain.found()
    drain.answered(clock.now())
    const step = cursor.advance(page)
    const full = isFullPage(page.events ?? [])
    follow.catchingUp = full && step.events.length > 0
    if (step.events.length > 0) {
      drain.eventsReceived(clock.now())
      follow.emptyPolls = 0
      follow.emptyHops = 0
      const { decode } = target
      const messages = step.events.flatMap((event) => {
        const message = event.message ?? ''
        const line = decode ? decode(message) : message
        return line === undefined ? [] : [line]
      })
      // The loop waited for the previous page to print before this call (one page per stream).
      follow.printing = this.deps.printer.write(target.label, messages).catch(() => undefined)
      // After the page is queued, so what a reader prints about it comes after its lines.
      this.deps.onMessages?.(target, messages)
      follow.dueAt = full ? clock.now() : startedAt + BUSY_POLL_MS
    } else if (full) {
      // A full page of repeats: the next page is certainly there.
      follow.dueAt = clock.now()
    } else if (step.moved && follow.emptyHops < MAX_EMPTY_HOPS) {
      // An empty page with a new token: CloudWatch skipped an empty stretch, more may follow.
      follow.emptyHops += 1
      follow.dueAt = clock.now()
    } else if (step.moved) {
      follow.emptyHops = 0
      follow.dueAt = startedAt + BUSY_POLL_MS
    } else {
      drain.quiet(startedAt)
      follow.emptyHops = 0
      follow.dueAt = startedAt + (drain.draining ? BUSY_POLL_MS : idleDelay(follow.emptyPolls))
      follow.emptyPolls += 1
    }
  }

  private failed(follow: Follow, error: unknown, startedAt: number): void {
    const { target } = follow
    follow.catchingUp = false
    switch (classifyAwsError(error).kind) {
      case 'not-found':
        // Not created yet (the container has not started logging) or the group does not exist
        // yet: both are waited for; the drain ends the wait if nothing ever comes.
        follow.drain.answered(this.deps.clock.now())
        follow.drain.quiet(startedAt)
        follow.failures = 0
        if (!follow.waitingNoted) {
          follow.waitingNoted = true
          this.note(`waiting for log stream ${target.stream} in ${target.group} (${target.label})`)
        }
        follow.dueAt = startedAt + idleDelay(follow.emptyPolls)
        follow.emptyPolls += 1
        return
      case 'throttled':
      case 'server':
      case 'network': {
        follow.failures += 1
        follow.lastError = error
        follow.drain.failed()
        const delay = errorDelay(follow.failures, this.deps.random)
        follow.dueAt = startedAt + delay
        // Once per stream: each note briefly resumes workflow commands, and the runner echoes
        // those switches, so a flapping stream must not fill the log with them.
        if (!follow.retryNoted) {
          follow.retryNoted = true
          this.note(
            `${clause(callFailedMessage(error, `GetLogEvents for ${target.label}`))}; retrying in ${Math.round(delay)} ms`
          )
        }
        if (follow.failures === ERROR_WARN_AFTER) {
          this.warnOnce(
            `slow:${target.label}`,
            `Reading the logs of ${target.label} failed ${ERROR_WARN_AFTER} times in a row ` +
              `(${clause(errorNameAndMessage(error))}); still retrying, lines may arrive late.`
          )
        }
        return
      }
      case 'denied':
        follow.abandoned = true
        this.warnOnce(
          `denied:${target.region}:${target.group}`,
          `Cannot stream the logs of ${target.label}: access denied to log group ${target.group} ` +
            `(${clause(errorNameAndMessage(error))}). The task's result does not depend on its logs. ` +
            `Allow logs:GetLogEvents on ${logGroupArn(target)} for the role the action runs as.`
        )
        return
      default:
        follow.abandoned = true
        this.warnOnce(
          `fatal:${target.region}:${target.group}:${errorNameAndMessage(error)}`,
          joinSentences(
            `Stopped streaming the logs of ${target.label} (log group ${target.group}, stream ` +
              `${target.stream}): ${errorNameAndMessage(error)}`,
            `The task's result does not depend on its logs`
          )
        )
        return
    }
  }

  private hardCapped(follow: Follow): void {
    const { target, drain } = follow
    const now = this.deps.clock.now()
    const stopped = Math.floor(drain.sinceStopped(now) / 1000)
    const link = `any later lines are in CloudWatch: ${logConsoleUrl(target)}`
    if (drain.failing) {
      this.warn(
        `Stopped following the logs of ${target.label}: CloudWatch Logs has not answered for ` +
          `${Math.floor(drain.sinceAnswer(now) / 1000)} s (${clause(callFailedMessage(follow.lastError, 'GetLogEvents'))}) ` +
          `and its task stopped ${stopped} s ago; ${link}`
      )
      return
    }
    this.warn(
      `Stopped following the logs of ${target.label} ${stopped} s after its task stopped; ${link}`
    )
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return
    this.warned.add(key)
    this.warn(message)
  }

  /**
   * The action's own messages go through the printer so that they come after the lines already
   * printed and the runner processes them (commands are stopped while task lines are printed).
   */
  private warn(message: string): void {
    this.deps.printer.commandSoon(() => this.deps.warn(message))
  }

  private note(message: string): void {
    const log = this.deps.log
    if (log) this.deps.printer.commandSoon(() => log(message))
  }
}
