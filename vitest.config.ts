import { defineConfig } from 'vitest/config';

// Projects: unit (beside the code, plus contract checks), api (every dialect), cluster (two
// processes on PostgreSQL), e2e (Playwright in Debian Chromium). Unit, API and browser files run
// two at a time (each file owns its databases, its server and its browser); cluster files one at
// a time, after the others (Vitest runs a project of one worker in a group of its own). Browser
// files one at a time had to run alone after the rest: about 100 s more of a CI run. Two workers
// whatever the machine: Vitest's default, cores − 1, is one worker on the 2-core CI machines,
// where API files mostly wait on PostgreSQL, argon2id threads and child processes (a run of
// the API project on both databases used 72 % of one core with two workers).
export default defineConfig({
  test: {
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/contract/**/*.test.ts'] } },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'], globalSetup: ['test/support/ui-build.ts'] } },
      { extends: true, test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'], fileParallelism: false } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.spec.ts'], testTimeout: 60_000, globalSetup: ['test/support/ui-build.ts'] },
      },
    ],
  },
});
