import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { vi } from 'vitest'

const PRELOAD = pathToFileURL(resolve(import.meta.dirname, 'time-dilation.mjs')).href

/**
 * Makes time run `factor` times faster, from now, for this process's Date.now() (the emulator
 * computes every state from it) and, through the returned environment, for the bundled action
 * (time-dilation.mjs, preloaded). Vitest's restoreMocks puts the real clock back after the test.
 */
export function dilateTime(factor: number): Record<string, string> {
  const realNow = Date.now.bind(Date)
  const origin = realNow()
  vi.spyOn(Date, 'now').mockImplementation(() => Math.round(origin + (realNow() - origin) * factor))
  return {
    NODE_OPTIONS: `--import=${PRELOAD}`,
    TEST_TIME_DILATION: `${factor}@${origin}`
  }
}
