// The API and browser suites serve the built UI from dist/web. `npm test` builds it first;
// a single test file run on its own builds it here when it is missing or older than web/,
// instead of failing later with pages that are not there (vitest globalSetup).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INDEX = join(ROOT, 'dist/web/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export const isUiBuilt = (): boolean => existsSync(INDEX) && newestMtime(join(ROOT, 'web')) <= statSync(INDEX).mtimeMs;

export default function buildUiIfStale(): void {
  if (isUiBuilt()) return;
  console.log('dist/web is missing or older than web/: building the UI (npx vite build)');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
