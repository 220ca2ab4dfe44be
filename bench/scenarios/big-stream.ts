// The million-line stream of the throughput and page-rate scenarios: numbered lines of
// LINE_BYTES, all stamped at the container's start, hence all readable when reading begins.

import { appDefinition } from '../../__tests__/support/task-definitions.js'
import type { Emulator } from '../../emulator/server.js'
import { markedLine } from '../measure.js'

export const LINE_BYTES = 100
/** CloudWatch's size of one such event, as GetLogEvents pages count it. */
export const EVENT_BYTES = LINE_BYTES + 26

/** Registers `family` whose containers each write `count` lines at once, then exit. */
export function scriptBigStream(
  emu: Emulator,
  family: string,
  count: number,
  containers: string[] = ['app']
): void {
  emu.registerTaskDefinition(
    appDefinition(
      family,
      containers.map((name) => ({ name }))
    )
  )
  emu.script(family, {
    containers: Object.fromEntries(
      containers.map((name) => [
        name,
        {
          exitCode: 0,
          runMs: 500,
          logLines: { count, everyMs: 0, text: (i: number) => markedLine(i, LINE_BYTES) }
        }
      ])
    )
  })
}
