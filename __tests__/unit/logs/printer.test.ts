import { EventEmitter } from 'node:events'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { LogPrinter, formatLines } from '../../../src/logs/printer.js'

const STOP = /^::stop-commands::([0-9a-f]{32})$/

/** A stdout stand-in that keeps every chunk written. */
function sink(): { out: Writable; chunks: string[]; text: () => string } {
  const chunks: string[] = []
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString())
      callback()
    }
  })
  return { out, chunks, text: () => chunks.join('') }
}

describe('formatLines', () => {
  it('prints bare lines for one stream and strips one trailing newline', () => {
    expect(formatLines('t/app', ['one\n', 'two\r\n', 'three', 'four\n\n'], false)).toBe(
      'one\ntwo\nthree\nfour\n\n'
    )
  })

  it('prefixes every line of every message when several streams are followed', () => {
    expect(formatLines('abc/app', ['one', 'two\nthree\r\nfour\n', ''], true)).toBe(
      'abc/app | one\nabc/app | two\nabc/app | three\nabc/app | four\nabc/app | \n'
    )
  })

  it('prints multi-line messages as they are without a prefix', () => {
    expect(formatLines('t/app', ['a\nb'], false)).toBe('a\nb\n')
  })
})

describe('LogPrinter', () => {
  it('stops workflow commands around log lines and resumes them at end()', async () => {
    const { out, text } = sink()
    const printer = new LogPrinter(out)
    await printer.write('t/app', ['::add-mask::secret', '::error::boom'])
    await printer.end()
    const lines = text().split('\n')
    const token = STOP.exec(lines[0] ?? '')?.[1]
    expect(token).toBeDefined()
    expect(lines.slice(1)).toEqual(['::add-mask::secret', '::error::boom', `::${token}::`, ''])
  })

  it('holds a note for a stream until it ends; later notes and in-order commands queue behind it', async () => {
    const { out, text } = sink()
    const printer = new LogPrinter(out)
    printer.opened('t/app')
    await printer.noteAfter(['t/app'], 'Container app exited with code 0')
    await printer.note('The task is STOPPED')
    printer.commandInOrderSoon(() => out.write('::notice::Started task 2\n'))
    // Not waited for: another stream, and a command that must not wait (StopTask).
    await printer.noteAfter(['t/other'], 'never held')
    await printer.command(() => out.write('::warning::StopTask sent\n'))
    await printer.write('t/app', ['last line'])
    expect(text()).not.toContain('exited')
    await printer.closed('t/app')
    await printer.end()
    const shown = text()
      .split('\n')
      .filter(
        (l) => l !== '' && !l.startsWith('::stop-commands::') && !/^::[0-9a-f]{32}::$/.test(l)
      )
    expect(shown).toEqual([
      '::warning::StopTask sent',
      'last line',
      'Container app exited with code 0',
      'The task is STOPPED',
      '::notice::Started task 2',
      'never held'
    ])
  })

  it('end() prints what still waits for a stream that never ended', async () => {
    const { out, text } = sink()
    const printer = new LogPrinter(out)
    printer.opened('t/app')
    await printer.noteAfter(['t/app'], 'Container app exited with code 0')
    await printer.end()
    expect(text()).toBe('Container app exited with code 0\n')
  })

  it('writes no switch lines when nothing was printed', async () => {
    const { out, chunks } = sink()
    const printer = new LogPrinter(out)
    await printer.write('t/app', [])
    await printer.command(() => out.write('::warning::own\n'))
    await printer.end()
    expect(chunks).toEqual(['::warning::own\n'])
  })

  it('runs command() with commands resumed, after the lines before it, then stops again with a fresh token', async () => {
    const { out, text } = sink()
    const printer = new LogPrinter(out, { prefix: true })
    const first = printer.write('t/app', ['first'])
    const result = printer.command(() => {
      out.write('::warning::from the action\n')
      return 42
    })
    const second = printer.write('t/app', ['second'])
    await expect(result).resolves.toBe(42)
    await Promise.all([first, second, printer.end()])
    const lines = text().split('\n')
    const token1 = STOP.exec(lines[0] ?? '')?.[1]
    const token2 = STOP.exec(lines[4] ?? '')?.[1]
    expect(lines).toEqual([
      `::stop-commands::${token1}`,
      't/app | first',
      `::${token1}::`,
      '::warning::from the action',
      `::stop-commands::${token2}`,
      't/app | second',
      `::${token2}::`,
      ''
    ])
    expect(token2).toBeDefined()
    expect(token2).not.toBe(token1)
  })

  it('keeps the order of noteSoon() and commandSoon(), which nobody waits for', async () => {
    const { out, text } = sink()
    const printer = new LogPrinter(out)
    const line = printer.write('t/app', ['task line'])
    printer.noteSoon('The task is RUNNING (+2 s)')
    printer.commandSoon(() => out.write('::warning::own\n'))
    await line
    await printer.end()
    expect(text()).toMatch(
      /^::stop-commands::(\w{32})\ntask line\nThe task is RUNNING \(\+2 s\)\n::\1::\n::warning::own\n$/
    )
  })

  it('fails end() with the first error of a commandSoon(), after printing the rest', async () => {
    const { out, text } = sink()
    const printer = new LogPrinter(out)
    printer.commandSoon(() => {
      throw new Error('GITHUB_OUTPUT: ENOSPC')
    })
    printer.commandSoon(() => {
      throw new Error('second')
    })
    printer.noteSoon('still printed')
    await expect(printer.end()).rejects.toThrow('GITHUB_OUTPUT: ENOSPC')
    expect(text()).toBe('still printed\n')
  })

  it('lets a command run another command without deadlocking and survives a throwing one', async () => {
    const { out, text } = sink()
    const printer = new LogPrinter(out)
    await printer.command(() => printer.command(() => out.write('nested\n')))
    await expect(
      printer.command(() => {
        throw new Error('oops')
      })
    ).rejects.toThrow('oops')
    await printer.write('t/app', ['after'])
    await printer.end()
    expect(text()).toMatch(/^nested\n::stop-commands::[0-9a-f]{32}\nafter\n::[0-9a-f]{32}::\n$/)
  })

  it('writes lines in batches of 256, not one write per line', async () => {
    const { out, chunks } = sink()
    const printer = new LogPrinter(out)
    await printer.write(
      't/app',
      Array.from({ length: 1000 }, (_, i) => `line ${i}`)
    )
    expect(chunks).toHaveLength(4)
    // The first batch carries the stop-commands switch: 256 lines + the switch + ''.
    expect(chunks[0]?.split('\n')).toHaveLength(258)
    expect(chunks[3]?.split('\n')).toHaveLength(1000 - 3 * 256 + 1)
    expect(chunks.join('')).toContain('line 999\n')
  })

  it("waits for 'drain' when the stream is full before writing more", async () => {
    class SlowOut extends EventEmitter {
      readonly writes: string[] = []
      write(chunk: string): boolean {
        this.writes.push(chunk)
        return false
      }
    }
    const out = new SlowOut()
    const printer = new LogPrinter(out as unknown as NodeJS.WritableStream)
    let firstDone = false
    const first = printer.write('t/app', ['a']).then(() => (firstDone = true))
    const second = printer.write('t/app', ['b'])
    await new Promise((resolve) => setImmediate(resolve))
    expect(out.writes).toHaveLength(1)
    expect(firstDone).toBe(false)
    out.emit('drain')
    await first
    await new Promise((resolve) => setImmediate(resolve))
    expect(out.writes).toHaveLength(2)
    expect(out.writes[1]).toBe('b\n')
    out.emit('drain')
    await second
    expect(out.listenerCount('drain')).toBe(0)
  })
})
