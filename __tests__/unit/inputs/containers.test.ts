import { describe, expect, it } from 'vitest'
import { checkContainerNames } from '../../../src/inputs/containers.js'
import { Problems } from '../../../src/inputs/problems.js'

const NAMES = ['log-router', 'app', 'worker']

function problems(choices: Parameters<typeof checkContainerNames>[2]): string[] {
  const p = new Problems()
  checkContainerNames(NAMES, 'app:7', choices, p)
  return p.lines
}

describe('checkContainerNames', () => {
  it('accepts names of the task definition', () => {
    expect(
      problems({
        container: 'app',
        logContainers: ['app', 'worker'],
        images: [{ container: 'worker', image: 'img:1' }, { image: 'img:2' }],
        overrides: { containerOverrides: [{ name: 'log-router' }] }
      })
    ).toEqual([])
  })

  it('names every input with an unknown container and lists the real ones', () => {
    const accepted = 'a container of app:7: "log-router", "app" or "worker"'
    expect(
      problems({
        container: 'web',
        logContainers: ['app', 'db'],
        images: [{ container: 'api', image: 'img:1' }],
        overrides: { containerOverrides: [{ name: 'cron' }] }
      })
    ).toEqual([
      `Input "container" must be ${accepted}, got "web".`,
      `Input "log-containers" must be ${accepted}, got "db".`,
      `Input "image" must be ${accepted}, got "api".`,
      `Input "overrides": overrides.containerOverrides[0].name must be ${accepted}, got "cron".`
    ])
  })
})
