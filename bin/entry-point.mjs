// Which form of the CLI runs: the JavaScript that `npm run build:server` compiled into build/
// (tsconfig.server.json), when it is newer than every source file, otherwise the TypeScript in
// src/ through Node's type stripping. The build holds 17 MiB less resident memory (Node loads no
// TypeScript stripper for it); falling back on any newer source means an out-of-date build never
// runs. Plain JavaScript itself, so choosing loads nothing that needs stripping.
import { readdirSync, statSync } from 'node:fs';

/** The build's completion stamp, written after the compiler finished (package.json build:server). */
export const BUILD_STAMP = 'build/.built';

/** The URL of the CLI module to import, for the checkout at `root` (a directory URL). */
export function entryPoint(root) {
  const source = new URL('src/cli/main.ts', root).href;
  let builtAt;
  try {
    builtAt = statSync(new URL(BUILD_STAMP, root)).mtimeMs;
  } catch {
    return source;
  }
  return newestSource(new URL('src/', root)) < builtAt ? new URL('build/cli/main.js', root).href : source;
}

/** The newest modification time of the sources under `dir` (tests excluded: the build leaves them out). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}
