import { cleanup } from './run/cleanup.js'

await cleanup()
