/**
 * The HTTP agents the SDK's handler is given when a proxy variable is set: each request goes
 * through the proxy its endpoint's scheme names (CONNECT for HTTPS, an absolute-URI request for
 * HTTP) or, when NO_PROXY lists the endpoint, directly. TLS to AWS inside the tunnel uses Node's
 * default CA list, NODE_EXTRA_CA_CERTS included: no `ca` is ever passed.
 */

import * as http from 'node:http'
import * as https from 'node:https'
import type { Socket } from 'node:net'
import { Agent, type AgentConnectOpts } from 'agent-base'
import createDebug from 'debug'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { fromProxyConnection, ProxyRefused } from './proxy-errors.js'
import { proxyFor, type ChosenProxy, type ProxySettings } from './proxy-env.js'

// The agents' DEBUG output would print the Proxy-Authorization header: never enable it.
createDebug.disable()

const KEEP_ALIVE = { keepAlive: true, maxSockets: 50 } as const

/** What the agents send with the proxy URL's user and password: they stay out of every URL. */
function withoutCredentials(proxy: ChosenProxy): {
  url: string
  headers: http.OutgoingHttpHeaders
} {
  const url = new URL(proxy.url.href)
  const user = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  url.username = ''
  url.password = ''
  const headers: http.OutgoingHttpHeaders = {}
  if (user || password) {
    headers['Proxy-Authorization'] =
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  }
  return { url: url.href, headers }
}

/** CONNECT through one proxy; an answer other than 200 is a ProxyRefused naming the proxy. */
class Tunnel extends HttpsProxyAgent<string> {
  constructor(private readonly chosen: ChosenProxy) {
    const { url, headers } = withoutCredentials(chosen)
    super(url, { ...KEEP_ALIVE, headers })
  }

  override async connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    let status: number | undefined
    let statusText: string | undefined
    req.once('proxyConnect', (answer: { statusCode?: number; statusText?: string }) => {
      status = answer.statusCode
      statusText = answer.statusText
    })
    const origin = { proxy: this.chosen.shown, variable: this.chosen.variable }
    const socket = await super.connect(req, opts).catch((error: unknown) => {
      throw fromProxyConnection(error, origin)
    })
    if (status !== undefined && status !== 200) {
      // The library would replay the proxy's page as if AWS had answered it.
      socket.destroy()
      throw new ProxyRefused({
        status,
        ...(statusText ? { statusText } : {}),
        ...origin,
        target: `${opts.host ?? ''}:${opts.port ?? ''}`
      })
    }
    return socket
  }
}

/** Picks, per request, the tunnel, the HTTP proxy or a direct connection. */
export class ProxyRouter extends Agent {
  private readonly direct = { http: new http.Agent(KEEP_ALIVE), https: new https.Agent(KEEP_ALIVE) }
  private readonly viaProxy = new Map<string, Agent>()

  constructor(private readonly settings: ProxySettings) {
    super(KEEP_ALIVE)
  }

  override connect(_req: http.ClientRequest, opts: AgentConnectOpts): http.Agent {
    const scheme = opts.secureEndpoint ? 'https' : 'http'
    const host = opts.host?.includes(':') ? `[${opts.host}]` : (opts.host ?? '')
    const chosen = proxyFor(`${scheme}://${host}:${opts.port}`, this.settings)
    if (chosen === undefined) return this.direct[scheme]
    const key = `${scheme} ${chosen.url.href}`
    let agent = this.viaProxy.get(key)
    if (agent === undefined) {
      agent = opts.secureEndpoint ? new Tunnel(chosen) : httpProxy(chosen)
      this.viaProxy.set(key, agent)
    }
    return agent
  }

  override destroy(): void {
    this.direct.http.destroy()
    this.direct.https.destroy()
    for (const agent of this.viaProxy.values()) agent.destroy()
    super.destroy()
  }
}

/**
 * No keep-alive here: the router hands requests over after the SDK has written them, and
 * http-proxy-agent rewrites an already written request line (to the absolute URI a proxy needs)
 * only on a new connection; a reused one would send the relative path.
 */
function httpProxy(chosen: ChosenProxy): HttpProxyAgent<string> {
  const { url, headers } = withoutCredentials(chosen)
  return new HttpProxyAgent(url, { headers })
}
