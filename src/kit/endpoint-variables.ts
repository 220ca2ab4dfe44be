/**
 * The SDK's endpoint override variables (AWS_ENDPOINT_URL for every service,
 * AWS_ENDPOINT_URL_<SERVICE ID> for one), read only to check them and to name them in a message:
 * the SDK itself still resolves the endpoint from them. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true
 * makes the SDK ignore them, and then so does this.
 */

export interface EndpointVariable {
  variable: string
  value: string
}

const PREFIX = 'AWS_ENDPOINT_URL'

function ignored(env: NodeJS.ProcessEnv): boolean {
  return (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').trim().toLowerCase() === 'true'
}

/** Every endpoint override that is set, in name order. */
export function endpointVariables(env: NodeJS.ProcessEnv): EndpointVariable[] {
  if (ignored(env)) return []
  return Object.keys(env)
    .filter((name) => name === PREFIX || name.startsWith(`${PREFIX}_`))
    .sort()
    .flatMap((variable) => {
      const value = env[variable]?.trim() ?? ''
      return value === '' ? [] : [{ variable, value }]
    })
}

/**
 * Why `value` is not an endpoint the SDK can use (it needs an http:// or https:// URL with a
 * host), else undefined. `127.0.0.1:4566` parses as a URL of scheme "127.0.0.1:", hence the
 * scheme check.
 */
export function notAnEndpointUrl(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'not a URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not an http:// or https:// URL'
  if (url.hostname === '') return 'a URL without a host'
  return undefined
}

/**
 * The override the SDK uses for the service whose variable suffix is `service` (ECS,
 * CLOUDWATCH_LOGS): its own variable, else AWS_ENDPOINT_URL; undefined when neither is set.
 */
export function endpointOverrideFor(
  service: string,
  env: NodeJS.ProcessEnv
): EndpointVariable | undefined {
  const set = endpointVariables(env)
  return (
    set.find((v) => v.variable === `${PREFIX}_${service}`) ?? set.find((v) => v.variable === PREFIX)
  )
}

/** Whether an endpoint URL names this machine (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackUrl(value: string): boolean {
  let host: string
  try {
    host = new URL(value).hostname.toLowerCase()
  } catch {
    return false
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    host === '[::1]' ||
    host === '::1'
  )
}
