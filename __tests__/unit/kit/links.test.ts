import { describe, expect, it } from 'vitest'
import { clusterName, runUrl, taskConsoleUrl, taskId } from '../../../src/kit/links.js'

describe('runUrl', () => {
  const run = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' }

  it('is built from GITHUB_SERVER_URL (GitHub Enterprise Server)', () => {
    expect(runUrl({ ...run, GITHUB_SERVER_URL: 'https://ghe.example.com' })).toBe(
      'https://ghe.example.com/acme/shop/actions/runs/42/attempts/2'
    )
  })

  it('falls back to github.com when GITHUB_SERVER_URL is unset or empty', () => {
    const expected = 'https://github.com/acme/shop/actions/runs/42/attempts/2'
    expect(runUrl(run)).toBe(expected)
    expect(runUrl({ ...run, GITHUB_SERVER_URL: '' })).toBe(expected)
  })

  it('is undefined outside a workflow run', () => {
    expect(runUrl({ GITHUB_SERVER_URL: 'https://ghe.example.com' })).toBeUndefined()
  })
})

describe('ARN pieces and console links', () => {
  const task = 'arn:aws:ecs:eu-west-1:123456789012:task/production/3e4014e722e043c5'

  it('takes the name from a cluster ARN and leaves a name as it is', () => {
    expect(clusterName('arn:aws:ecs:eu-west-1:123456789012:cluster/production')).toBe('production')
    expect(clusterName('production')).toBe('production')
    expect(taskId(task)).toBe('3e4014e722e043c5')
  })

  it('links a task in the ECS console by its cluster name and id', () => {
    const cluster = 'arn:aws:ecs:eu-west-1:123456789012:cluster/production'
    expect(taskConsoleUrl('eu-west-1', cluster, task)).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/production/tasks/' +
        '3e4014e722e043c5/configuration?region=eu-west-1'
    )
  })
})
