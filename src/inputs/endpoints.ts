import { endpointVariables, notAnEndpointUrl } from '../kit/endpoint-variables.js'
import type { Problems } from './problems.js'
import { quote } from './text.js'

/**
 * An AWS_ENDPOINT_URL* variable the SDK cannot use is a configuration mistake, not a network
 * error: said at once with the inputs, instead of every call failing as "Invalid URL" and being
 * retried until start-timeout.
 */
export function checkEndpointVariables(env: NodeJS.ProcessEnv, p: Problems): void {
  for (const { variable, value } of endpointVariables(env)) {
    const why = notAnEndpointUrl(value)
    if (why === undefined) continue
    const withScheme = `http://${value}`
    const fix =
      notAnEndpointUrl(withScheme) === undefined && !value.includes('://')
        ? `give the scheme too, e.g. ${quote(withScheme)}`
        : 'give an http:// or https:// URL, e.g. "http://127.0.0.1:4566", or unset it to reach AWS'
    p.lines.push(
      `Environment variable ${variable} must be the URL of an endpoint, got ${quote(value)} (${why}): ${fix}.`
    )
  }
}
