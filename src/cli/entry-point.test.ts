// bin/entry-point.mjs: the compiled build runs only while no source is newer than it.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, entryPoint } from '../../bin/entry-point.mjs';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A checkout with two sources (one nested) written at t = 100 s. */
function checkout() {
  const root = mkdtempSync(join(tmpdir(), 'signoff-entry-'));
  roots.push(root);
  mkdirSync(join(root, 'src/cli'), { recursive: true });
  const write = (path: string, at: number) => {
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), at, at);
  };
  write('src/cli/main.ts', 100);
  write('src/cli/other.ts', 100);
  const url = pathToFileURL(`${root}/`);
  return { root, write, url, source: new URL('src/cli/main.ts', url).href, build: new URL('build/cli/main.js', url).href };
}

describe('the CLI entry point', () => {
  it('runs the TypeScript sources when nothing was built', () => {
    const c = checkout();
    expect(entryPoint(c.url)).toBe(c.source);
  });

  it('runs the build once it is newer than every source, and the sources again as soon as one changes', () => {
    const c = checkout();
    mkdirSync(join(c.root, 'build/cli'), { recursive: true });
    c.write(BUILD_STAMP, 200);
    expect(entryPoint(c.url)).toBe(c.build);
    // A test file is not part of the build: editing one keeps it.
    c.write('src/cli/other.test.ts', 300);
    expect(entryPoint(c.url)).toBe(c.build);
    c.write('src/cli/other.ts', 300);
    expect(entryPoint(c.url)).toBe(c.source);
  });
});
