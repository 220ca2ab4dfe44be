// Preloaded into the bundled action (NODE_OPTIONS=--import) by e2e tests that let minutes pass
// in seconds: with TEST_TIME_DILATION=<factor>@<origin ms>, the process's clock runs <factor>
// times faster from <origin>, and timers fire after 1/<factor> of their delay. The test dilates
// the emulator's Date.now() the same way (dilateTime in time-dilation.ts), so both agree on
// the time. The action itself is not changed.
const spec = process.env.TEST_TIME_DILATION
if (spec) {
  const [factor, origin] = spec.split('@').map(Number)
  const RealDate = Date
  const realNow = RealDate.now.bind(RealDate)
  const now = () => Math.round(origin + (realNow() - origin) * factor)
  class DilatedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now())
      else super(...args)
    }
    static now() {
      return now()
    }
  }
  globalThis.Date = DilatedDate
  const realSetTimeout = globalThis.setTimeout
  const realSetInterval = globalThis.setInterval
  const scaled = (ms) => Math.max(0, Number(ms) || 0) / factor
  globalThis.setTimeout = (fn, ms, ...args) => realSetTimeout(fn, scaled(ms), ...args)
  globalThis.setInterval = (fn, ms, ...args) => realSetInterval(fn, scaled(ms), ...args)
}
