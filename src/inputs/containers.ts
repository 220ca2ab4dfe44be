import type { TaskOverride } from '@aws-sdk/client-ecs'
import { listOf } from '../kit/sentences.js'
import type { ImageOverride } from './parsers.js'
import type { Problems } from './problems.js'
import { quote } from './text.js'

/** The inputs that name a container of the task definition. */
export interface ContainerChoices {
  container?: string
  logContainers?: string[]
  overrides?: TaskOverride
  images: ImageOverride[]
}

/**
 * Every input that names a container, checked against the task definition's containers: for
 * a file before any AWS call, for a registered definition once it is described. `where` names
 * the task definition in the message.
 */
export function checkContainerNames(
  names: readonly string[],
  where: string,
  choices: ContainerChoices,
  p: Problems
): void {
  const accepted = `a container of ${where}: ${listOf(names.map((n) => JSON.stringify(n)))}`
  const check = (input: string, name: string): void => {
    if (!names.includes(name)) p.invalid(input, name, accepted)
  }
  if (choices.container !== undefined) check('container', choices.container)
  for (const name of choices.logContainers ?? []) check('log-containers', name)
  for (const { container } of choices.images) if (container !== undefined) check('image', container)
  choices.overrides?.containerOverrides?.forEach(({ name }, i) => {
    if (name !== undefined && !names.includes(name)) {
      p.detail(
        'overrides',
        `overrides.containerOverrides[${i}].name must be ${accepted}, got ${quote(name)}`
      )
    }
  })
}
