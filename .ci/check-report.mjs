// Reads Vitest's JSON report: prints the totals and fails when a suite CI depends on did not
// actually run (PostgreSQL API tests, the two-instance cluster tests, the browser suite).
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const tests = report.testResults.flatMap((file) => file.assertionResults.map((t) => ({ ...t, file: file.name })));
const passed = (pred) => tests.filter((t) => t.status === 'passed' && pred(t)).length;

const suites = {
  postgres: passed((t) => (t.ancestorTitles[0] ?? '').startsWith('postgres')),
  cluster: passed((t) => t.file.includes('/test/cluster/')),
  browser: passed((t) => t.file.includes('/test/e2e/')),
};
const failed = tests.filter((t) => t.status === 'failed').length;
const skipped = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed').length;

console.log(`suites: postgres ${suites.postgres} passed, cluster ${suites.cluster} passed, browser ${suites.browser} passed`);
console.log(`tests: ${tests.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
const missing = Object.entries(suites)
  .filter(([, n]) => n === 0)
  .map(([name]) => name);
if (missing.length > 0) {
  console.error(`CI needs these suites to run and pass, and they did not: ${missing.join(', ')}`);
  process.exit(1);
}
if (failed > 0 || !report.success) process.exit(1);
