import { describe, expect, it, vi } from 'vitest'
import {
  checkProxySettings,
  ProxyConfigError,
  proxyFor,
  proxySettings,
  redactProxy
} from '../../../src/aws/proxy-env.js'
import {
  explainDnsFailure,
  fromProxyConnection,
  ProxyRefused
} from '../../../src/aws/proxy-errors.js'
import { classifyAwsError, errorMessage, transientReason } from '../../../src/aws/errors.js'
import { FEW_RETRIES, keptFailing, retryTransient } from '../../../src/aws/retry-transient.js'
import { FakeClock } from '../../support/clocks.js'

const ECS = 'https://ecs.eu-west-1.amazonaws.com:443'
const PROXY = 'http://proxy.corp:3128'

function routed(target: string, env: NodeJS.ProcessEnv): string | undefined {
  const chosen = proxyFor(target, proxySettings(env))
  return chosen && `${chosen.shown} (${chosen.variable})`
}

describe('which variable is in force', () => {
  it.each([
    [{ HTTPS_PROXY: PROXY }, 'HTTPS_PROXY'],
    [{ https_proxy: PROXY }, 'https_proxy'],
    [{ HTTPS_PROXY: PROXY, https_proxy: 'http://other:1' }, 'HTTPS_PROXY'],
    [{ HTTPS_PROXY: '  ', https_proxy: PROXY }, 'https_proxy']
  ])('%j → %s', (env, name) => {
    expect(proxySettings(env).https?.name).toBe(name)
  })

  it('uses HTTPS_PROXY for https endpoints and HTTP_PROXY for http ones', () => {
    const env = { HTTPS_PROXY: 'http://tls-proxy:1', http_proxy: 'http://plain-proxy:2' }
    expect(routed(ECS, env)).toBe('http://tls-proxy:1 (HTTPS_PROXY)')
    expect(routed('http://ecs.internal:80', env)).toBe('http://plain-proxy:2 (http_proxy)')
    expect(routed('http://ecs.internal:80', { HTTPS_PROXY: PROXY })).toBeUndefined()
  })

  it('reads a value without a scheme as http://', () => {
    expect(routed(ECS, { HTTPS_PROXY: 'proxy.corp:3128' })).toBe(
      'http://proxy.corp:3128 (HTTPS_PROXY)'
    )
  })

  it('leaves process.env as it was', () => {
    const before = process.env
    routed(ECS, { HTTPS_PROXY: PROXY, NO_PROXY: 'x' })
    expect(process.env).toBe(before)
  })
})

describe('NO_PROXY', () => {
  it.each([
    ['ecs.eu-west-1.amazonaws.com', 'https://ecs.eu-west-1.amazonaws.com:443', false],
    ['.amazonaws.com', 'https://ecs.eu-west-1.amazonaws.com:443', false],
    ['*.amazonaws.com', 'https://logs.eu-west-1.amazonaws.com:443', false],
    ['amazonaws.com', 'https://ecs.eu-west-1.amazonaws.com:443', true],
    ['*', 'https://ecs.eu-west-1.amazonaws.com:443', false],
    ['127.0.0.1', 'http://127.0.0.1:4566', false],
    ['10.0.0.5', 'http://127.0.0.1:4566', true],
    ['localhost:4566', 'http://localhost:4566', false],
    ['localhost:9999', 'http://localhost:4566', true],
    ['github.com, .corp.example  127.0.0.1', 'http://127.0.0.1:4566', false]
  ])('%s: proxied to %s is %s', (noProxy, target, proxied) => {
    for (const name of ['NO_PROXY', 'no_proxy']) {
      const env = { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY, [name]: noProxy }
      expect(routed(target, env) !== undefined).toBe(proxied)
    }
  })

  it('lets NO_PROXY win over no_proxy too', () => {
    const env = { HTTPS_PROXY: PROXY, NO_PROXY: '.amazonaws.com', no_proxy: 'other.example' }
    expect(routed(ECS, env)).toBeUndefined()
  })
})

describe('passwords are never printed', () => {
  it.each([
    ['http://deploy:s3cret@proxy.corp:3128', 'http://deploy:***@proxy.corp:3128'],
    ['http://deploy:p%40ss@proxy.corp:3128/', 'http://deploy:***@proxy.corp:3128'],
    ['http://deploy@proxy.corp:3128', 'http://deploy@proxy.corp:3128'],
    ['https://proxy.corp', 'https://proxy.corp'],
    ['proxy.corp:3128', 'http://proxy.corp:3128'],
    ['http://ops:se cret@pro xy', 'http://ops:***@pro xy']
  ])('%s → %s', (value, shown) => {
    expect(redactProxy(value)).toBe(shown)
  })

  it('refuses a SOCKS or unparsable proxy, naming the variable without the password', () => {
    for (const value of ['socks5://ops:Pw-1@proxy:1080', 'http://ops:Pw-1@']) {
      const check = (): void => checkProxySettings(proxySettings({ https_proxy: value }))
      expect(check).toThrow(ProxyConfigError)
      expect(check).toThrow(/^https_proxy is set to "/)
      expect(check).not.toThrow(/Pw-1/)
    }
    expect(() => checkProxySettings(proxySettings({ HTTPS_PROXY: PROXY }))).not.toThrow()
  })
})

const refused = (status: number, statusText?: string): ProxyRefused =>
  new ProxyRefused({
    status,
    ...(statusText ? { statusText } : {}),
    proxy: 'http://deploy:***@proxy.corp:3128',
    variable: 'https_proxy',
    target: 'ecs.eu-west-1.amazonaws.com:443'
  })

describe('a proxy that refuses or fails', () => {
  it('407 and 403 are refusals: never asked again', () => {
    for (const status of [407, 403, 400]) {
      expect(classifyAwsError(refused(status))).toEqual({
        kind: 'proxy',
        what: `HTTP ${status} from the proxy`
      })
      expect(transientReason(refused(status))).toBeUndefined()
    }
  })

  it('5xx: a network error, asked again only a few times', () => {
    expect(classifyAwsError(refused(502))).toEqual({
      kind: 'network',
      what: 'HTTP 502 from the proxy',
      fewRetries: true
    })
    expect(transientReason(refused(503))).toBe('network error (HTTP 503 from the proxy)')
  })

  it('says which proxy, from which variable, and what to check', () => {
    expect(errorMessage(refused(407, 'Proxy Authentication Required'))).toBe(
      'The proxy http://deploy:***@proxy.corp:3128 (from https_proxy) asked for credentials ' +
        '(HTTP 407 Proxy Authentication Required) when the action opened a tunnel to ' +
        'ecs.eu-west-1.amazonaws.com:443. Check the user and password in https_proxy ' +
        '(http://user:password@host:port, with special characters percent-encoded) and that ' +
        'this user may use the proxy.'
    )
    expect(errorMessage(refused(403))).toBe(
      'The proxy http://deploy:***@proxy.corp:3128 (from https_proxy) refused a tunnel to ' +
        'ecs.eu-west-1.amazonaws.com:443 (HTTP 403). Check that the proxy allows CONNECT to ' +
        'ecs.eu-west-1.amazonaws.com on port 443 (AWS endpoints are *.amazonaws.com), or, if ' +
        'the runner reaches ecs.eu-west-1.amazonaws.com without a proxy, add it to NO_PROXY.'
    )
    expect(errorMessage(refused(502, 'Bad Gateway'))).toBe(
      'The proxy http://deploy:***@proxy.corp:3128 (from https_proxy) could not reach ' +
        'ecs.eu-west-1.amazonaws.com:443 (HTTP 502 Bad Gateway). Check that the proxy can ' +
        'resolve and connect to AWS endpoints in this region, or, if the runner reaches ' +
        'ecs.eu-west-1.amazonaws.com without a proxy, add it to NO_PROXY.'
    )
  })
})

function dnsError(code: string, hostname: string): Error {
  return Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), {
    code,
    hostname,
    syscall: 'getaddrinfo'
  })
}

describe('a proxy that does not accept the connection', () => {
  it('names the proxy and its variable, and is asked again only a few times', () => {
    const error = fromProxyConnection(
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:3128'), { code: 'ECONNREFUSED' }),
      { proxy: 'http://u:***@proxy.corp:3128', variable: 'HTTPS_PROXY' }
    )
    expect(errorMessage(error)).toBe(
      'Could not connect to the proxy http://u:***@proxy.corp:3128 (from HTTPS_PROXY): connect ' +
        'ECONNREFUSED 10.0.0.9:3128. Check that the proxy is running and that the host and port ' +
        'in HTTPS_PROXY are right.'
    )
    expect(classifyAwsError(error)).toEqual({
      kind: 'network',
      what: 'ECONNREFUSED',
      fewRetries: true
    })
    const direct = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(classifyAwsError(direct)).toEqual({ kind: 'network', what: 'ECONNREFUSED' })
  })
})

describe('a certificate Node does not trust', () => {
  it('is never asked again, and names NODE_EXTRA_CA_CERTS', () => {
    const error = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN'
    })
    expect(classifyAwsError(error)).toEqual({ kind: 'client', what: 'SELF_SIGNED_CERT_IN_CHAIN' })
    expect(transientReason(error)).toBeUndefined()
    expect(errorMessage(error)).toBe(
      'The TLS certificate presented for AWS is not trusted (SELF_SIGNED_CERT_IN_CHAIN: ' +
        'self-signed certificate in certificate chain). If a proxy or firewall re-signs TLS with ' +
        'your company CA, put that CA (PEM) in a file on the runner and set NODE_EXTRA_CA_CERTS ' +
        "to its path in the runner's environment (Node reads it when it starts, so it cannot be " +
        'set by an earlier step).'
    )
  })
})

describe('DNS failures', () => {
  const ecsHost = 'ecs.eu-west-1.amazonaws.com'

  it('without a proxy: the runner cannot reach AWS, and the proxy variables that would help', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
      const message = explainDnsFailure(dnsError(code, ecsHost), {})
      expect(message).toBe(
        `Cannot resolve ${ecsHost} (${code}): the runner cannot reach AWS. A self-hosted runner ` +
          'that reaches the internet through a proxy needs HTTPS_PROXY (and NO_PROXY for the ' +
          "hosts it reaches directly) in the environment of its steps, e.g. in the runner's .env " +
          "file; otherwise check the runner's DNS and the region."
      )
      expect(classifyAwsError(dnsError(code, ecsHost))).toEqual({
        kind: 'network',
        what: code,
        fewRetries: true
      })
    }
  })

  it("names the proxy when it is the proxy's own host that does not resolve", () => {
    const env = { HTTPS_PROXY: 'http://u:Pw-2@proxy.corp:3128' }
    expect(explainDnsFailure(dnsError('ENOTFOUND', 'proxy.corp'), env)).toBe(
      'Cannot resolve proxy.corp (ENOTFOUND), the host of the proxy http://u:***@proxy.corp:3128 ' +
        "in HTTPS_PROXY. Check the host name in HTTPS_PROXY and the runner's DNS."
    )
  })

  it('with a proxy, says the host was looked up directly because NO_PROXY lists it', () => {
    const env = { HTTPS_PROXY: PROXY, no_proxy: '.amazonaws.com' }
    expect(explainDnsFailure(dnsError('ENOTFOUND', ecsHost), env)).toContain(
      `without the proxy, because no_proxy (".amazonaws.com") lists it`
    )
  })

  it('is not said of other errors', () => {
    expect(explainDnsFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeUndefined()
  })
})

describe('few retries before a task starts', () => {
  const budget = (clock: FakeClock) => ({ clock, deadline: 10 * 60_000, log: vi.fn() })

  it(`asks a proxy 502 or a DNS failure again ${FEW_RETRIES} times, then gives up`, async () => {
    for (const error of [refused(502), dnsError('ENOTFOUND', 'ecs.eu-west-1.amazonaws.com')]) {
      const clock = new FakeClock()
      const call = vi.fn(async () => Promise.reject(error))
      await expect(retryTransient('DescribeTaskDefinition', call, budget(clock))).rejects.toBe(
        error
      )
      expect(call).toHaveBeenCalledTimes(FEW_RETRIES + 1)
      expect(clock.now()).toBeLessThan(60_000)
      expect(keptFailing('DescribeTaskDefinition', error)).toBe(
        `DescribeTaskDefinition failed: ${errorMessage(error)}`
      )
    }
  })

  it('never asks a 407 again, and keeps asking after other network errors', async () => {
    const clock = new FakeClock()
    const denied = vi.fn(async () => Promise.reject(refused(407)))
    await expect(retryTransient('RunTask', denied, budget(clock))).rejects.toThrow(/407/)
    expect(denied).toHaveBeenCalledTimes(1)

    let n = 0
    const reset = vi.fn(async () => {
      if (++n <= FEW_RETRIES + 3) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' })
      return 'ok'
    })
    await expect(retryTransient('RunTask', reset, budget(new FakeClock()))).resolves.toBe('ok')
  })
})
