import type {
  ContainerDefinition,
  RegisterTaskDefinitionCommandInput,
  Tag,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import type { ImageOverride } from '../inputs/parsers.js'
import { READ_ONLY_TASK_DEFINITION_FIELDS } from '../inputs/ecs-names.js'

/**
 * What to register so that a task definition runs the images of `image`: every field carried
 * over (the tags too), only the named containers' images replaced. An image without a
 * container name goes to `main` (the `container` input, or the first essential container).
 * The fields DescribeTaskDefinition adds (ARN, revision, status…) are not sent, nor are empty
 * ones. Pure: the caller registers it.
 */
export function deriveTaskDefinition(
  definition: TaskDefinition,
  images: readonly ImageOverride[],
  main: string,
  tags: readonly Tag[] = []
): RegisterTaskDefinitionCommandInput {
  const byContainer = new Map(images.map((o) => [o.container ?? main, o.image]))
  const names = new Set((definition.containerDefinitions ?? []).map((c) => c.name))
  for (const name of byContainer.keys()) {
    // The inputs were checked against the definition (inputs/containers.ts): a bug if reached.
    if (!names.has(name)) throw new Error(`Task definition has no container "${name}".`)
  }
  const fields: Record<string, unknown> = { ...definition }
  for (const field of READ_ONLY_TASK_DEFINITION_FIELDS) delete fields[field]
  fields['containerDefinitions'] = (definition.containerDefinitions ?? []).map(
    (container): ContainerDefinition => {
      const image = byContainer.get(container.name ?? '')
      return compact(image === undefined ? container : { ...container, image })
    }
  )
  if (tags.length > 0) fields['tags'] = tags.map((t) => ({ ...t }))
  return compact(fields) as unknown as RegisterTaskDefinitionCommandInput
}

/** Without the fields that say nothing: undefined, null, empty arrays and empty objects. */
function compact<T extends object>(value: T): T {
  const result: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || field === null) continue
    if (Array.isArray(field) && field.length === 0) continue
    if (isPlainObject(field) && Object.keys(field).length === 0) continue
    result[key] = field
  }
  return result as T
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  )
}
