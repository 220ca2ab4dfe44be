// Manual use: `tsx emulator/cli.ts [--port N]` starts an emulator and prints its URL; point the
// action or the AWS CLI at it with AWS_ENDPOINT_URL. Ctrl-C stops it.

import { Emulator } from './server.js'

const portArg = process.argv.indexOf('--port')
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer between 0 and 65535, got ${process.argv[portArg + 1]}`)
  process.exit(2)
}

const emulator = await Emulator.start({ port })
console.log(emulator.url)
emulator.onCall((call) =>
  console.log(`${new Date(call.at).toISOString()} ${call.service} ${call.op}`)
)

const shutdown = (): void => {
  void emulator.close().then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
