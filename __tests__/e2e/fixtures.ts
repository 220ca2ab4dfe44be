import { afterEach, beforeEach } from 'vitest'
import { Emulator } from '../../emulator/server.js'

/**
 * A fresh emulator for every test, closed after it: `ready` receives it (to keep a handle
 * and seed task definitions) before the test runs.
 */
export function useEmulator(ready: (emu: Emulator) => void): void {
  let current: Emulator | undefined
  beforeEach(async () => {
    current = await Emulator.start()
    ready(current)
  })
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
}

export {
  appDefinition,
  awslogs,
  fireLensToCloudWatch,
  numbered,
  productionDefinition,
  SHOP_REPOSITORY
} from '../../emulator/fixtures.js'
