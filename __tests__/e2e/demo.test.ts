/** `npm run demo` is the README's first command: it must keep working. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/runner.js'

describe('npm run demo', () => {
  it('streams the migration, including the late line, and prints outputs and summary', () => {
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 50_000
      }
    )
    expect(run.status, run.stdout + run.stderr).toBe(0)
    const out = run.stdout
    expect(out).toContain('== 20261120090000 CreateOrders: migrating')
    // Ingested 4 s after the container exited, yet printed.
    expect(out).toContain('Migrations complete: 2 applied')
    expect(out).toContain('Step succeeded.')
    expect(out).toMatch(
      /task-arn = arn:aws:ecs:us-east-1:123456789012:task\/production\/[0-9a-f]{32}/
    )
    // Run like the service, with the new image: a new revision of its family.
    expect(out).toContain('Service shop-web runs with')
    expect(out).toContain(
      'task-definition-arn = arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:2'
    )
    expect(out).toContain('task-outputs = {"schema_version":"20261125101500"}')
    expect(out).toContain('### ✅ ECS task succeeded: shop-web · app · `bin/rails db:migrate`')
    expect(out).not.toContain('hunter2')
  })
})
