// The module boundary table of docs/architecture.md, checked over every import under src/ and web/src/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const DOMAINS = ['accounts', 'settings', 'factors', 'policies', 'workflows', 'signatures', 'audit', 'mail', 'evidence'];

/**
 * The second-factor method names (src/http/contract/methods.ts, which imports nothing):
 * declared once in the HTTP contract, read by the domains, the settings and the web app alike.
 */
const SHARED_CONTRACT_CONSTANTS = 'src/http/contract/methods.ts';

/** The offline verifier the CLI and the Verify evidence page share (WebCrypto only, no imports). */
const WEB_SHARED_VERIFIER = 'src/evidence/verify-bundle.ts';

/** Which top-level src/ areas each area may import. */
const ALLOWED: Record<string, string[]> = {
  platform: ['platform'],
  audit: ['audit', 'platform'],
  mail: ['mail', 'platform'],
  accounts: ['accounts', 'platform', 'audit', 'mail'],
  // Organisation settings and scopes: below factors and policies, so both read them without a cycle.
  settings: ['settings', 'platform', 'accounts'],
  factors: ['factors', 'platform', 'audit', 'mail', 'accounts'],
  policies: ['policies', 'platform', 'audit', 'accounts', 'settings', 'factors'],
  signatures: ['signatures', 'platform', 'audit', 'accounts', 'factors'],
  workflows: ['workflows', 'platform', 'audit', 'mail', 'accounts', 'settings', 'factors', 'policies', 'signatures'],
  // Evidence reads every record an auditor checks and signs it; nothing below depends on it.
  evidence: ['evidence', 'platform', 'audit', 'mail', 'accounts', 'settings', 'factors', 'policies', 'signatures', 'workflows'],
  http: ['http', 'platform', ...DOMAINS],
  cli: ['cli', 'platform', 'main.ts', ...DOMAINS],
};

/**
 * One library, one owner (docs/architecture.md, rule 3): a library may be imported only by
 * the module that owns it. Every runtime dependency of package.json is listed here or in
 * SHARED_LIBRARIES, so a new one needs an owner before it lands.
 */
const LIBRARY_OWNERS: Record<string, (file: string) => boolean> = {
  fastify: (f) => f.startsWith('src/http/'),
  '@fastify/': (f) => f.startsWith('src/http/'),
  nodemailer: (f) => f.startsWith('src/mail/transports/'),
  '@simplewebauthn/server': (f) => f.startsWith('src/factors/webauthn/'),
  otplib: (f) => f.startsWith('src/factors/totp/'),
  // The authenticator app's enrollment QR code.
  qrcode: (f) => f.startsWith('src/factors/totp/'),
  // The signature report's layout, fonts and worker thread.
  pdfkit: (f) => f.startsWith('src/signatures/report/'),
  fontkit: (f) => f.startsWith('src/signatures/report/'),
  piscina: (f) => f.startsWith('src/signatures/report/'),
  '@embedpdf/': (f) => f.startsWith('src/signatures/report/'),
  // User-Agent strings in words ("Chrome on macOS") for security notices.
  bowser: (f) => f === 'src/platform/describe-user-agent.ts',
  // The database drivers and the query builder: connections in platform/db, queries in *.store.ts.
  pg: (f) => f.startsWith('src/platform/db/'),
  'better-sqlite3': (f) => f.startsWith('src/platform/db/'),
  kysely: (f) => f.startsWith('src/platform/db/') || f.endsWith('.store.ts'),
  // Password hashing and the password-strength estimate.
  '@node-rs/argon2': (f) => f === 'src/platform/crypto/password.ts',
  '@zxcvbn-ts/': (f) => f === 'src/accounts/password-policy.ts',
  // Single sign-on: the OpenID Connect client, and the issuer guard's checked connections.
  'openid-client': (f) => f === 'src/policies/sso/oidc-client.ts',
  undici: (f) => f === 'src/policies/sso/issuer-guard.ts',
  'ipaddr.js': (f) => f === 'src/policies/sso/issuer-guard.ts',
  // Metrics: the registry in platform, served by the loopback metrics listener.
  'prom-client': (f) => f === 'src/platform/metrics.ts' || f === 'src/http/metrics-server.ts',
  // The logger (created in main.ts, handed to Fastify and the background jobs).
  pino: (f) => f === 'src/platform/log.ts',
  // The web app's line diff of two text versions.
  diff: (f) => f.startsWith('web/src/features/items/'),
};

/** Libraries every module may use: schemas (zod) are the language of contracts and settings. */
const SHARED_LIBRARIES = ['zod'];

/** The domain that owns each table of src/platform/db/tables.ts (docs/architecture.md: a store touches only its own domain's tables). */
const TABLE_OWNERS: Record<string, string> = {
  ...owns('accounts', 'organizations', 'instance_setup', 'users', 'groups', 'group_members', 'sessions', 'password_tokens'),
  ...owns('factors', 'factors', 'backup_codes', 'challenges', 'trusted_devices', 'two_factor_enrollments', 'two_factor_reset_requests'),
  ...owns('policies', 'enrollment_reminders', 'sso_flows', 'sso_identities'),
  ...owns('audit', 'audit_heads', 'audit_entries'),
  ...owns('mail', 'mail_outbox', 'mail_bodies'),
  ...owns('platform', 'attempt_counters'),
  ...owns(
    'workflows',
    'workflows',
    'workflow_versions',
    'uploads',
    'items',
    'item_rounds',
    'tasks',
    'votes',
    'item_events',
    'guest_invites',
    'guest_sessions',
    'item_comments',
  ),
  ...owns('workflows', 'item_versions', 'delegations'),
  ...owns('signatures', 'signatures'),
  ...owns('evidence', 'signing_keys', 'audit_checkpoints'),
};
function owns(domain: string, ...tables: string[]): Record<string, string> {
  return Object.fromEntries(tables.map((t) => [t, domain]));
}

/**
 * Reads of another domain's table that a store may keep: joins for display only, never a
 * lookup that decides something (that goes through the owner's index.ts). Keyed by store file.
 */
const DISPLAY_JOINS: Record<string, string[]> = {
  // Task list and item list show the submitter's name and email.
  'src/workflows/items.store.ts': ['users'],
};

const WRITES = ['insertInto', 'updateTable', 'deleteFrom'];
const READS = ['selectFrom', 'innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin'];

/** Every query builder call on a table in a file: the method and the table ('x as y' → x), or the raw argument when it is not a literal. */
/**
 * The tables a source file's queries name. A derived table (`selectFrom(query.as('alias'))`, a
 * query of the same file whose own calls are checked where it is built) names none: skipped.
 */
function tablesUsed(source: string): { method: string; table: string | undefined; arg: string }[] {
  return [...source.matchAll(new RegExp(`\\.(${[...WRITES, ...READS].join('|')})\\(\\s*([^,)]*)`, 'g'))]
    .filter((m) => !(m[1] === 'selectFrom' && /^[A-Za-z_$][\w$]*\.as\(['"][a-z_]+['"]$/.test(m[2]!.trim())))
    .map((m) => {
      const literal = /^['"]([a-z_]+)(?:\s+as\s+\w+)?['"]$/.exec(m[2]!.trim());
      return { method: m[1]!, table: literal?.[1], arg: m[2]!.trim() };
    });
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    // Tests and their helpers (*.test-support.ts, left out of the build too) are not the code under these rules.
    return /\.tsx?$/.test(f) && !/\.(test|spec|test-support)\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Module specifiers a file imports; `valuesOnly` skips `import type` (erased at run time). */
const importsOf = (file: string, valuesOnly = false) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)]
    .filter((m) => !valuesOnly || !/^\s*(import|export) type /.test(m[0]))
    .map((m) => (m[1] ?? m[2])!);

const areaOf = (rel: string) => {
  const [top, second] = rel.split('/');
  return top === 'src' ? (second?.endsWith('.ts') ? second : second!) : top!;
};

/** Every relative import (static, type-only, re-export or dynamic) of each file, resolved to a path under src/. */
function importGraph(files: string[]): Map<string, string[]> {
  const anyImport = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  return new Map(
    files.map((file) => {
      const targets = [...readFileSync(join(ROOT, file), 'utf8').matchAll(anyImport)]
        .map((m) => (m[1] ?? m[2] ?? m[3])!)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(ROOT, resolve(dirname(join(ROOT, file)), spec)));
      return [file, [...new Set(targets)].filter((t) => files.includes(t)).sort()];
    }),
  );
}

/** Tarjan's strongly connected components with more than one file, or a file importing itself: each holds a cycle. */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    onStack = new Set<string>(),
    found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** One cycle through the component, as `a → b → … → a`, for the failure message. */
function describeCycle(graph: Map<string, string[]>, component: string[]): string {
  const inside = new Set(component);
  const start = component[0]!;
  // Breadth-first from start back to start, inside the component: the shortest cycle through it.
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v)!.filter((x) => inside.has(x))) {
      if (w === start) {
        const path = [start];
        for (let at: string | undefined = v; at !== undefined && at !== start; at = cameFrom.get(at)) path.splice(1, 0, at);
        return [...path, start].join(' → ');
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return component.join(', ');
}

describe('module boundaries', () => {
  const files = sources(join(ROOT, 'src')).map((f) => relative(ROOT, f));

  it('lets each area import only what docs/architecture.md allows', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = areaOf(file);
      if (from === 'main.ts') continue;
      for (const spec of importsOf(join(ROOT, file)).filter((s) => s.startsWith('.'))) {
        const target = relative(ROOT, resolve(dirname(join(ROOT, file)), spec));
        if (target.startsWith('test/')) {
          violations.push(`${file} imports test code ${spec}`);
          continue;
        }
        if (target === SHARED_CONTRACT_CONSTANTS) continue;
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
    for (const file of [...files, ...sources(join(ROOT, 'web/src')).map((f) => relative(ROOT, f))]) {
      for (const spec of importsOf(join(ROOT, file), true)) {
        for (const [lib, owns] of Object.entries(LIBRARY_OWNERS)) {
          if ((spec === lib || spec.startsWith(lib.endsWith('/') ? lib : `${lib}/`)) && !owns(file)) violations.push(`${file} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('names an owner for every runtime dependency of package.json', () => {
    const deps = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    const owned = (dep: string) =>
      SHARED_LIBRARIES.includes(dep) || Object.keys(LIBRARY_OWNERS).some((lib) => dep === lib || (lib.endsWith('/') && dep.startsWith(lib)));
    expect(deps.filter((d) => !owned(d))).toEqual([]);
  });

  it('has no import cycle under src/ (type-only and dynamic imports included)', () => {
    const graph = importGraph(files);
    const cycles = stronglyConnected(graph).map((component) => describeCycle(graph, component));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('keeps SQL in *.store.ts files and platform/db', () => {
    const sqlish = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|sql`/;
    const offenders = files.filter((f) => !f.endsWith('.store.ts') && !f.startsWith('src/platform/db/') && sqlish.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('names the owning domain of every table', () => {
    const schema = readFileSync(join(ROOT, 'src/platform/db/tables.ts'), 'utf8');
    const body = schema.slice(schema.indexOf('export type DB = {'));
    const tables = [...body.slice(0, body.indexOf('\n};')).matchAll(/^ {2}([a-z_]+):/gm)].map((m) => m[1]!);
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.sort()).toEqual(Object.keys(TABLE_OWNERS).sort());
  });

  it("lets each *.store.ts write only its own domain's tables, and read others' only in listed display joins", () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.store.ts'))) {
      const domain = areaOf(file);
      for (const { method, table, arg } of tablesUsed(readFileSync(join(ROOT, file), 'utf8'))) {
        if (table === undefined) {
          violations.push(`${file}: ${method}(${arg}) names no table literally`);
          continue;
        }
        const owner = TABLE_OWNERS[table];
        if (owner === undefined) violations.push(`${file}: ${method}('${table}') is not a known table`);
        else if (owner === domain) continue;
        else if (WRITES.includes(method)) violations.push(`${file}: ${method}('${table}') writes a table of ${owner}`);
        else if (!(DISPLAY_JOINS[file] ?? []).includes(table))
          violations.push(`${file}: ${method}('${table}') reads a table of ${owner} (go through ${owner}/index.ts)`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('lets the web UI import only the HTTP contract from src/, and the pure evidence verifier', () => {
    const violations: string[] = [];
    for (const file of sources(join(ROOT, 'web/src'))) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = relative(ROOT, resolve(dirname(file), spec));
        if (target.startsWith('src/') && !target.startsWith('src/http/contract/') && target !== WEB_SHARED_VERIFIER)
          violations.push(`${relative(ROOT, file)} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the evidence verifier the web UI shares pure: it imports nothing', () => {
    expect(importsOf(join(ROOT, WEB_SHARED_VERIFIER))).toEqual([]);
  });

  it('keeps the method names every area imports pure: the module imports nothing', () => {
    expect(importsOf(join(ROOT, SHARED_CONTRACT_CONSTANTS))).toEqual([]);
  });
});
