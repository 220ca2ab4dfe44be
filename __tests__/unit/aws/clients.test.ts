import { NodeHttpHandler } from '@smithy/node-http-handler'
import { describe, expect, it } from 'vitest'
import {
  createEcsClient,
  HTTP_TIMEOUTS,
  httpHandler,
  LOGS_HTTP_TIMEOUTS,
  USER_AGENT
} from '../../../src/aws/clients.js'
import { ProxyConfigError } from '../../../src/aws/proxy-env.js'

describe('createEcsClient', () => {
  it("is the SDK's standard retry mode with 4 attempts a call, the action's user agent and region", async () => {
    const ecs = createEcsClient('eu-west-1')
    expect(await ecs.config.region()).toBe('eu-west-1')
    expect(await ecs.config.maxAttempts()).toBe(4)
    expect(ecs.config.retryMode).toBe('standard')
    expect(ecs.config.customUserAgent).toEqual([[USER_AGENT]])
    ecs.destroy()
  })
})

describe('httpHandler', () => {
  it('is the timeouts alone without a proxy variable: the SDK builds its own handler', () => {
    expect(httpHandler(HTTP_TIMEOUTS, {})).toBe(HTTP_TIMEOUTS)
    expect(httpHandler(LOGS_HTTP_TIMEOUTS, { NO_PROXY: '*' })).toBe(LOGS_HTTP_TIMEOUTS)
  })

  it("is a handler whose agents go through the runner's proxy when one is set", () => {
    const handler = httpHandler(HTTP_TIMEOUTS, { HTTPS_PROXY: 'http://proxy.corp:3128' })
    expect(handler).toBeInstanceOf(NodeHttpHandler)
  })

  it('refuses a proxy variable that is not an http(s) URL, before any call', () => {
    expect(() => httpHandler(HTTP_TIMEOUTS, { HTTPS_PROXY: 'socks5://proxy.corp:1080' })).toThrow(
      ProxyConfigError
    )
  })
})
