import { DescribeClustersCommand, type Cluster, type ECSClient } from '@aws-sdk/client-ecs'
import { classifyAwsError, errorNameAndMessage, errorMessage } from '../aws/errors.js'
import { keptFailing, retryTransient, type CallBudget } from '../aws/retry-transient.js'
import { Cancelled } from '../kit/failures.js'
import { joinSentences } from '../kit/sentences.js'

export interface ClusterLookup {
  /** The `cluster` input: a name or an ARN. */
  cluster: string
  region: string
}

/** An unknown cluster, named with its region, and what to check; `detail` quotes AWS. */
export function clusterNotFound(where: ClusterLookup, detail?: string): string {
  return joinSentences(
    `Cluster "${where.cluster}" was not found in region ${where.region}${detail ? `: ${detail}` : ''}`,
    'Check the "cluster" input and the region ("aws-region", AWS_REGION)'
  )
}

/**
 * Checks the cluster with DescribeClusters before anything is registered or started, so that a
 * typo'd `cluster` leaves no new revision behind and fails a dry run too. Unknown (`MISSING`)
 * or deleted (`INACTIVE`): an error naming the cluster and the region. A role without
 * `ecs:DescribeClusters` skips the check (said through `debug`): RunTask still names an unknown
 * cluster, and the check must not make a working role fail. Transient errors are retried
 * within the budget, as for every call that prepares the task.
 */
export async function checkCluster(
  ecs: ECSClient,
  where: ClusterLookup,
  budget: CallBudget,
  debug: (message: string) => void
): Promise<void> {
  const label = 'DescribeClusters'
  let clusters: Cluster[]
  try {
    const out = await retryTransient(
      label,
      () => ecs.send(new DescribeClustersCommand({ clusters: [where.cluster] })),
      budget
    )
    clusters = out.clusters ?? []
  } catch (error) {
    if (error instanceof Cancelled) throw error
    if (classifyAwsError(error).kind === 'denied') {
      debug(
        `Cluster "${where.cluster}" not checked before the task is prepared: the role may not ` +
          `call ecs:DescribeClusters (${errorNameAndMessage(error)}).`
      )
      return
    }
    throw new Error(keptFailing(label, error) ?? errorMessage(error), { cause: error })
  }
  const found = clusters.find((c) => sameCluster(c, where.cluster))
  if (!found) throw new Error(clusterNotFound(where))
  if (found.status === 'INACTIVE') {
    throw new Error(
      joinSentences(
        `Cluster "${where.cluster}" was deleted (status INACTIVE) in region ${where.region}`,
        'Check the "cluster" input and the region ("aws-region", AWS_REGION), or create the cluster again'
      )
    )
  }
}

/** A name or an ARN (`…:cluster/name`) matches the cluster. */
function sameCluster(cluster: Cluster, ref: string): boolean {
  if (ref.startsWith('arn:')) return cluster.clusterArn === ref
  return cluster.clusterName === ref
}
