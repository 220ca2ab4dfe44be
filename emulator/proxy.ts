// A forward proxy on loopback, as a self-hosted runner's network has one: CONNECT tunnels to
// `*.amazonaws.com:443` end at a TLS front signed by a throw-away CA (give its file to the action
// as NODE_EXTRA_CA_CERTS, as a company re-signing TLS would) and go on, decrypted, to the
// emulator. So the action reaches the emulator at the default AWS endpoint names, through the
// proxy only. It can ask for a password, or answer every CONNECT with a chosen status.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TLSSocket } from 'node:tls'

export interface ProxyOptions {
  /** The emulator's URL (`http://127.0.0.1:port`): where tunnels to AWS endpoints end. */
  upstream: string
  /** Ask for this user and password (Basic), answering 407 without them. */
  credentials?: { user: string; password: string }
  /** Answer every CONNECT with this status (e.g. 403, 407, 502) instead of opening a tunnel. */
  answer?: number
}

export interface ConnectRecord {
  /** `host:port` as asked. */
  target: string
  /** The Proxy-Authorization header, if any. */
  authorization?: string
  status: number
}

const REASONS: Record<number, string> = {
  200: 'Connection Established',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway'
}

/** The throw-away CA and a leaf for AWS endpoint names, made once per process with openssl. */
export interface TestCertificates {
  caFile: string
  key: string
  cert: string
}

let made: TestCertificates | undefined

export function testCertificates(): TestCertificates {
  if (made) return made
  const dir = mkdtempSync(join(tmpdir(), 'ecs-run-task-ca-'))
  const file = (name: string): string => join(dir, name)
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
    '-subj', '/CN=ecs-run-task throw-away test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign') // prettier-ignore
  openssl('req', ...ec, '-keyout', file('leaf.key'), '-out', file('leaf.csr'),
    '-subj', '/CN=amazonaws.com') // prettier-ignore
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']
  writeFileSync(
    file('leaf.ext'),
    `subjectAltName=${regions.map((r) => `DNS:*.${r}.amazonaws.com`).join(',')}\n` +
      'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n'
  )
  openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-out', file('leaf.pem'), '-days', '2', '-extfile', file('leaf.ext')) // prettier-ignore
  made = {
    caFile: file('ca.pem'),
    key: readFileSync(file('leaf.key'), 'utf8'),
    cert: readFileSync(file('leaf.pem'), 'utf8')
  }
  return made
}

export class TestProxy {
  readonly url: string
  /** Every CONNECT in arrival order. */
  readonly connects: ConnectRecord[] = []
  /** Every plain HTTP request (absolute URI) in arrival order, `target` being its URL. */
  readonly requests: ConnectRecord[] = []
  private readonly sockets = new Set<Socket>()

  private constructor(
    private readonly server: Server,
    private readonly options: ProxyOptions,
    private readonly certificates: TestCertificates
  ) {
    const { port } = server.address() as AddressInfo
    this.url = `http://127.0.0.1:${port}`
  }

  /** The CA file to give the action as NODE_EXTRA_CA_CERTS. */
  get caFile(): string {
    return this.certificates.caFile
  }

  static async start(options: ProxyOptions): Promise<TestProxy> {
    const certificates = testCertificates()
    // The server needs its handlers before the proxy (which needs its address) exists.
    const started: { proxy?: TestProxy } = {}
    // Plain HTTP (HTTP_PROXY): any host is forwarded to the emulator.
    const server = createServer((req, res) => started.proxy?.forward(req, res))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const proxy = new TestProxy(server, options, certificates)
    started.proxy = proxy
    server.on('connection', (socket: Socket) => {
      proxy.sockets.add(socket)
      socket.once('close', () => proxy.sockets.delete(socket))
    })
    server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      proxy.tunnel(req, socket, head)
    )
    return proxy
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private tunnel(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const target = req.url ?? ''
    const authorization = req.headers['proxy-authorization']
    const status = this.decide(target, authorization)
    this.connects.push({ target, ...(authorization ? { authorization } : {}), status })
    if (status !== 200) {
      const page = `<html><body><h1>${status} ${REASONS[status] ?? ''}</h1></body></html>`
      const challenge = status === 407 ? 'Proxy-Authenticate: Basic realm="corp"\r\n' : ''
      socket.end(
        `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n${challenge}` +
          `Content-Type: text/html\r\nContent-Length: ${page.length}\r\nConnection: close\r\n\r\n${page}`
      )
      return
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) socket.unshift(head)
    const upstream = new URL(this.options.upstream)
    const secure = new TLSSocket(socket, {
      isServer: true,
      key: this.certificates.key,
      cert: this.certificates.cert
    })
    const emulator = connect(Number(upstream.port), upstream.hostname)
    this.sockets.add(emulator)
    emulator.once('close', () => this.sockets.delete(emulator))
    const end = (): void => {
      secure.destroy()
      emulator.destroy()
    }
    secure.on('error', end).on('close', end)
    emulator.on('error', end).on('close', end)
    secure.pipe(emulator).pipe(secure)
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const target = req.url ?? ''
    const authorization = req.headers['proxy-authorization']
    const status = this.allowed(authorization)
    this.requests.push({ target, ...(authorization ? { authorization } : {}), status })
    if (status !== 200 || !/^http:\/\//.test(target)) {
      res.writeHead(status === 200 ? 400 : status, { 'content-type': 'text/html' }).end()
      return
    }
    const upstream = new URL(this.options.upstream)
    const url = new URL(target)
    const headers = { ...req.headers }
    delete headers['proxy-authorization']
    delete headers['proxy-connection']
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: url.pathname + url.search,
        headers
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    out.on('error', () => res.destroy())
    req.pipe(out)
  }

  private decide(target: string, authorization: string | undefined): number {
    const status = this.allowed(authorization)
    if (status !== 200) return status
    // Only AWS endpoints are tunnelled (to the emulator); anything else is refused.
    return /^[a-z0-9.-]+\.amazonaws\.com:443$/.test(target) ? 200 : 403
  }

  private allowed(authorization: string | undefined): number {
    if (this.options.answer !== undefined) return this.options.answer
    const wanted = this.options.credentials
    if (wanted) {
      const expected = `Basic ${Buffer.from(`${wanted.user}:${wanted.password}`).toString('base64')}`
      if (authorization !== expected) return 407
    }
    return 200
  }
}
