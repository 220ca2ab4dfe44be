/**
 * Self-hosted runners behind a proxy, end to end through dist/: the emulator is reachable only
 * through a CONNECT proxy on loopback, at the default AWS endpoint names (no AWS_ENDPOINT_URL),
 * behind TLS signed by a throw-away CA that the action gets as NODE_EXTRA_CA_CERTS.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { TestProxy, type ProxyOptions } from '../../emulator/proxy.js'
import { annotations, visibleLines, type ActionResult } from '../support/runner.js'
import { runAction, startAction, useEmulator } from './fixtures.js'
import { appDefinition, numbered } from '../support/task-definitions.js'

let emu: Emulator
useEmulator((started) => {
  emu = started
  emu.registerTaskDefinition(appDefinition('migrate'))
  emu.script('migrate', { containers: { app: { logs: numbered('migrated', 3) } } })
})

const proxies: TestProxy[] = []
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()))
})

async function proxy(options: Omit<ProxyOptions, 'upstream'> = {}): Promise<TestProxy> {
  const started = await TestProxy.start({ upstream: emu.url, ...options })
  proxies.push(started)
  return started
}

function withUser(url: string, user: string, password: string): string {
  return url.replace('http://', `http://${user}:${password}@`)
}

/** Everything the runner would show or keep: the log, annotations, the summary, outputs. */
function everythingShown(result: ActionResult): string {
  return [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs)].join('\n')
}

const inputs = { 'task-definition': 'migrate' }

describe('every AWS call through the proxy the variables name', () => {
  for (const name of ['HTTPS_PROXY', 'https_proxy']) {
    it(`runs a task and streams its log through ${name}`, async () => {
      const corp = await proxy()
      const result = await runAction({
        endpoint: undefined,
        inputs,
        env: { [name]: corp.url, NODE_EXTRA_CA_CERTS: corp.caFile }
      })
      expect(result.code, result.stdout).toBe(0)
      expect(visibleLines(result)).toEqual(
        expect.arrayContaining(['migrated line 1', 'migrated line 2', 'migrated line 3'])
      )
      const targets = new Set(corp.connects.map((c) => c.target))
      expect(targets).toEqual(
        new Set(['ecs.us-east-1.amazonaws.com:443', 'logs.us-east-1.amazonaws.com:443'])
      )
      expect(emu.callsOf('RunTask')).toHaveLength(1)
    })
  }

  it("says to set NODE_EXTRA_CA_CERTS when the proxy's CA is not given, at once", async () => {
    const corp = await proxy()
    const result = await runAction({ endpoint: undefined, inputs, env: { HTTPS_PROXY: corp.url } })
    expect(result.code).toBe(1)
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.title).toBe('Task not started')
    expect(error?.message).toMatch(
      /^The TLS certificate presented for AWS is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE): /
    )
    expect(error?.message).toContain('set NODE_EXTRA_CA_CERTS to its path')
    expect(corp.connects).toHaveLength(1)
    expect(emu.calls).toHaveLength(0)
  })

  it('lets the upper-case variable win where both spellings are set', async () => {
    const right = await proxy()
    const wrong = await proxy({ answer: 403 })
    const result = await runAction({
      endpoint: undefined,
      inputs,
      env: { HTTPS_PROXY: right.url, https_proxy: wrong.url, NODE_EXTRA_CA_CERTS: right.caFile }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(right.connects.length).toBeGreaterThan(0)
    expect(wrong.connects).toHaveLength(0)
  })

  it('sends calls to an http:// endpoint through HTTP_PROXY, with its password', async () => {
    const corp = await proxy({ credentials: { user: 'ops', password: 'Plain-Pw-3' } })
    const result = await runAction({
      // Not resolvable: only the proxy can reach it (it forwards to the emulator).
      endpoint: 'http://ecs-mirror.internal.invalid:8080',
      inputs,
      env: { http_proxy: withUser(corp.url, 'ops', 'Plain-Pw-3'), HTTPS_PROXY: corp.url }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(corp.connects).toHaveLength(0)
    expect(corp.requests.map((r) => r.target)).toContain('http://ecs-mirror.internal.invalid:8080/')
    expect(corp.requests.every((r) => r.status === 200)).toBe(true)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
    expect(everythingShown(result)).not.toContain('Plain-Pw-3')
  })

  it('goes direct to an endpoint NO_PROXY lists, while the proxy would refuse', async () => {
    const refusing = await proxy({ answer: 403 })
    const result = await runAction({
      endpoint: emu.url,
      inputs,
      env: {
        HTTPS_PROXY: refusing.url,
        HTTP_PROXY: refusing.url,
        no_proxy: 'localhost,.corp.example,127.0.0.1'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(refusing.connects).toHaveLength(0)
    expect(emu.callsOf('RunTask')).toHaveLength(1)
  })

  it('looks an https endpoint up itself when NO_PROXY lists it, and says so if DNS fails', async () => {
    const corp = await proxy()
    const result = await runAction({
      // .invalid never resolves: the call goes no further than the runner's own DNS lookup.
      endpoint: 'https://ecs.vpce.example.invalid',
      inputs,
      env: { HTTPS_PROXY: corp.url, NO_PROXY: '.example.invalid', NODE_EXTRA_CA_CERTS: corp.caFile }
    })
    expect(result.code).toBe(1)
    expect(corp.connects).toHaveLength(0)
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.message).toMatch(
      /Cannot resolve ecs\.vpce\.example\.invalid \((ENOTFOUND|EAI_AGAIN)\): the runner looks it up itself, without the proxy, because NO_PROXY \("\.example\.invalid"\) lists it/
    )
  })

  it('has the post step stop a task through the proxy', async () => {
    emu.script('migrate', {
      containers: { app: { runMs: 120_000, logs: [{ atMs: 10, message: 'working' }] } }
    })
    const corp = await proxy()
    const env = { HTTPS_PROXY: corp.url, NODE_EXTRA_CA_CERTS: corp.caFile }
    const main = startAction({ endpoint: undefined, inputs, env })
    await main.waitFor(/working/)
    main.child.kill('SIGKILL')
    const killed = await main.done
    expect(emu.callsOf('StopTask')).toHaveLength(0)
    const before = corp.connects.length

    const post = await runAction({ endpoint: undefined, entry: 'post', state: killed.state, env })
    expect(post.code, post.stdout).toBe(0)
    expect(post.stdout).toContain('Stopped task')
    expect(emu.callsOf('StopTask')).toHaveLength(1)
    expect(emu.tasks()[0]?.desiredStatus).toBe('STOPPED')
    expect(corp.connects.slice(before).map((c) => c.target)).toEqual([
      'ecs.us-east-1.amazonaws.com:443'
    ])
  })
})

describe('a proxy that needs a password', () => {
  const user = 'deploy-bot'
  const password = 'p@ss:w0rd/Zq9'
  const encoded = encodeURIComponent(password)

  it('works with user:password in the URL, and the password is shown nowhere', async () => {
    const corp = await proxy({ credentials: { user, password } })
    const result = await runAction({
      endpoint: undefined,
      inputs,
      env: {
        HTTPS_PROXY: withUser(corp.url, user, encoded),
        NODE_EXTRA_CA_CERTS: corp.caFile,
        RUNNER_DEBUG: '1',
        DEBUG: '*'
      }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(corp.connects.every((c) => c.status === 200)).toBe(true)
    const shown = everythingShown(result)
    expect(shown).not.toContain(password)
    expect(shown).not.toContain(encoded)
    expect(shown).not.toContain(Buffer.from(`${user}:${password}`).toString('base64'))
  })

  it('says a wrong password is refused, naming the proxy without it, and asks once', async () => {
    const corp = await proxy({ credentials: { user, password } })
    const wrong = 'Wr0ng-secret'
    const result = await runAction({
      endpoint: undefined,
      inputs,
      env: { https_proxy: withUser(corp.url, user, wrong), NODE_EXTRA_CA_CERTS: corp.caFile }
    })
    expect(result.code).toBe(1)
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.title).toBe('Task not started')
    expect(error?.message).toContain(`The proxy http://${user}:***@127.0.0.1:`)
    expect(error?.message).toContain('(from https_proxy) asked for credentials (HTTP 407')
    expect(error?.message).toContain('Check the user and password in https_proxy')
    expect(everythingShown(result)).not.toContain(wrong)
    expect(corp.connects).toHaveLength(1)
    expect(emu.tasks()).toHaveLength(0)
  })
})

describe('a proxy that refuses or fails', () => {
  it('407: one clear error, not retried for start-timeout', async () => {
    const corp = await proxy({ answer: 407 })
    const result = await runAction({
      endpoint: undefined,
      inputs,
      env: { HTTPS_PROXY: corp.url, NODE_EXTRA_CA_CERTS: corp.caFile }
    })
    expect(result.code).toBe(1)
    expect(annotations(result)).toContainEqual({
      level: 'error',
      title: 'Task not started',
      message:
        `The proxy ${corp.url} (from HTTPS_PROXY) asked for credentials (HTTP 407 Proxy ` +
        'Authentication Required) when the action opened a tunnel to ' +
        'ecs.us-east-1.amazonaws.com:443. Check the user and password in HTTPS_PROXY ' +
        '(http://user:password@host:port, with special characters percent-encoded) and that ' +
        'this user may use the proxy.'
    })
    expect(corp.connects).toHaveLength(1)
    expect(result.summary).toContain('asked for credentials')
    expect(emu.calls).toHaveLength(0)
  })

  it('403: says the proxy refused the tunnel and what to allow', async () => {
    const corp = await proxy({ answer: 403 })
    const result = await runAction({
      endpoint: undefined,
      inputs,
      env: { HTTPS_PROXY: corp.url, NODE_EXTRA_CA_CERTS: corp.caFile }
    })
    expect(result.code).toBe(1)
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.message).toContain(
      `The proxy ${corp.url} (from HTTPS_PROXY) refused a tunnel to ` +
        'ecs.us-east-1.amazonaws.com:443 (HTTP 403 Forbidden). Check that the proxy allows ' +
        'CONNECT to ecs.us-east-1.amazonaws.com on port 443'
    )
    expect(corp.connects).toHaveLength(1)
  })

  it('502: asked again a few times, then a clear error long before start-timeout', async () => {
    const corp = await proxy({ answer: 502 })
    const result = await runAction({
      endpoint: undefined,
      // The default start-timeout is 10 minutes: the step must not wait it out.
      inputs,
      env: { HTTPS_PROXY: corp.url, NODE_EXTRA_CA_CERTS: corp.caFile }
    })
    expect(result.code).toBe(1)
    // FEW_RETRIES (3) after the first call; the SDK does not retry a proxy's answer itself.
    expect(corp.connects).toHaveLength(4)
    expect(result.stdout).toMatch(/network error \(HTTP 502 from the proxy\); retry 3 in/)
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.title).toBe('Task not started')
    expect(error?.message).toContain(
      `failed: The proxy ${corp.url} (from HTTPS_PROXY) could not reach ` +
        'ecs.us-east-1.amazonaws.com:443 (HTTP 502 Bad Gateway). Check that the proxy can ' +
        'resolve and connect to AWS endpoints in this region'
    )
    expect(error?.message).not.toContain('start-timeout')
    expect(emu.calls).toHaveLength(0)
  })

  it('a proxy that is down: named without its password, asked again a few times', async () => {
    const corp = await proxy()
    const url = withUser(corp.url, 'u', 'Down-Secret-1')
    await corp.close()
    proxies.splice(proxies.indexOf(corp), 1)
    const result = await runAction({
      endpoint: undefined,
      inputs,
      env: { HTTPS_PROXY: url, NODE_EXTRA_CA_CERTS: corp.caFile }
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/network error \(ECONNREFUSED\); retry 3 in/)
    expect(result.stdout).not.toMatch(/; retry 4 in/)
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.message).toMatch(
      new RegExp(
        `^DescribeClusters failed: Could not connect to the proxy http://u:\\*\\*\\*@127\\.0\\.0\\.1:\\d+ ` +
          '\\(from HTTPS_PROXY\\): connect ECONNREFUSED .*Check that the proxy is running'
      )
    )
    expect(everythingShown(result)).not.toContain('Down-Secret-1')
  })

  it('a proxy variable that is not a URL fails before any call, password hidden', async () => {
    const result = await runAction({
      endpoint: emu.url,
      inputs,
      env: { HTTPS_PROXY: 'socks5://ops:Hidden-Pw@proxy.corp:1080' }
    })
    expect(result.code).toBe(1)
    expect(annotations(result)).toContainEqual(
      expect.objectContaining({
        title: 'Task not started',
        message: expect.stringContaining(
          'HTTPS_PROXY is set to "socks5://ops:***@proxy.corp:1080", which is not a proxy URL'
        )
      })
    )
    expect(everythingShown(result)).not.toContain('Hidden-Pw')
    expect(emu.calls).toHaveLength(0)
  })
})

describe('no proxy, and AWS cannot be resolved', () => {
  it('says the runner cannot reach AWS and names the proxy variables, within seconds', async () => {
    const result = await runAction({
      endpoint: 'http://ecs.region-that-does-not-resolve.invalid',
      inputs
    })
    expect(result.code).toBe(1)
    const [error] = annotations(result).filter((a) => a.level === 'error')
    expect(error?.title).toBe('Task not started')
    expect(error?.message).toMatch(
      /Cannot resolve ecs\.region-that-does-not-resolve\.invalid \((ENOTFOUND|EAI_AGAIN)\): the runner cannot reach AWS/
    )
    expect(error?.message).toContain('HTTPS_PROXY')
    expect(error?.message).toContain('NO_PROXY')
    expect(error?.message).not.toContain('start-timeout')
  })
})
