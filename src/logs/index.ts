export { logConsoleUrl, logGroupArn, logTargets, taskIdOf, type LogTarget } from './targets.js'
export { LogPrinter } from './printer.js'
export { LogStreamer, type LogStreamerDeps } from './streamer.js'
