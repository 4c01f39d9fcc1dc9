import type { KnipConfig } from 'knip';

// Knip (npm run knip, part of npm test): unused files, exports, types and dependencies.
// Its Vite, Vitest and ESLint plugins read vite.config.ts (web/index.html → web/src/main.tsx),
// vitest.config.ts (every project's include patterns and test/support/ui-build.ts) and
// eslint.config.js; the bench scripts and bin/signoff.mjs come from package.json's scripts and bin.
export default {
  // Exports of the entry files too (src/main.ts is a module the CLI and the tests import).
  includeEntryExports: true,
  entry: [
    // The composition root: the CLI commands, the cluster tests and test/support build it.
    'src/main.ts',
    // Run by .ci/run, a bash script knip does not read.
    '.ci/*.mjs',
    // Imported by bin/signoff.mjs through a computed URL (bin/entry-point.mjs: the build or the sources).
    'src/cli/main.ts',
    // Piscina's worker, named by a URL knip cannot follow (src/signatures/report/pool.ts).
    'src/signatures/report/render-worker.ts',
    // The WAL checkpointer's worker thread, named by a URL too (src/platform/db/wal-checkpointer.ts).
    'src/platform/db/wal-checkpoint-worker.ts',
  ],
  // Types of bin/entry-point.mjs for the TypeScript that imports it (its test).
  ignore: ['bin/*.d.mts'],
  project: ['src/**/*.ts', 'bin/*.mjs', 'bench/**/*.ts', 'test/**/*.ts', 'web/src/**/*.{ts,tsx}', '.ci/*.mjs', '*.{js,ts}'],
  // Command-line tools the tests run to check output independently (installed by .ci/run from Debian).
  ignoreBinaries: ['oathtool', 'rsvg-convert', 'zbarimg', 'pdftotext', 'pdfinfo', 'pdffonts', 'pdfdetach', 'pdftoppm'],
  ignoreDependencies: [
    // Font files, found with require.resolve(pkg) on a variable (src/signatures/report/fonts.ts).
    '@embedpdf/fonts-latin',
    '@embedpdf/fonts-sc',
    // Resolved by path and run in a child process (test/support/smtp-server.ts).
    'smtp-server',
  ],
  ignoreIssues: {
    // Its default export is what Piscina calls.
    'src/signatures/report/render-worker.ts': ['exports'],
    // Each migration's up/down reach Kysely through the namespace objects of src/platform/db/migrate.ts.
    'src/platform/db/migrations/*.ts': ['exports'],
  },
} satisfies KnipConfig;
