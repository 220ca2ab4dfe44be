import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    environment: 'node',
    // Says which Node the end-to-end tests start dist/ on (__tests__/support/runner.ts, actionNode).
    globalSetup: ['__tests__/support/runtime-notice.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // The end-to-end tests mostly wait on the tasks' emulated timelines, not on the CPU: six
    // files at once keep `npm test` under two minutes on two cores.
    maxWorkers: 6,
    unstubEnvs: true,
    restoreMocks: true,
    // This machine runs Node 20; the SDK's notice about Node 22 would bury the test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // The JSON report lets .ci/run print the "N passed, N failed" line CI reads.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' }
  }
})
