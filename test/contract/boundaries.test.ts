// The module boundary table of STYLE.md, checked over every import under src/ and web/src/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const DOMAINS = ['accounts', 'factors', 'policies', 'workflows', 'signatures', 'audit', 'mail', 'evidence'];

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
  factors: ['factors', 'platform', 'audit', 'mail', 'accounts'],
  policies: ['policies', 'platform', 'audit', 'accounts', 'factors'],
  signatures: ['signatures', 'platform', 'audit', 'accounts', 'factors'],
  workflows: ['workflows', 'platform', 'audit', 'mail', 'accounts', 'factors', 'policies', 'signatures'],
  // Evidence reads every record an auditor checks and signs it; nothing below depends on it.
  evidence: ['evidence', 'platform', 'audit', 'mail', 'accounts', 'factors', 'policies', 'signatures', 'workflows'],
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
  // The signature report's layout, fonts and worker thread.
  pdfkit: (f) => f.startsWith('src/signatures/report/'),
  fontkit: (f) => f.startsWith('src/signatures/report/'),
  piscina: (f) => f.startsWith('src/signatures/report/'),
  '@embedpdf/': (f) => f.startsWith('src/signatures/report/'),
  // User-Agent strings in words ("Chrome on macOS") for security notices.
  bowser: (f) => f === 'src/platform/describe-user-agent.ts',
};

/** The domain that owns each table of src/platform/db/tables.ts (STYLE.md: a store touches only its own domain's tables). */
const TABLE_OWNERS: Record<string, string> = {
  ...owns('accounts', 'organizations', 'instance_setup', 'users', 'groups', 'group_members', 'sessions', 'password_tokens'),
  ...owns('factors', 'factors', 'totp_accepted_steps', 'backup_codes', 'challenges', 'trusted_devices', 'two_factor_enrollments', 'two_factor_reset_requests'),
  ...owns('policies', 'enrollment_reminders', 'sso_flows', 'sso_identities'),
  ...owns('audit', 'audit_heads', 'audit_entries'),
  ...owns('mail', 'mail_outbox'),
  ...owns('platform', 'attempt_counters'),
  ...owns('workflows', 'workflows', 'workflow_versions', 'uploads', 'items', 'item_rounds', 'tasks', 'votes', 'item_events', 'guest_invites', 'guest_sessions', 'item_comments'),
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
function tablesUsed(source: string): { method: string; table: string | undefined; arg: string }[] {
  return [...source.matchAll(new RegExp(`\\.(${[...WRITES, ...READS].join('|')})\\(\\s*([^,)]*)`, 'g'))].map((m) => {
    const literal = /^['"]([a-z_]+)(?:\s+as\s+\w+)?['"]$/.exec(m[2]!.trim());
    return { method: m[1]!, table: literal?.[1], arg: m[2]!.trim() };
  });
}

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
        if (table === undefined) { violations.push(`${file}: ${method}(${arg}) names no table literally`); continue; }
        const owner = TABLE_OWNERS[table];
        if (owner === undefined) violations.push(`${file}: ${method}('${table}') is not a known table`);
        else if (owner === domain) continue;
        else if (WRITES.includes(method)) violations.push(`${file}: ${method}('${table}') writes a table of ${owner}`);
        else if (!(DISPLAY_JOINS[file] ?? []).includes(table)) violations.push(`${file}: ${method}('${table}') reads a table of ${owner} (go through ${owner}/index.ts)`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('lets the web UI import only the HTTP contract from src/, and the pure evidence verifier', () => {
    const violations: string[] = [];
    for (const file of sources(join(ROOT, 'web/src'))) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = relative(ROOT, resolve(dirname(file), spec));
        if (target.startsWith('src/') && !target.startsWith('src/http/contract/') && target !== WEB_SHARED_VERIFIER) violations.push(`${relative(ROOT, file)} → ${target}`);
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
