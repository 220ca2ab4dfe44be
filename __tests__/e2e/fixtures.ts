import { afterEach, beforeEach } from 'vitest'
import * as runner from '../support/runner.js'
import type { RunOptions } from '../support/runner.js'
import { Emulator } from '../../emulator/server.js'

/**
 * The VPC of these tests: every emulator knows these subnets and security groups (it refuses
 * others, and an awsvpc task without a network, as ECS does).
 */
export const TEST_VPC = {
  subnets: ['subnet-1', 'subnet-a', 'subnet-0a', 'subnet-0b', 'subnet-0aa', 'subnet-0bb'].concat([
    'subnet-0a1',
    'subnet-0b2',
    'subnet-0dd',
    'subnet-0e2e'
  ]),
  securityGroups: ['sg-1', 'sg-01', 'sg-0bb', 'sg-0cc', 'sg-0c3', 'sg-0ee']
}

/**
 * A fresh emulator for every test, closed after it: `ready` receives it (to keep a handle
 * and seed task definitions) before the test runs.
 */
export function useEmulator(ready: (emu: Emulator) => void): void {
  let current: Emulator | undefined
  beforeEach(async () => {
    current = await Emulator.start()
    current.addNetwork(TEST_VPC)
    ready(current)
  })
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
}

/** Inputs that choose or shape the task's network. */
const NETWORK_INPUTS = [
  'subnets',
  'security-groups',
  'assign-public-ip',
  'service',
  'network-from-service'
]

/**
 * The tests' task definitions are Fargate (awsvpc) ones, which ECS runs only with a network:
 * a run whose inputs say nothing about the network is given the test VPC's first subnet, as a
 * workflow would. Tests of the network inputs give their own; a test of a run without any
 * network uses ../support/runner.js directly.
 */
export function withNetwork(options: RunOptions): RunOptions {
  const inputs = options.inputs ?? {}
  const chosen = NETWORK_INPUTS.some((k) => k in inputs)
  return chosen ? options : { ...options, inputs: { subnets: TEST_VPC.subnets[0]!, ...inputs } }
}

export function runAction(options: RunOptions): Promise<runner.ActionResult> {
  return runner.runAction(withNetwork(options))
}

export function startAction(options: RunOptions): runner.RunningAction {
  return runner.startAction(withNetwork(options))
}
