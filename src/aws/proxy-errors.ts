/** What a proxy's refusal or failure means, said so the user knows which setting to check. */

import { joinSentences } from '../kit/sentences.js'
import { proxyIsSet, proxySettings, redactProxy } from './proxy-env.js'

export interface ProxyAnswer {
  /** The proxy's answer to CONNECT, e.g. 407. */
  status: number
  statusText?: string
  /** The proxy URL without its password. */
  proxy: string
  /** The variable it came from, spelled as it was set. */
  variable: string
  /** `host:port` the tunnel was asked for. */
  target: string
}

/**
 * The proxy answered CONNECT with something other than 200. 407 and 4xx are refusals (asking
 * again cannot help); 5xx means the proxy could not reach AWS, asked again only a few times.
 */
export class ProxyRefused extends Error {
  override name = 'ProxyRefused'
  readonly answer: ProxyAnswer

  constructor(answer: ProxyAnswer) {
    super(explainProxyAnswer(answer))
    this.answer = answer
  }
}

function explainProxyAnswer(a: ProxyAnswer): string {
  const status = `HTTP ${a.status}${a.statusText ? ` ${a.statusText}` : ''}`
  const proxy = `The proxy ${a.proxy} (from ${a.variable})`
  const host = a.target.replace(/:\d+$/, '')
  const bypass = `or, if the runner reaches ${host} without a proxy, add it to NO_PROXY`
  if (a.status === 407) {
    return joinSentences(
      `${proxy} asked for credentials (${status}) when the action opened a tunnel to ${a.target}`,
      `Check the user and password in ${a.variable} (http://user:password@host:port, with ` +
        `special characters percent-encoded) and that this user may use the proxy`
    )
  }
  if (a.status >= 500) {
    return joinSentences(
      `${proxy} could not reach ${a.target} (${status})`,
      `Check that the proxy can resolve and connect to AWS endpoints in this region, ${bypass}`
    )
  }
  return joinSentences(
    `${proxy} refused a tunnel to ${a.target} (${status})`,
    `Check that the proxy allows CONNECT to ${host} on port ${a.target.split(':').pop() ?? '443'} ` +
      `(AWS endpoints are *.amazonaws.com), ${bypass}`
  )
}

export function isProxyRefused(error: unknown): error is ProxyRefused {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ProxyRefused' &&
    typeof (error as { answer?: unknown }).answer === 'object'
  )
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN'])

/** A failed DNS lookup (`getaddrinfo ENOTFOUND host`): the code and the host, else undefined. */
export function dnsFailure(error: unknown): { code: string; host: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, hostname } = error as { code?: unknown; hostname?: unknown }
  if (typeof code !== 'string' || !DNS_CODES.has(code)) return undefined
  return { code, host: typeof hostname === 'string' && hostname ? hostname : 'the AWS endpoint' }
}

/**
 * A DNS failure said as what it means on a runner: without a proxy, that the runner cannot
 * reach AWS and which variables give it one; with one, which host was looked up and why.
 */
export function explainDnsFailure(
  error: unknown,
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  const failure = dnsFailure(error)
  if (failure === undefined) return undefined
  const { code, host } = failure
  const settings = proxySettings(env)
  const cause = `Cannot resolve ${host} (${code})`
  const proxy = [settings.https, settings.http].find((v) => v && proxyHost(v.value) === host)
  if (proxy) {
    return joinSentences(
      `${cause}, the host of the proxy ${redactProxy(proxy.value)} in ${proxy.name}`,
      `Check the host name in ${proxy.name} and the runner's DNS`
    )
  }
  if (!proxyIsSet(settings)) {
    return joinSentences(
      `${cause}: the runner cannot reach AWS`,
      'A self-hosted runner that reaches the internet through a proxy needs HTTPS_PROXY (and ' +
        'NO_PROXY for the hosts it reaches directly) in the environment of its steps, e.g. in ' +
        "the runner's .env file; otherwise check the runner's DNS and the region"
    )
  }
  const noProxy = settings.noProxy
  return joinSentences(
    `${cause}: the runner looks it up itself, without the proxy, because ` +
      (noProxy ? `${noProxy.name} ("${noProxy.value}") lists it or ` : '') +
      'no proxy variable covers its scheme',
    `Check the runner's DNS, or let the proxy reach ${host}` +
      (noProxy ? ` by taking it out of ${noProxy.name}` : '')
  )
}

function proxyHost(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname
  } catch {
    return undefined
  }
}

/** Where a proxy came from, kept on an error of the connection to it. */
export interface ProxyOrigin {
  proxy: string
  variable: string
}

/** Marks an error raised while connecting to the proxy itself (refused, reset, unreachable). */
export function fromProxyConnection<T>(error: T, origin: ProxyOrigin): T {
  if (typeof error === 'object' && error !== null) Object.assign(error, { proxyOrigin: origin })
  return error
}

/** The proxy an error of the connection to it came from, else undefined. */
export function proxyConnectionFailure(error: unknown): ProxyOrigin | undefined {
  if (typeof error !== 'object' || error === null || dnsFailure(error)) return undefined
  return (error as { proxyOrigin?: ProxyOrigin }).proxyOrigin
}

/** A connection to the proxy that failed, said with the proxy and its variable. */
export function explainProxyConnectionFailure(error: unknown): string | undefined {
  const origin = proxyConnectionFailure(error)
  if (origin === undefined) return undefined
  const message = error instanceof Error ? error.message : String(error)
  return joinSentences(
    `Could not connect to the proxy ${origin.proxy} (from ${origin.variable}): ${message}`,
    `Check that the proxy is running and that the host and port in ${origin.variable} are right`
  )
}

/** Node's codes for a certificate chain it does not trust (or a name it does not match). */
const UNTRUSTED_TLS = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

/** The code of a TLS certificate that Node refused, else undefined. */
export function untrustedTls(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code } = error as { code?: unknown }
  return typeof code === 'string' && UNTRUSTED_TLS.has(code) ? code : undefined
}

/**
 * A refused certificate, said as what it usually means on a self-hosted runner: something
 * between the runner and AWS (a proxy) re-signs TLS with a CA that Node was not given.
 */
export function explainUntrustedTls(error: unknown): string | undefined {
  const code = untrustedTls(error)
  if (code === undefined) return undefined
  const message = error instanceof Error ? error.message : String(error)
  return joinSentences(
    `The TLS certificate presented for AWS is not trusted (${code}: ${message})`,
    'If a proxy or firewall re-signs TLS with your company CA, put that CA (PEM) in a file on ' +
      "the runner and set NODE_EXTRA_CA_CERTS to its path in the runner's environment (Node " +
      'reads it when it starts, so it cannot be set by an earlier step)'
  )
}
