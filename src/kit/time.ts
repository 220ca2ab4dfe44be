/** Durations as a reader of the step log or the summary wants them: `12 s`, `1 min 5 s`, `2 h 3 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${s % 60} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

/** From one instant to another, when both are known. */
export function between(from: Date | undefined, to: Date | undefined): string | undefined {
  if (!from || !to) return undefined
  return formatDuration(to.getTime() - from.getTime())
}
