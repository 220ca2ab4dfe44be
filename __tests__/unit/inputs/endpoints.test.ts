import { afterEach, describe, expect, it, vi } from 'vitest'
import { keptFailing, retryTransient } from '../../../src/aws/retry-transient.js'
import { LOOPBACK_REFUSED_MS } from '../../../src/aws/refused-endpoint.js'
import { isLoopbackUrl, notAnEndpointUrl } from '../../../src/kit/endpoint-variables.js'
import { FakeClock } from '../../support/clocks.js'
import { inputErrorOf, stubRunEnv, withInputs } from '../../support/step-env.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('AWS_ENDPOINT_URL* variables: an input error when they are not URLs', () => {
  const problemsWith = (env: Record<string, string>): readonly string[] => {
    stubRunEnv()
    withInputs({})
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
    return inputErrorOf({}).problems
  }

  it('a host and port without a scheme names the variable, the value and the fix', () => {
    expect(problemsWith({ AWS_ENDPOINT_URL: '127.0.0.1:4566' })).toEqual([
      'Environment variable AWS_ENDPOINT_URL must be the URL of an endpoint, got "127.0.0.1:4566" ' +
        '(not a URL): give the scheme too, e.g. "http://127.0.0.1:4566".'
    ])
  })

  it('per-service variables too, and localhost:4566 (a URL of scheme "localhost:")', () => {
    expect(problemsWith({ AWS_ENDPOINT_URL_ECS: 'localhost:4566' })).toEqual([
      'Environment variable AWS_ENDPOINT_URL_ECS must be the URL of an endpoint, got ' +
        '"localhost:4566" (not an http:// or https:// URL): give the scheme too, e.g. ' +
        '"http://localhost:4566".'
    ])
    expect(problemsWith({ AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'ftp://logs' })[0]).toContain(
      'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS must be the URL of an endpoint, got "ftp://logs" ' +
        '(not an http:// or https:// URL): give an http:// or https:// URL'
    )
  })

  it('ignored as the SDK ignores them with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true', () => {
    stubRunEnv()
    withInputs({ 'wait-timeout': 'soon' })
    vi.stubEnv('AWS_ENDPOINT_URL', '127.0.0.1:4566')
    vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'true')
    expect(inputErrorOf({}).problems.join('\n')).not.toContain('AWS_ENDPOINT_URL')
  })

  it.each(['http://127.0.0.1:4566', 'https://ecs.eu-west-1.amazonaws.com', 'http://[::1]:4566/'])(
    '%s is a URL',
    (value) => expect(notAnEndpointUrl(value)).toBeUndefined()
  )

  it.each([
    ['http://127.0.0.1:4566', true],
    ['http://localhost:4566', true],
    ['http://[::1]:4566', true],
    ['http://127.1.2.3', true],
    ['https://ecs.us-east-1.amazonaws.com', false],
    ['http://10.0.0.5:4566', false]
  ])('%s on loopback: %s', (value, loopback) => expect(isLoopbackUrl(value)).toBe(loopback))
})

describe('a loopback endpoint that refuses connections', () => {
  const refused = () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 4566,
      $metadata: { attempts: 4 }
    })

  it(`is asked again for ${LOOPBACK_REFUSED_MS / 1000} s at most, then names the variable, the value and npm run emulator`, async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:4566')
    const clock = new FakeClock()
    const call = vi.fn(() => Promise.reject(refused()))
    const budget = { clock, deadline: 10 * 60_000, log: vi.fn(), random: () => 1 }
    const error = await retryTransient('DescribeClusters', call, budget).catch((e: unknown) => e)
    expect(clock.now()).toBe(LOOPBACK_REFUSED_MS)
    expect(call.mock.calls.length).toBeGreaterThan(2)
    expect(keptFailing('DescribeClusters', error)).toBe(
      'DescribeClusters could not connect to http://127.0.0.1:4566 (AWS_ENDPOINT_URL): the ' +
        'connection was refused on every try, so nothing listens there. Start the emulator with ' +
        '`npm run emulator` and set AWS_ENDPOINT_URL to the URL it prints, or unset ' +
        'AWS_ENDPOINT_URL to reach AWS.'
    )
  })

  it('AWS_ENDPOINT_URL_ECS is the one named when set', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'https://example.com')
    vi.stubEnv('AWS_ENDPOINT_URL_ECS', 'http://localhost:4566')
    expect(keptFailing('RunTask', refused())).toContain(
      'RunTask could not connect to http://localhost:4566 (AWS_ENDPOINT_URL_ECS)'
    )
  })

  it('a refused connection to AWS itself (no loopback override) keeps the whole start-timeout', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', '')
    vi.stubEnv('AWS_ENDPOINT_URL_ECS', '')
    const clock = new FakeClock()
    const call = vi.fn(() => Promise.reject(refused()))
    const budget = { clock, deadline: 5 * 60_000, log: vi.fn(), random: () => 1 }
    const error = await retryTransient('RunTask', call, budget).catch((e: unknown) => e)
    expect(clock.now()).toBe(5 * 60_000)
    expect(keptFailing('RunTask', error)).toContain('until "start-timeout" ran out')
  })
})
