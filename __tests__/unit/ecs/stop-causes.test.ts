import type { Container, Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import {
  exitedOnItsOwn,
  foreignStopReason,
  isOutOfMemory,
  stoppedWithTaskSignal
} from '../../../src/ecs/stop-causes.js'
import { stopReason } from '../../../src/ecs/stop-tasks.js'

const OOM = 'OutOfMemoryError: Container killed due to memory usage'

describe('a container stopped with its task', () => {
  it.each<[string, Container, string | undefined, boolean]>([
    ['143 with no reason: SIGTERM', { exitCode: 143 }, 'SIGTERM', false],
    ['137 with no reason: SIGKILL', { exitCode: 137 }, 'SIGKILL after its stop timeout', false],
    ['137 for memory: its own end', { exitCode: 137, reason: OOM }, undefined, true],
    ['0: its own end', { exitCode: 0 }, undefined, true],
    ['1: its own end', { exitCode: 1 }, undefined, true],
    ['no exit code: it never ran', { reason: 'CannotPullContainerError' }, undefined, false]
  ])('%s', (_, container, signal, own) => {
    expect(stoppedWithTaskSignal(container)).toBe(signal)
    expect(exitedOnItsOwn(container)).toBe(own)
  })

  it('tells a container killed for memory', () => {
    expect(isOutOfMemory({ exitCode: 137, reason: OOM })).toBe(true)
    expect(isOutOfMemory({ exitCode: 137 })).toBe(false)
  })
})

describe('foreignStopReason', () => {
  const stopped = (task: Partial<Task>): Task => ({ lastStatus: 'STOPPED', ...task })

  it("quotes a StopTask the action did not send (the console's, the CLI's)", () => {
    expect(
      foreignStopReason(
        stopped({ stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' })
      )
    ).toBe('Task stopped by user')
    expect(foreignStopReason(stopped({ stopCode: 'UserInitiated' }))).toBe('(no reason given)')
  })

  it("is undefined for the action's own StopTask and for other stop codes", () => {
    const own = stopReason('the workflow was cancelled', {})
    expect(foreignStopReason(stopped({ stopCode: 'UserInitiated', stoppedReason: own }))).toBe(
      undefined
    )
    expect(
      foreignStopReason(
        stopped({
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container exited'
        })
      )
    ).toBeUndefined()
  })
})
