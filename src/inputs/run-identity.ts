import { createHash, randomUUID } from 'node:crypto'

/** ECS limits: clientToken ≤ 64 chars in ASCII 33-126; startedBy ≤ 128 chars of [A-Za-z0-9_/-]. */
export const CLIENT_TOKEN_MAX = 64
export const STARTED_BY_MAX = 128
export const STARTED_BY_OUTSIDE_ACTIONS = 'ecs-run-task'

const digits = (value: string | undefined): string | undefined =>
  value !== undefined && /^\d+$/.test(value) ? value : undefined

/**
 * The default RunTask client token, `gha-<run id>-<attempt>-<32 hex of sha256 of every part>`:
 * the same for the same step of the same run attempt, different for another attempt, step, job,
 * matrix leg (`jobIndex`) or run (docs/behaviour.md, "Idempotency"). Outside Actions there is no
 * run to derive from: a random token, so a later local run is not answered with an earlier task.
 */
export function deriveClientToken(env: NodeJS.ProcessEnv, jobIndex: string): string {
  const runId = env['GITHUB_RUN_ID']
  if (!runId) return `ecs-run-task-${randomUUID()}`
  const parts = [
    env['GITHUB_SERVER_URL'] ?? '',
    env['GITHUB_REPOSITORY'] ?? '',
    env['GITHUB_WORKFLOW'] ?? '',
    runId,
    env['GITHUB_RUN_ATTEMPT'] ?? '',
    env['GITHUB_JOB'] ?? '',
    jobIndex,
    env['GITHUB_ACTION'] ?? ''
  ]
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex')
  const attempt = digits(env['GITHUB_RUN_ATTEMPT']) ?? '1'
  const readable = digits(runId) === undefined ? undefined : `gha-${runId}-${attempt}-`
  if (readable !== undefined && readable.length + 32 <= CLIENT_TOKEN_MAX) {
    return readable + hash.slice(0, 32)
  }
  return `gha-${hash.slice(0, 48)}`
}

/**
 * The client token of attempt `attempt` (≥ 1) of the task in position `slot` (1-based) of a step
 * that started `count` tasks. Attempt 1 sends the step's token unchanged; a later attempt sends
 * `<step token>-a<attempt>` (plus `-t<slot>` when the step started several tasks, so two tasks
 * started again never share a token). The same step, attempt and slot always derive the same
 * token, so no retry of a restart can start a second task for it. When that would pass 64
 * characters, the step token is shortened and a hash of all of it keeps the result unique.
 */
export function attemptClientToken(
  stepToken: string,
  attempt: number,
  slot = 1,
  count = 1
): string {
  if (attempt <= 1) return stepToken
  const suffix = `-a${attempt}${count > 1 ? `-t${slot}` : ''}`
  if (stepToken.length + suffix.length <= CLIENT_TOKEN_MAX) return stepToken + suffix
  const hash = createHash('sha256').update(stepToken).digest('hex').slice(0, 16)
  const head = stepToken.slice(0, CLIENT_TOKEN_MAX - suffix.length - hash.length - 1)
  return `${head}-${hash}${suffix}`
}

/**
 * The client token of shard `shard` (0-based)'s attempt `attempt` (≥ 1): `<step token>-s<shard>`
 * for attempt 1, `-s<shard>-a<attempt>` after; the step's token shortened with a hash of all of
 * it when that would pass 64 characters. Derived, never random, so a RunTask retried at any level
 * gets the same shard's task back instead of starting a second one.
 */
export function shardClientToken(stepToken: string, shard: number, attempt: number): string {
  const suffix = `-s${shard}${attempt > 1 ? `-a${attempt}` : ''}`
  if (stepToken.length + suffix.length <= CLIENT_TOKEN_MAX) return stepToken + suffix
  const hash = createHash('sha256').update(stepToken).digest('hex').slice(0, 16)
  const head = stepToken.slice(0, CLIENT_TOKEN_MAX - suffix.length - hash.length - 1)
  return `${head}-${hash}${suffix}`
}

/**
 * The default ECS `startedBy`: `gha/<owner>_<repo>/<run id>/<attempt>`, so the tasks of a run
 * can be found with `aws ecs list-tasks --started-by`. The repository part is sanitized to
 * [A-Za-z0-9_-] and shortened when needed so that the run id and attempt always survive.
 * Outside GitHub Actions: `ecs-run-task`.
 */
export function deriveStartedBy(env: NodeJS.ProcessEnv): string {
  const runId = env['GITHUB_RUN_ID']
  if (!runId) return STARTED_BY_OUTSIDE_ACTIONS
  const clean = (value: string): string => value.replace(/[^A-Za-z0-9_-]/g, '_')
  const tail = `/${clean(runId)}/${clean(env['GITHUB_RUN_ATTEMPT'] || '1')}`.slice(
    0,
    STARTED_BY_MAX - 'gha/x'.length
  )
  const repository = clean(env['GITHUB_REPOSITORY'] || 'unknown')
  return `gha/${repository}`.slice(0, STARTED_BY_MAX - tail.length) + tail
}
