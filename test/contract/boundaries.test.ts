// The module boundary table of STYLE.md, checked over every import under src/ and web/src/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const DOMAINS = ['accounts', 'factors', 'policies', 'workflows', 'signatures', 'audit', 'mail'];

/** Which top-level src/ areas each area may import. */
const ALLOWED: Record<string, string[]> = {
  platform: ['platform'],
  audit: ['audit', 'platform'],
  mail: ['mail', 'platform'],
  accounts: ['accounts', 'platform', 'audit', 'mail'],
  factors: ['factors', 'platform', 'audit', 'mail', 'accounts'],
  policies: ['policies', 'platform', 'audit', 'accounts', 'factors'],
  signatures: ['signatures', 'platform', 'audit', 'accounts', 'factors'],
  workflows: ['workflows', 'platform', 'audit', 'mail', 'accounts', 'factors', 'policies', 'signatures'],
  http: ['http', 'platform', ...DOMAINS],
  cli: ['cli', 'platform', 'main.ts', ...DOMAINS],
};

/** One library, one owner (STYLE.md rule 3). */
const LIBRARY_OWNERS: Record<string, (file: string) => boolean> = {
  fastify: (f) => f.startsWith('src/http/'),
  '@fastify/': (f) => f.startsWith('src/http/'),
  nodemailer: (f) => f.startsWith('src/mail/transports/'),
  '@simplewebauthn/server': (f) => f.startsWith('src/factors/webauthn/'),
  otplib: (f) => f.startsWith('src/factors/totp/'),
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !/\.(test|spec)\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Module specifiers a file imports; `valuesOnly` skips `import type` (erased at run time). */
const importsOf = (file: string, valuesOnly = false) => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)].filter((m) => !valuesOnly || !/^\s*(import|export) type /.test(m[0])).map((m) => (m[1] ?? m[2])!);

const areaOf = (rel: string) => {
  const [top, second] = rel.split('/');
  return top === 'src' ? (second?.endsWith('.ts') ? second : second!) : top!;
};

describe('module boundaries', () => {
  const files = sources(join(ROOT, 'src')).map((f) => relative(ROOT, f));

  it('lets each area import only what STYLE.md allows', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = areaOf(file);
      if (from === 'main.ts') continue;
      for (const spec of importsOf(join(ROOT, file)).filter((s) => s.startsWith('.'))) {
        const target = relative(ROOT, resolve(dirname(join(ROOT, file)), spec));
        if (target.startsWith('test/')) { violations.push(`${file} imports test code ${spec}`); continue; }
        const to = areaOf(target);
        if (!(ALLOWED[from] ?? []).includes(to)) violations.push(`${file} → ${target}`);
        // Across domains, only through the domain's index.ts.
        if (to !== from && DOMAINS.includes(to) && !target.endsWith(`src/${to}/index.ts`)) violations.push(`${file} reaches into ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps each library inside the one module that owns it', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(join(ROOT, file), true)) {
        for (const [lib, owns] of Object.entries(LIBRARY_OWNERS)) {
          if ((spec === lib || spec.startsWith(lib.endsWith('/') ? lib : `${lib}/`)) && !owns(file)) violations.push(`${file} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps SQL in *.store.ts files and platform/db', () => {
    const sqlish = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|sql`/;
    const offenders = files.filter((f) => !f.endsWith('.store.ts') && !f.startsWith('src/platform/db/') && sqlish.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('lets the web UI import only the HTTP contract from src/', () => {
    const violations: string[] = [];
    for (const file of sources(join(ROOT, 'web/src'))) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = relative(ROOT, resolve(dirname(file), spec));
        if (target.startsWith('src/') && !target.startsWith('src/http/contract/')) violations.push(`${relative(ROOT, file)} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
