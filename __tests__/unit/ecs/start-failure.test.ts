import type { Container, Task } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { classifyStartFailure, attemptDecision } from '../../../src/ecs/start-failure.js'
import type { RetryCause } from '../../../src/inputs/parsers.js'

/*
 * Real stopped reasons, verbatim as the sources print them (placeholders and truncations are
 * theirs; the ECS console cuts long reasons). Sources, by tag:
 * [pull]     https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
 * [pull-old] https://github.com/awsdocs/amazon-ecs-developer-guide/blob/master/doc_source/task_cannot_pull_image.md
 * [codes]    https://docs.aws.amazon.com/AmazonECS/latest/userguide/stopped-task-error-codes.html
 * [create]   https://github.com/awsdocs/amazon-ecs-developer-guide/blob/master/doc_source/CannotCreateContainerError.md
 * [api]      https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
 * [stopped]  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html
 * [load]     https://github.com/aws-solutions/distributed-load-testing-on-aws/issues/82
 * [secrets]  https://repost.aws/knowledge-center/ecs-unable-to-pull-secrets
 * [rate]     https://repost.aws/knowledge-center/ecs-pull-container-error-rate-limit
 * [asm-404]  a public project's deployment report, found by code search (its repository unnamed)
 * Otherwise the GitHub issue or pull request given on the row.
 */
const REASONS: { text: string; kind: 'transient' | 'permanent' | 'unknown'; source: string }[] = [
  // Transient: retrying can succeed.
  {
    source: '[pull]',
    kind: 'transient',
    text: 'CannotPullContainerError: API error (500): Get https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection'
  },
  {
    source: '[pull]',
    kind: 'transient',
    text: "The task cannot pull 'image-name' from the Amazon ECR repository 'repository URI'. There is a connection issue between the task and Amazon ECR. Check your task network configuration."
  },
  {
    source: '[pull]',
    kind: 'transient',
    text: 'CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob111111111: no space left on device'
  },
  { source: '[pull]', kind: 'transient', text: 'ERROR: toomanyrequests: Too Many Requests.' },
  {
    source: '[pull]',
    kind: 'transient',
    text: 'You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limits.'
  },
  {
    source: '[rate]',
    kind: 'transient',
    text: 'CannotPullContainerError: inspect image has been retried 5 time(s): httpReaderSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/manifests/sha256:2bb501e6429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit'
  },
  {
    source: '[codes]',
    kind: 'transient',
    text: 'ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 1m: <reason>'
  },
  {
    source: '[codes]',
    kind: 'transient',
    text: 'ResourceInitializationError: failed to initialize logging driver: <reason>'
  },
  {
    source: '[create]',
    kind: 'transient',
    text: 'CannotCreateContainerError: API error (500): devmapper: Thin Pool has 4350 free data blocks which is less than minimum required 4454 free data blocks. Create more free space in thin pool or use dm.min_free_space option to change behavior'
  },
  { source: '[api]', kind: 'transient', text: 'RESOURCE:MEMORY' },
  {
    source: '[secrets]',
    kind: 'transient',
    text: 'ResourceInitializationError: unable to pull secrets or registry auth: pull command failed: : signal: killed'
  },
  {
    source: '[secrets]',
    kind: 'transient',
    text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr..amazonaws.com/": dial tcp …443: i/o timeout. Please check your task network configuration.'
  },
  {
    source: 'https://github.com/doctorray117/minecraft-ondemand/issues/74',
    kind: 'transient',
    text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-2.amazonaws.com/": dial tcp [ANIPADDRESSIDONTWANTTOSHARE]: i/o timeout. Please check your task network configuration.'
  },
  {
    source: 'https://github.com/umotif-public/terraform-aws-ecs-fargate/issues/50',
    kind: 'transient',
    text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadli...'
  },
  {
    source: 'https://github.com/ActionIQ/terraform-aws-retool-ecs-fargate/issues/20',
    kind: 'transient',
    text: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/tryretool/backend:2.110.5: failed to do request: Head "https://registry-1.docker.io/v2/tryretool/backend/manifests/2.110.5": dial tcp 34.205.13.154:443: i/o timeout'
  },
  {
    source: 'https://github.com/docker-archive/compose-cli/issues/911',
    kind: 'transient',
    text: 'CannotPullContainerError: failed to resolve ref "docker.io/docker/ecs-searchdomain-sidecar:1.0": failed to do request: Head https://registry-1.docker.io/v2/docker/ecs-searchdomain-sidecar/manifests/1.0: dial tcp: lookup registry-1.docker.io on 172.31.0...'
  },
  {
    source: 'https://github.com/aws/amazon-ecs-agent/issues/719',
    kind: 'transient',
    text: 'CannotPullContainerError: Could not reach any registry endpoint'
  },
  {
    source: 'https://github.com/aws/amazon-ecs-agent/issues/4825',
    kind: 'transient',
    text: 'Timeout waiting for network interface provisioning to complete.'
  },
  {
    source: 'https://github.com/aws/amazon-ecs-cni-plugins/issues/93',
    kind: 'transient',
    text: 'failed to setup network namespace: cni setup: invoke eni plugin failed: getInterfaceDeviceName engine: unable to get device with hardware address...'
  },
  {
    source: 'https://github.com/sil-org/ecs-deploy/issues/277',
    kind: 'transient',
    text: 'Capacity is unavailable at this time. Please try again later or in a different availability zone'
  },

  // Permanent: the next attempt fails the same way.
  {
    source: '[pull-old]',
    kind: 'permanent',
    text: 'CannotPullContainerError: API error (404): repository 111122223333.dkr.ecr.us-east-1.amazonaws.com/<repo>/<image> not found'
  },
  {
    source: '[pull]',
    kind: 'permanent',
    text: "The task can't pull the image. Check that the role has the permissions to pull images from the registry."
  },
  { source: '[pull]', kind: 'permanent', text: 'pull access denied' },
  {
    source: 'https://github.com/aws/containers-roadmap/issues/2687',
    kind: 'permanent',
    text: 'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 12345678-eu-west-1.amazonaws.com/example-service:example-image:image-tag@sha256:sha digest: not found'
  },
  {
    source: 'https://github.com/RafalWilinski/deploy-with-serverless/issues/11',
    kind: 'permanent',
    text: 'CannotPullContainerError: API error (404): repository serverless-batch not found: does not exist or no pull access'
  },
  {
    source: 'https://github.com/aws/amazon-ecs-agent/issues/422',
    kind: 'permanent',
    text: 'CannotPullContainerError: Tag latest not found in repository docker.io/library/owncloud'
  },
  {
    source: 'https://github.com/CircleCI-Public/circleci-demo-aws-ecs-ecr/issues/4',
    kind: 'permanent',
    text: 'CannotPullContainerError: Error response from daemon: manifest for nginx:0f6b3cdf5e24f0da3dd932acd84fd90e9786a522 not found'
  },
  {
    source: 'https://github.com/aws-actions/amazon-ecs-deploy-task-definition/issues/584',
    kind: 'permanent',
    text: 'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref docker.io/library/sha256:8795397484604bc67cfcda4f4245dd248b172df523ce9778209e735ffe370426: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'
  },
  {
    source: 'https://github.com/aws/containers-roadmap/issues/2493',
    kind: 'permanent',
    text: 'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref .dkr.ecr.us-west-2.amazonaws.com/otel-collector:latest@sha256:863****9ac: unexpected status from HEAD request to https://.dkr.ecr.us-west-2.amazonaws.com/v2/otel-collector/blobs/sha256:863*****9ac: 403 Forbidden'
  },
  {
    source: 'https://github.com/aviswerdlow/relay/issues/71',
    kind: 'permanent',
    text: "CannotPullContainerError: pull image manifest has been retried 7 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'."
  },
  {
    source: 'https://github.com/aws/containers-roadmap/issues/1120',
    kind: 'permanent',
    text: 'CannotPullContainerError: failed to find a descriptor for platform {linux/amd64}'
  },
  {
    // Docker's text on `docker pull`; the EC2 agent reports the daemon's error as is.
    source: 'https://github.com/aws/amazon-vpc-cni-k8s/issues/1117',
    kind: 'permanent',
    text: 'Error response from daemon: Get https://602401143452.dkr.ecr.us-west-2.amazonaws.com/v2/amazon-k8s-cni/manifests/v1.6.3: no basic auth credentials'
  },
  {
    // CodeBuild's wording of the same Docker error.
    source: 'https://github.com/aws-samples/amazon-ecs-java-microservices/issues/6',
    kind: 'permanent',
    text: "Unable to pull customer's container image. ErrorCode: 500, Reason: invalid reference format."
  },
  {
    source: 'https://github.com/aws-samples/dify-self-hosted-on-aws/pull/35',
    kind: 'permanent',
    text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret from secrets manager: AccessDeniedException: User: arn:aws:sts::redact:assumed-role/DifyOnAwsStack-WebServiceTaskExecutionRole4406CA16-redact is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret because no identity-based policy allows the secretsmanager:GetSecretValue action status code: 400, '
  },
  {
    source: '[asm-404]',
    kind: 'permanent',
    text: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:ap-southeast-2:220711411889:secret:ohmycoins-prod-app-secrets-i464n3 from secrets manager: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: 047440d4-e3fb-4209-af2d-d60c94cd45f0, ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"
  },
  {
    source: 'https://github.com/HHS/simpler-grants-gov/pull/4330',
    kind: 'permanent',
    text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /api//new-relic-license-key'
  },
  {
    source: '[secrets]',
    kind: 'permanent',
    text: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:<region>:<accountID>:secret:<secretName> from secrets manager: InvalidParameter: 1 validation error(s) found. – (minimum field size of 32/ maximum field size of 64), GetSecretValueInput.VersionId.'
  },
  {
    source: 'https://github.com/cn-terraform/terraform-aws-nexus/issues/35',
    kind: 'permanent',
    text: 'CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist'
  },
  {
    source: 'https://github.com/saebyn/glowing-telegram/issues/398',
    kind: 'permanent',
    text: 'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "019552fb-18b7-72c3-8935-313f6668bb0b": executable file not found in $PATH: unknown'
  },
  {
    source: 'https://github.com/jenkinsci/amazon-ecs-plugin/issues/258',
    kind: 'permanent',
    text: 'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim: OCI runtime create failed: container_linux.go:380: starting container process caused: exec: "-url": executable file not found in'
  },
  {
    source: 'https://github.com/aws/amazon-ecs-agent/issues/2954',
    kind: 'permanent',
    text: 'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: OCI runtime create failed: container_linux.go:370: starting container process caused: exec: "/opt/sonarqube/bin/run.sh": stat /opt/sonarqube/bin/run.sh...no such file or direct...'
  },

  // Unknown: no rule says which (attemptDecision retries these, see below).
  {
    source: '[pull]',
    kind: 'unknown',
    text: 'ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code'
  },
  {
    source: '[pull]',
    kind: 'unknown',
    text: 'pull command failed: panic: runtime error: invalid memory address or nil pointer dereference'
  },
  {
    source: '[codes]',
    kind: 'unknown',
    text: 'CannotStartContainerError: failed to get container status: <reason>'
  },
  {
    source: 'https://github.com/aws/amazon-ecs-agent/issues/3526',
    kind: 'unknown',
    text: 'Cannotstartcontainererror: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error creating device nodes: mknod /run/containerd/io.containerd.runtime.v2.task/fargate.task/962011037cd2435a9aa5f40392d82936-2949673445/rootfs/dev/null: errno 524: unknown'
  },
  {
    source: 'https://github.com/aws/amazon-ecs-agent/issues/1654',
    kind: 'unknown',
    text: 'Task failed to start'
  }
]

describe('classifyStartFailure', () => {
  it.each(REASONS)('$kind: $text', ({ text, kind }) => {
    expect(classifyStartFailure(text)).toBe(kind)
  })

  it('permanent wins when the texts of a task disagree', () => {
    const texts = [
      'Timeout waiting for network interface provisioning to complete.',
      'CannotPullContainerError: Tag latest not found in repository docker.io/library/owncloud'
    ]
    expect(classifyStartFailure(texts.join('\n'))).toBe('permanent')
  })
})

const BOTH: RetryCause[] = ['start-failure', 'spot-interruption']

function failedToStart(stoppedReason: string, containers: Container[] = [{ name: 'app' }]): Task {
  return {
    lastStatus: 'STOPPED',
    stopCode: 'TaskFailedToStart',
    stoppedReason,
    containers: containers.map((c) => ({ lastStatus: 'STOPPED', ...c }))
  }
}

describe('attemptDecision: start-failure', () => {
  it('retries a transient cause and names it', () => {
    const task = failedToStart('Timeout waiting for network interface provisioning to complete.')
    expect(attemptDecision(task, ['start-failure'])).toEqual({
      cause: 'start-failure',
      why: 'the network interface was not ready in time (transient)'
    })
  })

  it('does not retry a permanent cause', () => {
    // From https://github.com/HHS/simpler-grants-gov/pull/4330 (stopCode TaskFailedToStart).
    const task = failedToStart(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /api//new-relic-license-key'
    )
    expect(attemptDecision(task, BOTH)).toEqual({
      why: 'a secret or parameter does not exist (permanent)'
    })
  })

  it("reads the containers' reasons too: a permanent one outweighs a transient task reason", () => {
    const task = failedToStart('ResourceInitializationError: failed to initialize logging driver', [
      {
        name: 'app',
        reason:
          "CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/amd64'."
      },
      { name: 'sidecar', reason: 'ERROR: toomanyrequests: Too Many Requests.' }
    ])
    expect(attemptDecision(task, BOTH)).toEqual({
      why: 'the image has no variant for the task platform (permanent)'
    })
  })

  it('finds the cause in a container reason when the task gives only a generic one', () => {
    const task = failedToStart('Task failed to start', [
      { name: 'app', reason: 'CannotPullContainerError: Could not reach any registry endpoint' }
    ])
    expect(attemptDecision(task, BOTH)).toEqual({
      cause: 'start-failure',
      why: 'a network connection failed (transient)'
    })
  })

  it('retries an unknown cause, since no container ran', () => {
    expect(attemptDecision(failedToStart('Task failed to start'), BOTH)).toEqual({
      cause: 'start-failure',
      why: 'failed to start for an unrecognized reason; no container ran'
    })
  })

  it('retries a start failure without any reason text', () => {
    const task: Task = { lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' }
    expect(attemptDecision(task, BOTH).cause).toBe('start-failure')
  })

  it.each([
    {
      name: 'an init container exited 0 before the main one failed',
      containers: [
        { name: 'migrate', exitCode: 0 },
        { name: 'app', reason: 'CannotPullContainerError: Could not reach any registry endpoint' }
      ],
      why: 'failed to start, but container migrate ran (exit code 0), so code may have run'
    },
    {
      name: 'a non-essential container exited with an error',
      containers: [{ name: 'app' }, { name: 'sidecar', exitCode: 137 }],
      why: 'failed to start, but container sidecar ran (exit code 137), so code may have run'
    },
    {
      name: 'a container is still reported RUNNING',
      containers: [{ name: 'app' }, { name: 'proxy', lastStatus: 'RUNNING' }],
      why: 'failed to start, but container proxy was running, so code may have run'
    }
  ])('does not retry when $name', ({ containers, why }) => {
    const task = failedToStart(
      'Timeout waiting for network interface provisioning to complete.',
      containers
    )
    expect(attemptDecision(task, BOTH)).toEqual({ why })
  })

  it('does not retry a task that reached RUNNING', () => {
    const task = { ...failedToStart('Task failed to start'), startedAt: new Date(0) }
    expect(attemptDecision(task, BOTH)).toEqual({
      why: 'failed to start, but the task reached RUNNING, so code may have run'
    })
  })

  it('does not retry when retry-on leaves start-failure out', () => {
    const task = failedToStart('Timeout waiting for network interface provisioning to complete.')
    expect(attemptDecision(task, ['spot-interruption'])).toEqual({
      why: 'failed to start, and retry-on does not include start-failure'
    })
    expect(attemptDecision(task, []).cause).toBeUndefined()
  })
})

describe('attemptDecision: spot-interruption', () => {
  // The reason from https://github.com/reproio/wrapbox/pull/53, where the container had run.
  const interrupted: Task = {
    lastStatus: 'STOPPED',
    stopCode: 'SpotInterruption',
    stoppedReason: 'Your Spot Task was interrupted.',
    startedAt: new Date(0),
    containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 2 }]
  }

  it('retries even though the containers ran', () => {
    expect(attemptDecision(interrupted, ['spot-interruption'])).toEqual({
      cause: 'spot-interruption',
      why: 'the Spot capacity was reclaimed'
    })
  })

  it('does not retry when retry-on leaves spot-interruption out', () => {
    expect(attemptDecision(interrupted, ['start-failure'])).toEqual({
      why: 'Spot interruption, and retry-on does not include spot-interruption'
    })
  })
})

describe('attemptDecision: other stops', () => {
  // Reasons from [stopped], 'Task stopped by user' from [load]; the stop code alone decides.
  it.each([
    {
      stopCode: 'EssentialContainerExited',
      exitCode: 0,
      reason: 'Essential container in task exited'
    },
    {
      stopCode: 'EssentialContainerExited',
      exitCode: 1,
      reason: 'Essential container in task exited'
    },
    { stopCode: 'UserInitiated', exitCode: 143, reason: 'Task stopped by user' },
    {
      stopCode: 'ServiceSchedulerInitiated',
      exitCode: 0,
      reason: 'Scaling activity initiated by (deployment ecs-svc/1)'
    },
    { stopCode: 'InfrastructureHealth', exitCode: 143, reason: undefined },
    {
      stopCode: 'TerminationNotice',
      exitCode: 143,
      reason: 'Host EC2 (instance i-0123) stopped/terminated'
    }
  ] as const)('$stopCode (exit $exitCode) is never retried', ({ stopCode, exitCode, reason }) => {
    const task: Task = {
      lastStatus: 'STOPPED',
      stopCode,
      stoppedReason: reason,
      containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode }]
    }
    expect(attemptDecision(task, BOTH)).toEqual({
      why: `stopped with ${stopCode}: neither a start failure nor a Spot interruption`
    })
  })

  it('never retries a task without a stop code', () => {
    expect(attemptDecision({ lastStatus: 'STOPPED' }, BOTH).cause).toBeUndefined()
  })

  it('never retries a task that has not stopped', () => {
    const task: Task = { ...failedToStart('Task failed to start'), lastStatus: 'DEPROVISIONING' }
    expect(attemptDecision(task, BOTH)).toEqual({ why: 'the task is DEPROVISIONING, not STOPPED' })
  })
})
