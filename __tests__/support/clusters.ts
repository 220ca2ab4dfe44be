import { DescribeClustersCommand } from '@aws-sdk/client-ecs'
import type { AwsClientStub } from 'aws-sdk-client-mock'
import type { ECSClient, Cluster } from '@aws-sdk/client-ecs'

/** DescribeClusters answers every cluster asked for as ACTIVE (names and ARNs alike). */
export function everyClusterActive(ecsMock: AwsClientStub<ECSClient>): void {
  ecsMock.on(DescribeClustersCommand).callsFake((input: { clusters?: string[] }) => ({
    clusters: (input.clusters ?? ['default']).map((ref): Cluster => ({
      clusterName: ref.split('/').pop() ?? ref,
      clusterArn: ref.startsWith('arn:')
        ? ref
        : `arn:aws:ecs:us-east-1:123456789012:cluster/${ref}`,
      status: 'ACTIVE'
    })),
    failures: []
  }))
}
