/** What triggered the run, for the summary: read from `@actions/github`'s context. */
export interface RunContext {
  event?: string
  /** Branch or tag name (`main`), or the full ref when it is neither. */
  ref?: string
  sha?: string
  actor?: string
  commitUrl?: string
  pullRequest?: { number: number; url?: string; title?: string }
}

/** The fields of `@actions/github`'s Context that the summary reads. */
export interface GithubContext {
  eventName?: string
  ref?: string
  sha?: string
  actor?: string
  serverUrl?: string
  payload: { pull_request?: { number?: number; html_url?: string; title?: string } }
}

export function runContextOf(context: GithubContext, env: NodeJS.ProcessEnv): RunContext {
  const pr = context.payload.pull_request
  const repository = env.GITHUB_REPOSITORY
  const server = context.serverUrl || 'https://github.com'
  return {
    ...(context.eventName ? { event: context.eventName } : {}),
    ...(context.ref ? { ref: context.ref.replace(/^refs\/(heads|tags)\//, '') } : {}),
    ...(context.sha ? { sha: context.sha } : {}),
    ...(context.actor ? { actor: context.actor } : {}),
    ...(context.sha && repository
      ? { commitUrl: `${server}/${repository}/commit/${context.sha}` }
      : {}),
    ...(typeof pr?.number === 'number'
      ? {
          pullRequest: {
            number: pr.number,
            ...(pr.html_url ? { url: pr.html_url } : {}),
            ...(pr.title ? { title: pr.title } : {})
          }
        }
      : {})
  }
}

/**
 * Loaded only when the summary is written: `@actions/github` brings Octokit with it, which the
 * start of the step must not pay for (ncc puts a dynamic import in a chunk of its own).
 */
export async function loadRunContext(
  env: NodeJS.ProcessEnv = process.env,
  load: () => Promise<{ context: unknown }> = () => import('@actions/github')
): Promise<RunContext> {
  try {
    const { context } = await load()
    return runContextOf(context as GithubContext, env)
  } catch {
    // An unreadable event payload costs the summary its context line, never the step.
    return {}
  }
}
