import leven from 'leven'
import { DECLARATIONS } from './declarations.js'
import type { Problems } from './problems.js'

/** The variable the runner passes an input in: `INPUT_` + the name upper-cased, spaces to `_`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Inputs given in `with:` that the action does not declare (e.g. `security-group` for
 * `security-groups`). The runner only warns "Unexpected input(s)" and passes them on as
 * `INPUT_<NAME>`; dropped silently, a misspelt input would change what runs (the task in the
 * VPC's default security group). Each is a problem naming the closest declared input, if any.
 */
export function checkUndeclaredInputs(env: NodeJS.ProcessEnv, p: Problems): void {
  const declared = Object.keys(DECLARATIONS)
  const variables = new Set(declared.map(inputVariable))
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith('INPUT_') || variables.has(variable)) continue
    // The runner upper-cased the name: the lower-case form is what the workflow most likely says.
    const given = variable.slice('INPUT_'.length).toLowerCase()
    const closest = closestName(given, declared)
    p.lines.push(
      `Input "${given}" is not an input of this action (the runner passed it as ${variable}): ` +
        (closest
          ? `did you mean "${closest}"? Rename it in the step's "with:".`
          : `remove it from the step's "with:" (the README lists the inputs).`)
    )
  }
}

/**
 * The declared name a misspelling most likely meant: the nearest by Levenshtein distance (at
 * most a third of the name's length, and at least 2 edits allowed), else the only name that holds the
 * given one as a whole word (`region` → `aws-region`); undefined when nothing is close.
 */
export function closestName(given: string, names: readonly string[]): string | undefined {
  // `_` from spaces or from a snake_case habit: compare words, as the names use hyphens.
  const normal = given.replace(/[\s_]+/g, '-')
  const allowed = Math.max(2, Math.floor(normal.length / 3))
  let best: { name: string; distance: number } | undefined
  for (const name of names) {
    const distance = leven(normal, name)
    if (distance <= allowed && (best === undefined || distance < best.distance)) {
      best = { name, distance }
    }
  }
  if (best) return best.name
  const containing = names.filter((name) => `-${name}-`.includes(`-${normal}-`))
  return containing.length === 1 ? containing[0] : undefined
}
