import { defineConfig } from 'vitest/config';

// Projects: unit (beside the code, plus contract checks), api (every dialect), cluster (two
// processes on PostgreSQL), e2e (Playwright in Debian Chromium). Files run in parallel across
// two workers; each test file owns its databases.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/contract/**/*.test.ts'] } },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'], globalSetup: ['test/support/ui-build.ts'] } },
      { extends: true, test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'], fileParallelism: false } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.spec.ts'], fileParallelism: false, testTimeout: 60_000, globalSetup: ['test/support/ui-build.ts'] } },
    ],
  },
});
