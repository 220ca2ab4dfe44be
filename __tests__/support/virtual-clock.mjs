// Preloaded into the bundled action (NODE_OPTIONS=--import) by e2e tests that let minutes pass
// without waiting for them, whatever the machine's speed. With TEST_VIRTUAL_CLOCK=<origin ms>:
//
// - Date and the timers (setTimeout, setInterval, AbortSignal.timeout) follow a virtual clock
//   that starts at <origin> and moves only when the process has nothing else to do: no HTTP
//   call awaiting its answer, no file operation or stdout write pending. It then jumps to the
//   earliest timer. A slow or busy machine makes the run take longer, never changes what it sees.
// - Every HTTP request carries the clock in an `x-emulator-clock` header, so the emulator (see
//   Emulator.followClientClock) answers at the action's time.
// - A call the emulator would hold unanswered (the `hang` fault) comes back at once marked
//   `x-emulator-hang`; the answer is kept from the SDK, so only the SDK's own (virtual) request
//   timeout ends the call, as with a real hang, without the clock waiting on it.
//
// The action's code is not changed.
import http from 'node:http'
import https from 'node:https'

const spec = process.env.TEST_VIRTUAL_CLOCK
if (spec) install(Number(spec))

function install(origin) {
  const RealDate = Date
  const realSetTimeout = globalThis.setTimeout
  const realClearTimeout = globalThis.clearTimeout
  let now = origin
  let seq = 0
  /** Pending timers, in no order: the earliest is searched when the clock moves. */
  const timers = new Set()
  let inFlight = 0
  let wake = undefined

  class VirtualDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now)
      else super(...args)
    }
    static now() {
      return now
    }
  }
  globalThis.Date = VirtualDate

  class Timer {
    constructor(fn, ms, args, repeat) {
      this.id = ++seq
      this.fn = fn
      this.args = args
      this.delay = Math.max(1, Number(ms) || 0)
      this.repeat = repeat
      this.refed = true
      this.at = now + this.delay
      timers.add(this)
      schedule()
    }
    ref() {
      this.refed = true
      schedule()
      return this
    }
    unref() {
      this.refed = false
      return this
    }
    hasRef() {
      return this.refed
    }
    refresh() {
      this.at = now + this.delay
      timers.add(this)
      schedule()
      return this
    }
    close() {
      timers.delete(this)
      return this
    }
    [Symbol.toPrimitive]() {
      return this.id
    }
  }
  const byId = (t) =>
    typeof t === 'object' && t !== null ? t : [...timers].find((x) => x.id === Number(t))
  const clear = (t) => {
    const timer = byId(t)
    if (timer) timers.delete(timer)
  }
  globalThis.setTimeout = (fn, ms, ...args) => new Timer(fn, ms, args, false)
  globalThis.setInterval = (fn, ms, ...args) => new Timer(fn, ms, args, true)
  globalThis.clearTimeout = clear
  globalThis.clearInterval = clear
  AbortSignal.timeout = (ms) => {
    const controller = new AbortController()
    new Timer(
      () =>
        controller.abort(
          new DOMException('The operation was aborted due to timeout', 'TimeoutError')
        ),
      ms,
      [],
      false
    ).unref()
    return controller.signal
  }

  for (const mod of [http, https]) {
    const request = mod.request
    mod.request = function (...args) {
      const options = args.find((a) => a && typeof a === 'object' && !(a instanceof URL))
      if (options) options.headers = { ...options.headers, 'x-emulator-clock': String(now) }
      const req = request.apply(this, args)
      track(req)
      return req
    }
  }

  function track(req) {
    inFlight++
    let settled = false
    const settle = () => {
      if (settled) return
      settled = true
      inFlight--
      if (inFlight === 0) wake?.()
    }
    const emit = req.emit
    req.emit = function (event, ...args) {
      if (event === 'response') {
        const res = args[0]
        if (res.headers['x-emulator-hang']) {
          // Held from the SDK: it waits for an answer that never comes, until its timeout.
          settle()
          return true
        }
        res.once('end', settle)
        res.once('close', settle)
        res.once('error', settle)
      } else if (event === 'error' || event === 'close') {
        settle()
      }
      return emit.call(this, event, ...args)
    }
  }

  /** Work the clock must wait for: file operations, DNS, unwritten stdout. */
  function busy() {
    if (inFlight > 0) return true
    if (process.stdout.writableLength > 0) return true
    return process
      .getActiveResourcesInfo()
      .some(
        (r) => r.startsWith('FSReq') || r === 'FileHandleCloseReq' || r.startsWith('GetAddrInfo')
      )
  }

  let running = false
  function schedule() {
    if (running) return
    running = true
    void advance()
  }

  const turn = () => new Promise((resolve) => setImmediate(resolve))
  const settleDown = () =>
    new Promise((resolve) => {
      // An answer ends the wait at once; other work is checked every millisecond.
      const timer = realSetTimeout(done, 1)
      wake = done
      function done() {
        realClearTimeout(timer)
        wake = undefined
        resolve()
      }
    })

  async function advance() {
    for (;;) {
      // Let everything that is not waiting on the clock run first.
      for (let i = 0; i < 10; i++) await turn()
      if (busy()) {
        await settleDown()
        continue
      }
      let next
      for (const t of timers)
        if (!next || t.at < next.at || (t.at === next.at && t.id < next.id)) next = t
      // Only referenced timers keep the process alive, as in Node.
      if (!next || ![...timers].some((t) => t.refed)) break
      now = Math.max(now, next.at)
      timers.delete(next)
      if (next.repeat) {
        next.at = now + next.delay
        timers.add(next)
      }
      try {
        next.fn(...next.args)
      } catch (error) {
        realSetTimeout(() => {
          throw error
        })
      }
    }
    running = false
  }
}
