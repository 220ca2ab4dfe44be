// One ECS task's life, computed from the clock: every answer derives the task's state from
// Date.now() and a few fixed instants, so there are no timers and a given clock gives one answer.

import { commandBehaviour } from './command.js'
import { fireLensStream } from './firelens.js'
import type { EventFeed } from './logs.js'
import type { ContainerBehaviour, TaskBehaviour } from './types.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- requests and definitions are free-form JSON */

export const DEFAULTS = {
  provisioningMs: 100,
  pendingMs: 200,
  runMs: 500,
  stoppingMs: 500
} as const

export interface ContainerPlan {
  name: string
  arn: string
  image: string
  essential: boolean
  behaviour: ContainerBehaviour
  /** Absolute ms of its own exit once RUNNING (Infinity: never on its own). */
  naturalExit: number
  /**
   * Set when its restart policy restarts it at every exit (see restartCycleMs): it runs again
   * and again, this long each time, printing its scripted lines each run.
   */
  cycleMs?: number
  /**
   * The stream its lines land in: awslogs with a stream prefix, or a FireLens output to
   * CloudWatch Logs (`record` makes the event of a line).
   */
  log?: { group: string; stream: string; record?: (message: string) => string }
}

export interface StopInfo {
  at: number
  cause: 'essential' | 'user' | 'failed' | 'spot'
  stopCode: string
  stoppedReason: string
  /** Spot: when the termination notice came (desiredStatus STOPPED while still RUNNING). */
  noticeAt?: number
}

/** Where RunTask placed the task, as DescribeTasks renders it. */
export interface Placement {
  launchType: string
  capacityProviderName?: string
  /** Fargate only: the resolved platform version (LATEST -> 1.4.0). */
  platformVersion?: string
}

/** A container's reason when the kernel killed it for memory (exit code 137). */
export const OOM_REASON = 'OutOfMemoryError: Container killed due to memory usage'

/** Exit codes of the SIGTERM ECS sends to the containers still running when a task stops. */
const ON_SIGTERM = { exit: 143, exit0: 0, ignore: 137 } as const

/** The stoppedReason of a Fargate Spot interruption (and of its termination notice). */
export const SPOT_REASON = 'Your Spot Task was interrupted.'

export interface ContainerExit {
  at: number
  exitCode?: number
  reason?: string
}

export class Task {
  readonly pendingAt: number
  readonly runningAt: number
  readonly stoppingMs: number
  missingLeft: number
  private user?: { at: number; reason: string }
  /** A StopTask from someone else, scripted (TaskBehaviour.stoppedBy). */
  private readonly scheduledStop?: { at: number; reason: string }
  private stopCache: { info: StopInfo | undefined } | undefined
  readonly containers: ContainerPlan[]

  constructor(
    readonly id: string,
    readonly arn: string,
    readonly cluster: { name: string; arn: string },
    readonly taskDef: any,
    readonly request: any,
    readonly createdAt: number,
    readonly behaviour: TaskBehaviour,
    containerArn: (name: string) => string,
    readonly placement: Placement = { launchType: 'FARGATE', platformVersion: '1.4.0' }
  ) {
    this.pendingAt = createdAt + (behaviour.provisioningMs ?? DEFAULTS.provisioningMs)
    this.runningAt = this.pendingAt + (behaviour.pendingMs ?? DEFAULTS.pendingMs)
    this.stoppingMs = behaviour.stoppingMs ?? DEFAULTS.stoppingMs
    this.missingLeft = behaviour.missingDescribes ?? 0
    if (behaviour.stoppedBy) {
      this.scheduledStop = {
        at: this.runningAt + behaviour.stoppedBy.afterMs,
        reason: behaviour.stoppedBy.reason ?? 'Task stopped by user'
      }
    }
    const defs: any[] = taskDef.containerDefinitions ?? []
    this.containers = defs.map((def) => {
      const b = containerBehaviour(def, request, behaviour.containers?.[def.name])
      const exitCode = b.exitCode === undefined ? 0 : b.exitCode
      const opts =
        def.logConfiguration?.logDriver === 'awslogs' ? def.logConfiguration.options : undefined
      const runMs = b.runMs ?? DEFAULTS.runMs
      const cycleMs = restartCycleMs(def.restartPolicy, exitCode, runMs)
      const plan: ContainerPlan = {
        name: def.name,
        arn: containerArn(def.name),
        image: def.image,
        essential: def.essential !== false,
        behaviour: b,
        naturalExit: exitCode === null || cycleMs !== undefined ? Infinity : this.runningAt + runMs,
        ...(cycleMs !== undefined ? { cycleMs } : {})
      }
      if (opts?.['awslogs-group'] && opts['awslogs-stream-prefix']) {
        plan.log = {
          group: opts['awslogs-group'],
          stream: `${opts['awslogs-stream-prefix']}/${def.name}/${id}`
        }
      }
      const router = defs.find((d) => d.firelensConfiguration)
      const firelens = fireLensStream(def, router, {
        arn,
        id,
        cluster: cluster.name,
        taskDefinition: `${taskDef.family}:${taskDef.revision}`
      })
      if (firelens) plan.log = firelens
      return plan
    })
  }

  get family(): string {
    return this.taskDef.family
  }

  get userStop(): { at: number; reason: string } | undefined {
    return this.user
  }

  /** StopTask: takes effect only while the task is not already stopping (or told to stop). */
  stop(at: number, reason: string): void {
    const current = this.stopInfo()
    if (current && Math.min(current.at, current.noticeAt ?? Infinity) <= at) return
    this.user = { at, reason }
    this.stopCache = undefined
  }

  /** When and why the task stops (possibly in the future), or undefined while nothing makes it stop. */
  stopInfo(): StopInfo | undefined {
    // Memoised: only StopTask changes it, and log feeds ask for it once per event.
    if (!this.stopCache) this.stopCache = { info: this.computeStop() }
    return this.stopCache.info
  }

  private computeStop(): StopInfo | undefined {
    const scheduled = this.scheduledStop
    const user = scheduled && (!this.user || scheduled.at < this.user.at) ? scheduled : this.user
    if (this.behaviour.failToStart) {
      if (user && user.at < this.runningAt) return userInfo(user)
      return {
        at: this.runningAt,
        cause: 'failed',
        stopCode: 'TaskFailedToStart',
        stoppedReason: this.behaviour.failToStart.stoppedReason
      }
    }
    const essentialExit = Math.min(
      ...this.containers.filter((c) => c.essential).map((c) => c.naturalExit)
    )
    const spot = this.behaviour.spotInterruption
    if (spot) {
      // The notice comes afterMs into RUNNING; the task stops noticeMs later (or earlier, when an
      // essential container exits meanwhile). Before the notice, the usual causes apply.
      const noticeAt = this.runningAt + spot.afterMs
      const first = Math.min(essentialExit, user?.at ?? Infinity)
      if (noticeAt <= first) {
        return {
          at: Math.min(noticeAt + (spot.noticeMs ?? 0), essentialExit),
          cause: 'spot',
          stopCode: 'SpotInterruption',
          stoppedReason: SPOT_REASON,
          noticeAt
        }
      }
    }
    if (user && user.at < essentialExit) return userInfo(user)
    if (essentialExit === Infinity) return undefined
    return {
      at: essentialExit,
      cause: 'essential',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited'
    }
  }

  /** Did the containers ever start (i.e. reach RUNNING)? */
  ran(stop = this.stopInfo()): boolean {
    return !stop || (stop.cause !== 'failed' && stop.at >= this.runningAt)
  }

  /** The container's exit (possibly in the future), or undefined while it runs for good. */
  containerExit(c: ContainerPlan, stop = this.stopInfo()): ContainerExit | undefined {
    if (!this.ran(stop)) {
      const fail = stop!.cause === 'failed' ? this.behaviour.failToStart : undefined
      const exited = fail?.exited?.[c.name]
      // An init container that ran before the start failed reports its exit code.
      if (exited !== undefined) return { at: stop!.at, exitCode: exited }
      const reason =
        fail && fail.containerReason !== null
          ? (fail.containerReason ?? fail.stoppedReason)
          : undefined
      return { at: stop!.at, ...(reason ? { reason } : {}) }
    }
    if (c.naturalExit <= (stop?.at ?? Infinity)) {
      const b = c.behaviour
      return {
        at: c.naturalExit,
        exitCode: b.exitCode ?? 0,
        ...(b.reason ? { reason: b.reason } : {})
      }
    }
    if (!stop) return undefined
    // Still running when the task stops: on a Spot interruption, SIGTERM (143) unless scripted
    // otherwise; else SIGTERM, and what the container does with it.
    if (stop.cause === 'spot') {
      const code = this.behaviour.spotInterruption?.exitCode
      if (code === null) return { at: stop.at }
      return { at: stop.at, exitCode: code ?? 143 }
    }
    return { at: stop.at, exitCode: ON_SIGTERM[c.behaviour.onSigterm ?? 'exit'] }
  }

  lastStatus(now: number, stop = this.stopInfo()): string {
    if (stop && stop.at <= now) {
      const phase = this.stoppingMs > 0 ? (now - stop.at) / this.stoppingMs : 1
      if (phase >= 1) return 'STOPPED'
      return phase < 1 / 3 ? 'DEACTIVATING' : phase < 2 / 3 ? 'STOPPING' : 'DEPROVISIONING'
    }
    if (now < this.pendingAt) return 'PROVISIONING'
    if (now < this.runningAt) return 'PENDING'
    return 'RUNNING'
  }

  stoppedAt(stop = this.stopInfo()): number | undefined {
    return stop ? stop.at + this.stoppingMs : undefined
  }

  /** Lazy awslogs feed for one container: events ordered by ingestion, cut at the container's exit. */
  feed(c: ContainerPlan): EventFeed {
    const base = this.runningAt
    const record = c.log?.record
    // One run's explicit lines from `start`; a container its restart policy restarts prints
    // them again every run, added lazily run by run.
    const run = (start: number) =>
      (c.behaviour.logs ?? [])
        .filter((l) => c.cycleMs === undefined || l.atMs < c.cycleMs)
        .map((l, i) => ({
          timestamp: start + l.atMs,
          message: record ? record(l.message) : l.message,
          ingestionTime: start + l.atMs + (l.ingestDelayMs ?? 0),
          i
        }))
        .sort((a, b) => a.ingestionTime - b.ingestionTime || a.timestamp - b.timestamp || a.i - b.i)
    const explicit = run(base)
    let runs = 1
    const addRuns = (upTo: number): void => {
      if (c.cycleMs === undefined) return
      while (base + runs * c.cycleMs <= upTo) explicit.push(...run(base + runs++ * c.cycleMs))
    }
    const gen = c.behaviour.logLines
    const every = gen?.everyMs ?? 0
    const plain = gen?.text ?? ((i: number) => `line ${i}`)
    const text = record ? (i: number) => record(plain(i)) : plain
    let ei = 0
    let gi = 0
    return {
      createdAt: () => (this.ran() ? this.runningAt : Infinity),
      drain: (now, push, max = Infinity) => {
        // Lines dated after the exit are never written. The exit only ever moves earlier (StopTask
        // sets it to the present, and lines are delivered only once ingested, i.e. in the past), so
        // what is delivered before stays valid.
        const limit = this.containerExit(c)?.at ?? Infinity
        const upTo = Math.min(now, limit)
        addRuns(upTo)
        const genCount = gen ? gen.count : 0
        let budget = max
        for (; budget > 0;) {
          while (ei < explicit.length && explicit[ei]!.timestamp > limit) ei++
          const e = explicit[ei]
          const eT = e && e.ingestionTime <= now ? e.ingestionTime : Infinity
          const gT = gi < genCount && base + gi * every <= upTo ? base + gi * every : Infinity
          if (eT === Infinity && gT === Infinity) return
          if (e && eT <= gT) {
            push(e.timestamp, e.message, e.ingestionTime)
            ei++
            budget--
            continue
          }
          // A run of generated lines (no ingestion delay) up to the next explicit line: one tight loop,
          // so a million lines drain quickly.
          for (
            let t = base + gi * every;
            gi < genCount && t <= upTo && t < eT && budget > 0;
            t = base + gi * every
          ) {
            push(t, text(gi), t)
            gi++
            budget--
          }
        }
      }
    }
  }
}

/**
 * A scripted container does what its script says (unless the script gives way to a command
 * override); otherwise it runs its command (entryPoint then command, the override's command
 * replacing the definition's), as far as emulator/command.ts models it.
 */
function containerBehaviour(
  def: any,
  request: any,
  scripted: ContainerBehaviour | undefined
): ContainerBehaviour {
  const override = (request?.overrides?.containerOverrides ?? []).find(
    (o: any) => o?.name === def.name
  )
  if (scripted && !(scripted.unlessCommandOverridden && override?.command)) return scripted
  const argv: string[] = [...(def.entryPoint ?? []), ...(override?.command ?? def.command ?? [])]
  const env: Record<string, string> = {}
  for (const list of [def.environment, override?.environment]) {
    for (const e of (list ?? []) as any[]) if (e?.name) env[e.name] = String(e.value ?? '')
  }
  return commandBehaviour(argv, env) ?? {}
}

function userInfo(user: { at: number; reason: string }): StopInfo {
  return { at: user.at, cause: 'user', stopCode: 'UserInitiated', stoppedReason: user.reason }
}

/** ECS's default restartAttemptPeriod, in seconds. */
const DEFAULT_RESTART_PERIOD_S = 300

/**
 * How long each run lasts when the container's restart policy restarts it at every exit, else
 * undefined. ECS restarts an exiting container (its exit code not in `ignoredExitCodes`, none by
 * default) once it ran `restartAttemptPeriod` seconds (default 300); one that exits sooner is
 * not restarted. A scripted container does the same every run, so it restarts at every exit or
 * never; the emulator restarts it at once.
 */
export function restartCycleMs(
  policy:
    { enabled?: boolean; ignoredExitCodes?: number[]; restartAttemptPeriod?: number } | undefined,
  exitCode: number | null,
  runMs: number
): number | undefined {
  if (policy?.enabled !== true || exitCode === null) return undefined
  if ((policy.ignoredExitCodes ?? []).includes(exitCode)) return undefined
  const periodMs = (policy.restartAttemptPeriod ?? DEFAULT_RESTART_PERIOD_S) * 1000
  return runMs >= periodMs && runMs > 0 ? runMs : undefined
}
