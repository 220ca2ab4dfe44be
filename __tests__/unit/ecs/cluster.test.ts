import {
  AccessDeniedException,
  DescribeClustersCommand,
  ECSClient,
  ECSServiceException
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CallBudget } from '../../../src/aws/retry-transient.js'
import { checkCluster, clusterNotFound } from '../../../src/ecs/cluster.js'
import { FakeClock } from '../../support/clocks.js'

const ecsMock = mockClient(ECSClient)
const ecs = new ECSClient({ region: 'eu-west-1' })
const ARN = 'arn:aws:ecs:eu-west-1:123456789012:cluster/production'
const where = { cluster: 'production', region: 'eu-west-1' }
const meta = { $metadata: { httpStatusCode: 400 } }

function budget(clock = new FakeClock(), deadline = 60_000): CallBudget {
  return { clock, deadline, log: vi.fn(), random: () => 0.5 }
}

beforeEach(() => {
  ecsMock.reset()
})

describe('checkCluster', () => {
  it.each([
    { name: 'by name', cluster: 'production' },
    { name: 'by ARN', cluster: ARN }
  ])('passes for an active cluster named $name', async ({ cluster }) => {
    ecsMock
      .on(DescribeClustersCommand, { clusters: [cluster] })
      .resolves({ clusters: [{ clusterName: 'production', clusterArn: ARN, status: 'ACTIVE' }] })
    await expect(checkCluster(ecs, { ...where, cluster }, budget(), vi.fn())).resolves.toBe(
      undefined
    )
    expect(ecsMock.commandCalls(DescribeClustersCommand)).toHaveLength(1)
  })

  it('fails for a cluster ECS does not know, naming it and the region', async () => {
    ecsMock.on(DescribeClustersCommand).resolves({
      clusters: [],
      failures: [{ arn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prodution', reason: 'MISSING' }]
    })
    await expect(
      checkCluster(ecs, { ...where, cluster: 'prodution' }, budget(), vi.fn())
    ).rejects.toThrow(
      'Cluster "prodution" was not found in region eu-west-1. Check the "cluster" input and the ' +
        'region ("aws-region", AWS_REGION).'
    )
  })

  it('fails for a deleted cluster, saying so', async () => {
    ecsMock
      .on(DescribeClustersCommand)
      .resolves({ clusters: [{ clusterName: 'production', clusterArn: ARN, status: 'INACTIVE' }] })
    await expect(checkCluster(ecs, where, budget(), vi.fn())).rejects.toThrow(
      'Cluster "production" was deleted (status INACTIVE) in region eu-west-1.'
    )
  })

  it('does not take a cluster of the same name for the ARN of another account', async () => {
    ecsMock.on(DescribeClustersCommand).resolves({
      clusters: [{ clusterName: 'production', clusterArn: ARN, status: 'ACTIVE' }]
    })
    const other = 'arn:aws:ecs:eu-west-1:999999999999:cluster/production'
    await expect(
      checkCluster(ecs, { ...where, cluster: other }, budget(), vi.fn())
    ).rejects.toThrow(`Cluster "${other}" was not found`)
  })

  it('skips the check, saying so in a debug line, for a role without ecs:DescribeClusters', async () => {
    ecsMock
      .on(DescribeClustersCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', ...meta }))
    const debug = vi.fn()
    await expect(checkCluster(ecs, where, budget(), debug)).resolves.toBe(undefined)
    expect(debug).toHaveBeenCalledWith(
      expect.stringContaining('Cluster "production" not checked before the task is prepared')
    )
  })

  it('retries throttling within the budget, with a line for each retry', async () => {
    const throttled = new ECSServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      message: 'Rate exceeded',
      ...meta
    })
    ecsMock
      .on(DescribeClustersCommand)
      .rejectsOnce(throttled)
      .resolves({ clusters: [{ clusterName: 'production', clusterArn: ARN, status: 'ACTIVE' }] })
    const b = budget()
    await expect(checkCluster(ecs, where, b, vi.fn())).resolves.toBe(undefined)
    expect(ecsMock.commandCalls(DescribeClustersCommand)).toHaveLength(2)
    expect(b.log).toHaveBeenCalledWith(
      'DescribeClusters: throttled (ThrottlingException); retry 1 in 0.5 s'
    )
  })
})

describe('clusterNotFound', () => {
  it('quotes what AWS said when there is a detail', () => {
    expect(clusterNotFound(where, 'ClusterNotFoundException: Cluster not found.')).toBe(
      'Cluster "production" was not found in region eu-west-1: ClusterNotFoundException: ' +
        'Cluster not found. Check the "cluster" input and the region ("aws-region", AWS_REGION).'
    )
  })
})
