/**
 * Which proxy an AWS call goes through, from the variables a self-hosted runner gives each step:
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY, upper or lower case. Reading them never prints a password.
 */

import { getProxyForUrl } from 'proxy-from-env'

/** One variable as it was set: its exact name (`https_proxy` or `HTTPS_PROXY`) and value. */
export interface ProxyVariable {
  name: string
  value: string
}

export interface ProxySettings {
  https?: ProxyVariable
  http?: ProxyVariable
  noProxy?: ProxyVariable
}

/** A proxy chosen for one endpoint: its URL, the same without password, and where it came from. */
export interface ChosenProxy {
  url: URL
  shown: string
  variable: string
}

const SPELLINGS = {
  https: ['HTTPS_PROXY', 'https_proxy'],
  http: ['HTTP_PROXY', 'http_proxy'],
  noProxy: ['NO_PROXY', 'no_proxy']
} as const

/** A proxy variable that is not an http(s) URL: said before any AWS call, password hidden. */
export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError'
}

/**
 * The variables in force. Upper case wins where both spellings are set (as the issue that
 * asked for proxies settles it); an empty value counts as unset.
 */
export function proxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const settings: ProxySettings = {}
  for (const key of Object.keys(SPELLINGS) as Array<keyof typeof SPELLINGS>) {
    for (const name of SPELLINGS[key]) {
      const value = env[name]?.trim()
      if (value) {
        settings[key] = { name, value }
        break
      }
    }
  }
  return settings
}

export function proxyIsSet(settings: ProxySettings): boolean {
  return settings.https !== undefined || settings.http !== undefined
}

/**
 * A proxy URL as it may be printed: scheme, user, host and port; the password is replaced by
 * `***`. Also for a value that is not a URL, so a typo never prints what follows the user.
 */
export function redactProxy(value: string): string {
  const url = parseProxy(value)
  if (url === undefined) return value.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@')
  const user = url.username ? `${url.username}${url.password ? ':***' : ''}@` : ''
  return `${url.protocol}//${user}${url.host}`
}

/** `proxy.corp:3128` means http://proxy.corp:3128, as curl and the runner read it. */
function parseProxy(value: string): URL | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`)
  } catch {
    return undefined
  }
}

/** Every proxy variable parsed, or a ProxyConfigError naming the first one that is unusable. */
export function checkProxySettings(settings: ProxySettings): void {
  for (const variable of [settings.https, settings.http]) {
    if (variable === undefined) continue
    const url = parseProxy(variable.value)
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) continue
    throw new ProxyConfigError(
      `${variable.name} is set to "${redactProxy(variable.value)}", which is not a proxy URL the ` +
        'action can use. Set it to http://host:port (or http://user:password@host:port, with ' +
        'special characters in the password percent-encoded); https:// proxies work too, SOCKS ' +
        'proxies do not.'
    )
  }
}

/**
 * The proxy for a request to `target` (`https://ecs.eu-west-1.amazonaws.com:443`), or undefined
 * to connect directly. NO_PROXY's rules (host names, `.domain` suffixes, `*`, `host:port`, IP
 * addresses as written) are proxy-from-env's. That library reads `process.env` with lower case
 * first, so it is asked with an environment holding only the values in force, under both names.
 */
export function proxyFor(target: string, settings: ProxySettings): ChosenProxy | undefined {
  const scheme = target.startsWith('https:') ? 'https' : 'http'
  const variable = settings[scheme]
  if (variable === undefined) return undefined
  const view: NodeJS.ProcessEnv = {}
  for (const [key, names] of Object.entries(SPELLINGS)) {
    const value = settings[key as keyof ProxySettings]?.value
    if (value !== undefined) for (const name of names) view[name] = value
  }
  if (!withEnv(view, () => getProxyForUrl(target))) return undefined
  const url = parseProxy(variable.value)
  if (url === undefined) return undefined
  return { url, shown: redactProxy(variable.value), variable: variable.name }
}

/** Runs `read` (synchronous) with `process.env` replaced by `env`, then puts it back. */
function withEnv<T>(env: NodeJS.ProcessEnv, read: () => T): T {
  const saved = process.env
  process.env = env
  try {
    return read()
  } finally {
    process.env = saved
  }
}
