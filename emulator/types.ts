// Shared types of the emulator: the scripting vocabulary tests use, the call log, fault rules.

/** What the tasks of one task-definition family do once started. All times in ms. */
export interface TaskBehaviour {
  /** PROVISIONING -> PENDING after this long (default 100). */
  provisioningMs?: number
  /** PENDING -> RUNNING this long after PENDING (default 200). */
  pendingMs?: number
  /**
   * Per container name. Unscripted containers run their command (entryPoint + command, with
   * RunTask's override) as far as the emulator models it (emulator/command.ts); without a
   * command they print nothing and exit 0 after 500 ms.
   */
  containers?: Record<string, ContainerBehaviour>
  /** Span of DEACTIVATING -> STOPPING -> DEPROVISIONING -> STOPPED once the task stops (default 500). */
  stoppingMs?: number
  /**
   * The task never reaches RUNNING: at the moment it would, it stops with stopCode
   * TaskFailedToStart; its containers report STOPPED without an exitCode. With `times`, only the
   * first `times` tasks of the family started after this script fail; later ones run normally.
   */
  failToStart?: FailToStart
  /**
   * Fargate Spot reclaims the task: applies only to tasks placed on the FARGATE_SPOT capacity
   * provider (with `times`, only to the first `times` of them started after this script).
   */
  spotInterruption?: SpotInterruption
  /** RunTask answers these in failures[] and starts no task. */
  placementFailures?: Array<{ arn?: string; reason: string; detail?: string }>
  /** RunTask starts at most this many of the tasks asked for and answers no failures for the rest. */
  startAtMost?: number
  /** DescribeTasks reports the task MISSING for its first N describes (eventual consistency). */
  missingDescribes?: number
  /** Containers DescribeTasks (and StopTask's answer) leaves out of the task, by name. */
  unreportedContainers?: string[]
  /**
   * Someone else stops the task (the console, the CLI) afterMs into RUNNING: StopTask with
   * `reason` (default "Task stopped by user"), so stop code UserInitiated.
   */
  stoppedBy?: { afterMs: number; reason?: string }
  /**
   * By shard index: what a task started with ECS_RUN_TASK_SHARD=i in a container override does
   * instead (laid over the rest of this script, containers merged by name).
   */
  shards?: Record<number, Omit<TaskBehaviour, 'shards'>>
}

export interface FailToStart {
  /** The task's stoppedReason, e.g. 'CannotPullContainerError: ...' or 'ResourceInitializationError: ...'. */
  stoppedReason: string
  /** Fail only the first N tasks of the family started after script() (default: every task). */
  times?: number
  /**
   * Each container's `reason`: undefined repeats stoppedReason (what ECS shows for a pull error),
   * null leaves it out (e.g. a ResourceInitializationError, reported on the task only).
   */
  containerReason?: string | null
  /**
   * Containers that ran and exited before the start failed (an init container the failing one
   * depends on), by name -> exit code; they report that exitCode, the others none.
   */
  exited?: Record<string, number>
}

export interface SpotInterruption {
  /** The interruption comes this long after the task became RUNNING. */
  afterMs: number
  /** Interrupt only the first N FARGATE_SPOT tasks of the family started after script() (default: all). */
  times?: number
  /**
   * The two-minute warning: for this long before stopping (default 0), the task is still RUNNING
   * but desiredStatus STOPPED with stopCode TerminationNotice and the same stoppedReason.
   */
  noticeMs?: number
  /** Exit code of the containers still running when it stops (default 143: SIGTERM); null: none. */
  exitCode?: number | null
}

/** One placement the emulator can make: what RunTask renders as launchType/capacityProviderName. */
export interface CapacityProviderStrategyItem {
  capacityProvider: string
  weight?: number
  base?: number
}

export interface ContainerBehaviour {
  /** Exit code (default 0); null: the container never exits on its own. */
  exitCode?: number | null
  /** Time RUNNING until it exits (default 500). */
  runMs?: number
  /** Container `reason` once it stopped on its own (e.g. OOM_REASON with exitCode 137). */
  reason?: string
  /**
   * What it does with the SIGTERM ECS sends when its task stops (an essential container
   * exited, a StopTask): 'exit' (default) exits 143; 'exit0' handles it and exits 0; 'ignore'
   * is killed (SIGKILL) once its stopTimeout passed: 137 (the wait itself is not modelled).
   */
  onSigterm?: 'exit' | 'exit0' | 'ignore'
  /**
   * Explicit log lines. atMs is relative to the container becoming RUNNING and is the event's
   * timestamp; the line is readable from timestamp + ingestDelayMs (default 0). Lines dated after
   * the container exited are never written.
   */
  logs?: Array<{ atMs: number; message: string; ingestDelayMs?: number }>
  /**
   * The script applies only while RunTask does not override the container's command; with an
   * override the command runs (emulator/command.ts), as for an unscripted container.
   */
  unlessCommandOverridden?: boolean
  /** Generated lines, created lazily: line i (0-based) at i * everyMs (default 0) after RUNNING. */
  logLines?: { count: number; everyMs?: number; text?: (i: number) => string }
}

/**
 * - throttle: ThrottlingException (400); server-error: ServerException / ServiceUnavailableException (500)
 * - drop-response: processed, then the socket is destroyed (the answer is lost)
 * - reset-before: the body is read, then the socket is destroyed unprocessed
 * - reset-before-read: the socket is destroyed before the body is read
 * - empty-page: GetLogEvents only, an empty page although events follow
 * - html-502: a proxy's HTTP 502 text/html page instead of JSON
 * - hang: the request is read and never answered; only the client's timeout ends it
 */
export type BuiltinFault =
  | 'throttle'
  | 'server-error'
  | 'drop-response'
  | 'reset-before'
  | 'reset-before-read'
  | 'empty-page'
  | 'html-502'
  | 'hang'

export interface CustomFault {
  /** The `__type`, i.e. the exception name the SDK surfaces as `err.name`. */
  type: string
  message: string
  /** HTTP status (default 400). */
  status?: number
  /** Extra members of the error body, e.g. `{ resourceIds: [...] }` for ConflictException. */
  extra?: Record<string, unknown>
}

export interface FaultRule {
  /** Operation name ('RunTask', 'GetLogEvents', ...) or '*' for every operation. */
  op: string
  fault: BuiltinFault | CustomFault
  /** How many matching calls it hits (default 1, or Infinity when `every` is set). */
  times?: number
  /** Let this many matching calls pass first (default 0). */
  skip?: number
  /** Hit every Nth matching call (after `skip`). */
  every?: number
  /**
   * A time window instead of a count: the rule hits every matching call while Date.now() is within
   * forMs of its start (times then defaults to Infinity). Calls outside the window are not counted.
   */
  forMs?: number
  /** With forMs: the window starts this long after inject() (default 0). */
  afterMs?: number
}

/** Seeded random faults: see Emulator.chaos(). */
export interface ChaosOptions {
  /** Same seed and same sequence of calls -> the same faults. */
  seed: number
  /** Probability (0..1) that a matching call gets a fault. */
  rate: number
  /** Operations it applies to (default: every operation). */
  ops?: string[]
  /** Faults to pick from (default: throttle, server-error, reset-before-read, drop-response, html-502, hang). */
  faults?: BuiltinFault[]
  /** Never more than this many faults in a row for one operation (default 3). */
  maxConsecutive?: number
}

export type Service = 'ecs' | 'logs' | 'scheduler' | 'events'

export interface CallRecord {
  service: Service
  op: string
  /** The parsed JSON request body. */
  input: any // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Date.now() on arrival. */
  at: number
  /** Name of the fault applied to this call, if any ('throttle', 'drop-response', 'AccessDeniedException', ...). */
  fault?: string
  /** HTTP status answered; 0 while in flight and when the socket was destroyed without an answer. */
  status: number
}

/** An AWS error answer: HTTP status plus the JSON body `{__type, message, ...extra}`. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message)
  }
}
