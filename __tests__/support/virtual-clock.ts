import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, vi } from 'vitest'
import type { Emulator } from '../../emulator/server.js'

const PRELOAD = pathToFileURL(resolve(import.meta.dirname, 'virtual-clock.mjs')).href

/**
 * Puts the bundled action on a virtual clock starting at `origin` (virtual-clock.mjs, preloaded
 * through the returned environment) and the emulator on the action's time: only Date is faked
 * here, and each request sets it to the action's clock. Minutes of the task's life pass in the
 * time the action needs to compute them, and what the action sees does not depend on the
 * machine's speed. Call before inject(): fault windows start at the (virtual) time of inject().
 */
export function virtualClock(
  emu: Emulator,
  origin = Date.UTC(2026, 0, 15, 9)
): Record<string, string> {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(origin)
  emu.followClientClock((ms) => {
    // Answers go out in the order requests arrive; a request sent a moment earlier on another
    // connection may arrive later, and the clock never goes back.
    if (ms > Date.now()) vi.setSystemTime(ms)
  })
  return { NODE_OPTIONS: `--import=${PRELOAD}`, TEST_VIRTUAL_CLOCK: String(origin) }
}

/** Puts the real clock back after each test of the file (the emulator is closed by then). */
export function useRealTimersAfterEach(): void {
  afterEach(() => {
    vi.useRealTimers()
  })
}
