import type { ContainerDefinition, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import type { ImageOverride } from '../inputs/parsers.js'
import { InputError } from '../inputs/problems.js'
import { exitedOnItsOwn } from './stop-causes.js'

/** What the inputs say about the primary container, and which of them need one. */
export interface PrimaryInputs {
  container?: string | undefined
  images?: readonly ImageOverride[]
  command?: readonly string[] | undefined
  environment?: readonly unknown[]
  taskOutputs?: readonly string[]
  /** Shard i's index goes into the primary container's environment. */
  shards?: number | undefined
}

/** The container `command`, `environment` and a single `image` apply to, and why it is that one. */
export interface PrimaryContainer {
  name: string
  /** Why, as a clause: `named by "container"`, `its image is in the repository of "image"`… */
  why: string
  /**
   * When no input needs a primary and several candidates remain: all of them, in definition
   * order (`name` is the first). Which one decides is known only when the task stops.
   */
  candidates?: readonly string[]
}

/** The primary container as far as the end of a task is concerned. */
export type PrimaryChoice = Pick<PrimaryContainer, 'name' | 'candidates'>

/** A FireLens log router: the container that carries `firelensConfiguration`. */
export function isLogRouter(container: ContainerDefinition): boolean {
  return container.firelensConfiguration !== undefined && container.firelensConfiguration !== null
}

/** As ECS considers a container: essential unless told otherwise. */
export function isEssential(container: ContainerDefinition): boolean {
  return container.essential !== false
}

/**
 * An image's repository: registry and name, without tag or digest. Docker Hub's short forms
 * (`postgres`, `bitnami/redis`) are spelt out, so `postgres:16` and `docker.io/library/postgres`
 * are the same repository.
 */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? ''
  const slash = withoutDigest.lastIndexOf('/')
  const colon = withoutDigest.lastIndexOf(':')
  // A colon after the last slash starts the tag; before it, it is a registry's port.
  const name = (colon > slash ? withoutDigest.slice(0, colon) : withoutDigest).toLowerCase()
  const parts = name.split('/')
  const first = parts[0] ?? ''
  const hasRegistry = parts.length > 1 && (/[.:]/.test(first) || first === 'localhost')
  if (hasRegistry) return name
  return `docker.io/${parts.length === 1 ? `library/${name}` : name}`
}

/**
 * The primary container (docs/production-task-definitions.md): `container` when given; else, with a
 * single `image`, the container whose image has the same repository; else the only essential
 * container that is not a FireLens log router. When several remain and an input needs one
 * (`command`, `environment`, `task-outputs`, a single `image`), an InputError naming the candidates
 * and `container`; otherwise the first of them.
 */
export function primaryContainer(
  definition: TaskDefinition,
  inputs: PrimaryInputs,
  where = 'the task definition'
): PrimaryContainer {
  const containers = (definition.containerDefinitions ?? []).filter((c) => c.name)
  if (inputs.container !== undefined) {
    return { name: inputs.container, why: 'named by the "container" input' }
  }
  const first = containers[0]?.name
  if (first === undefined) throw new Error(`${where} has no containers.`)

  const images = inputs.images ?? []
  const single = images.length === 1 && images[0]?.container === undefined ? images[0] : undefined
  let candidates: ContainerDefinition[] = []
  let what = ''
  if (single) {
    const repository = imageRepository(single.image)
    candidates = containers.filter((c) => c.image && imageRepository(c.image) === repository)
    if (candidates.length === 1) {
      return {
        name: candidates[0]?.name ?? first,
        why: `its image is in the repository of the "image" input (${repository})`
      }
    }
    what = `containers whose image is in the repository of the "image" input (${repository})`
  }
  if (candidates.length === 0) {
    candidates = containers.filter((c) => isEssential(c) && !isLogRouter(c))
    what = 'essential containers that are not a FireLens log router'
  }
  if (candidates.length === 1) {
    return {
      name: candidates[0]?.name ?? first,
      why: 'the only essential container that is not a FireLens log router'
    }
  }
  if (candidates.length === 0) {
    // Nothing but log routers or non-essential containers: ECS stops the task when an
    // essential container exits, so the first essential one, else the first one.
    const name = containers.find(isEssential)?.name ?? first
    return { name, why: 'no container is both essential and not a FireLens log router: the first' }
  }
  const names = candidates.map((c) => c.name ?? '')
  const needs = needingInputs(inputs, single !== undefined)
  if (needs.length > 0) {
    throw new InputError(
      `Input "container" is needed: ${needs.map((n) => `"${n}"`).join(', ')} ` +
        `${needs.length > 1 ? 'apply' : 'applies'} to one container, and ${where} has ` +
        `${names.length} ${what}: ${names.map((n) => `"${n}"`).join(', ')}. ` +
        'Give "container" with the name of the one that runs the job.'
    )
  }
  return {
    name: names[0] ?? first,
    why:
      `the first of the ${what} (${names.join(', ')}) until the task stops: then the first of ` +
      'them that exited on its own; give "container" to choose',
    candidates: names
  }
}

/**
 * The primary container of a stopped task, for the verdict, `exit-code` and `log-url`: with
 * several candidates, the first that exited on its own (an agent listed first is stopped by ECS
 * with 143 once the app exits, so the app decides); the first candidate when none did.
 */
export function primaryOfTask(task: Task | undefined, primary: PrimaryChoice): string {
  const candidates = primary.candidates ?? []
  if (candidates.length < 2 || !task) return primary.name
  const containers = task.containers ?? []
  const decided = candidates.find((name) => {
    const container = containers.find((c) => c.name === name)
    return container !== undefined && exitedOnItsOwn(container)
  })
  return decided ?? primary.name
}

function needingInputs(inputs: PrimaryInputs, singleImage: boolean): string[] {
  const needs: string[] = []
  if (inputs.command !== undefined) needs.push('command')
  if ((inputs.environment?.length ?? 0) > 0) needs.push('environment')
  if (singleImage) needs.push('image')
  if ((inputs.taskOutputs?.length ?? 0) > 0) needs.push('task-outputs')
  if (inputs.shards !== undefined) needs.push('shards')
  return needs
}
