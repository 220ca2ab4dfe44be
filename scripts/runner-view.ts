/**
 * Renders an action's stdout as the GitHub log viewer shows it: workflow commands become
 * markers or disappear, and `::stop-commands::` sections print verbatim. Used by the demo.
 */
export class RunnerView {
  private stopToken: string | undefined

  render(line: string): string | undefined {
    if (this.stopToken !== undefined) {
      if (line === `::${this.stopToken}::`) {
        this.stopToken = undefined
        return undefined
      }
      return line
    }
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (!command) return line
    const [, name, message] = command
    switch (name) {
      case 'stop-commands':
        this.stopToken = message
        return undefined
      case 'group':
        return `▼ ${message}`
      case 'endgroup':
        return '▲'
      case 'error':
        return `Error: ${unescape(message ?? '')}`
      case 'warning':
        return `Warning: ${unescape(message ?? '')}`
      case 'notice':
        return `Notice: ${unescape(message ?? '')}`
      default:
        return undefined
    }
  }
}

function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
