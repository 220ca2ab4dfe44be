import { vi } from 'vitest'

type Core = typeof import('@actions/core')

/**
 * @actions/core with every function that writes to the step log, outputs or state replaced
 * by a spy, so tests assert exactly what the action reported. For `vi.mock`'s factory:
 * `vi.mock('@actions/core', async (original) => (await import('../unit/support/support/core-mock.js')).spiedCore(original))`.
 */
export async function spiedCore(importOriginal: () => Promise<Core>): Promise<Core> {
  return {
    ...(await importOriginal()),
    setOutput: vi.fn(),
    saveState: vi.fn(),
    error: vi.fn(),
    warning: vi.fn(),
    notice: vi.fn(),
    info: vi.fn(),
    debug: vi.fn(),
    startGroup: vi.fn(),
    endGroup: vi.fn(),
    setSecret: vi.fn()
  }
}
