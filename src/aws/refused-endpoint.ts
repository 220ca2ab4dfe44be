import {
  endpointOverrideFor,
  isLoopbackUrl,
  type EndpointVariable
} from '../kit/endpoint-variables.js'
import { joinSentences } from '../kit/sentences.js'
import { asAwsError } from './errors.js'
import { proxyConnectionFailure } from './proxy-errors.js'

/**
 * How long a refused connection to an endpoint override on this machine is asked again. Nothing
 * listening on a loopback port is almost always an emulator that was not started (or another
 * port), not an outage: a few seconds cover one being started, and the step then says what to
 * do instead of waiting for the whole start-timeout.
 */
export const LOOPBACK_REFUSED_MS = 30_000

/**
 * The ECS endpoint override (AWS_ENDPOINT_URL_ECS, else AWS_ENDPOINT_URL) when `error` is a
 * connection it refused on a loopback address; else undefined.
 */
export function refusedLoopbackEndpoint(
  error: unknown,
  env: NodeJS.ProcessEnv = process.env
): EndpointVariable | undefined {
  const e = asAwsError(error) as { code?: string; address?: string }
  if (e.code !== 'ECONNREFUSED' || proxyConnectionFailure(error)) return undefined
  const override = endpointOverrideFor('ECS', env)
  if (override === undefined || !isLoopbackUrl(override.value)) return undefined
  return override
}

/** What a refused loopback endpoint means, and how to start the emulator behind it. */
export function refusedEndpointMessage(label: string, endpoint: EndpointVariable): string {
  return joinSentences(
    `${label} could not connect to ${endpoint.value} (${endpoint.variable}): the connection was ` +
      'refused on every try, so nothing listens there',
    'Start the emulator with `npm run emulator` and set ' +
      `${endpoint.variable} to the URL it prints, or unset ${endpoint.variable} to reach AWS`
  )
}
