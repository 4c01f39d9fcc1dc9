// Audit export as JSON and CSV (docs/guide.md §8, docs/security.md J8; 21 CFR 11.10(e) "available for
// agency review and copying"): admins only, the organisation's whole trail oldest first, a CSV
// that parses back to the same rows, a chain a reader can check, and the export itself audited.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalJson, toCsv } from '../../../src/audit/index.ts';
import { UsageError } from '../../../src/cli/args.ts';
import { auditExport } from '../../../src/cli/commands/audit-export.ts';
import { auditExportSchema } from '../../../src/http/contract/audit.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import { newId } from '../../../src/platform/ids.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { cookieFrom } from '../../support/http-client.ts';
import { runSignoff, startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { createSecondOrganization } from '../admin/admin-fixtures.ts';

type Entry = {
  id: string;
  seq: number;
  at: string;
  type: string;
  actor: { userId: string | null; label: string | null };
  target: { type: string; id: string } | null;
  data: any;
  ip: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
};

const COLUMNS = ['seq', 'at', 'type', 'actor_user_id', 'actor_label', 'target_type', 'target_id', 'data', 'ip', 'request_id', 'prev_hash', 'hash'];

/** RFC 4180 records; a leading apostrophe (formula defusing) is dropped, as the export documents. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && !',\r\n'.includes(text[i]!)) field += text[i++];
    }
    record.push(field.startsWith("'") ? field.slice(1) : field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (!text.startsWith('\r\n', i)) throw new Error(`expected comma or CRLF at ${i}`);
    records.push(record);
    record = [];
    i += 2;
  }
  return records;
}

const asCells = (e: Entry) => [
  String(e.seq),
  e.at,
  e.type,
  e.actor.userId ?? '',
  e.actor.label ?? '',
  e.target?.type ?? '',
  e.target?.id ?? '',
  canonicalJson(e.data),
  e.ip ?? '',
  e.requestId ?? '',
  e.prevHash,
  e.hash,
];

describe.each(DIALECTS)('%s: audit export', (dialect) => {
  let s: TestServer;
  let admin: string;
  let reviewer: string;
  let orgId: string;
  const itemId = newId('itm');

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    ({ orgId } = await setUp(s.client));
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: 'wrong, "quoted"\npassword' });
    await createUser(s.client, admin, { email: 'rita@acme.test', name: '=HYPERLINK("http://evil.test","Rita")', roles: ['reviewer'] });
    reviewer = await login(s.client, 'rita@acme.test', PASSWORD);
    // An address a spreadsheet would run as a formula: it becomes the actor label of a sign-in.
    await createUser(s.client, admin, { email: '=1+2@acme.test', roles: ['reviewer'] });
    await login(s.client, '=1+2@acme.test', PASSWORD);
    await s.client.post('/api/v1/admin/groups', { name: 'QA, "release"' }, admin);
    // Item events come with the workflows domain; until then they go in as its code will write them.
    const { audit, db } = s.signoff.services;
    await db.transaction().execute(async (tx) => {
      await audit.append(tx, {
        orgId,
        type: 'item.submitted',
        actor: { label: 'ada@acme.test' },
        target: { type: 'item', id: itemId },
        data: { contentHash: 'c'.repeat(64) },
      });
      await audit.append(tx, {
        orgId,
        type: 'guest.invited',
        actor: { label: 'ada@acme.test' },
        target: { type: 'invite', id: newId('gin') },
        data: { itemId },
      });
      await audit.append(tx, {
        orgId,
        type: 'item.submitted',
        actor: { label: 'ada@acme.test' },
        target: { type: 'item', id: newId('itm') },
        data: { note: `not ${itemId}` },
      });
    });
    // Another organisation's trail stays out of this one's export.
    await createSecondOrganization(s, { email: 'otto@other.test' });
  });
  afterAll(() => s.stop());

  const exportJson = async (query = '') => {
    const res = await s.client.get(`/api/v1/admin/audit/export?format=json${query}`, admin);
    expect(res.status, res.text).toBe(200);
    return res.body as {
      organization: { id: string; name: string; slug: string };
      exportedAt: string;
      headHash: string;
      filter: Record<string, string>;
      entries: Entry[];
    };
  };
  const listed = async (query = '') => ((await s.client.get(`/api/v1/admin/audit?limit=1000${query}`, admin)).body.entries as Entry[]).reverse();

  it('refuses a non-admin with 403 and an anonymous caller with 401', async () => {
    for (const format of ['json', 'csv']) {
      const res = await s.client.get(`/api/v1/admin/audit/export?format=${format}`, reviewer);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect((await s.client.get(`/api/v1/admin/audit/export?format=${format}`)).status).toBe(401);
    }
  });

  it('refuses a bad query with 400 invalid_request', async () => {
    for (const q of [
      'format=xml',
      'format=csv&since=yesterday',
      'format=json&itemId=../etc',
      'format=json&type=DROP%20TABLE',
      'since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z',
    ]) {
      const res = await s.client.get(`/api/v1/admin/audit/export?${q}`, admin);
      expect(res.status, q).toBe(400);
      expect(res.body.code, q).toBe('invalid_request');
    }
  });

  it('exports the whole trail of the organisation as JSON, oldest first, ending at the head', async () => {
    const before = await listed();
    const doc = await exportJson();
    expect(doc.organization).toMatchObject({ id: orgId, name: ADMIN.organization });
    expect(doc.exportedAt).toBe(new Date(s.clock!.now()).toISOString());
    expect(doc.entries).toEqual(before);
    expect(doc.entries.map((e) => e.seq)).toEqual(before.map((_, i) => i + 1));
    expect(doc.entries.map((e) => e.type)).toEqual(
      expect.arrayContaining(['setup.completed', 'login.succeeded', 'login.failed', 'user.created', 'group.created']),
    );
    expect(doc.entries.some((e) => e.actor.label === 'otto@other.test' || e.data?.new?.email === 'otto@other.test')).toBe(false);
    expect(doc.headHash).toBe(doc.entries.at(-1)!.hash);
  });

  it('exports a chain a reader can check: each prev_hash is the hash before it, from the genesis', async () => {
    const { entries, headHash } = await exportJson();
    let prev = '0'.repeat(64);
    for (const e of entries) {
      expect(e.prevHash, `seq ${e.seq}`).toBe(prev);
      prev = e.hash;
    }
    expect(prev).toBe(headHash);
    expect((await s.client.get('/api/v1/admin/audit/verify', admin)).body.ok).toBe(true);
  });

  it('exports CSV as a download that parses back to the same rows as the JSON', async () => {
    const doc = await exportJson();
    const res = await s.client.get('/api/v1/admin/audit/export?format=csv', admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="signoff-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual(COLUMNS);
    // The JSON export was audited too: the CSV holds one more entry, audit.exported.
    expect(rows.slice(0, doc.entries.length)).toEqual(doc.entries.map(asCells));
    expect(rows).toHaveLength(doc.entries.length + 1);
    expect(rows.at(-1)![2]).toBe('audit.exported');
    let prev = '0'.repeat(64);
    for (const r of rows) {
      expect(r[10]).toBe(prev);
      prev = r[11]!;
    }
  });

  it('defuses a formula in a user-typed value and quotes commas, quotes and line breaks', async () => {
    const csv = (await s.client.get('/api/v1/admin/audit/export?format=csv&type=login.succeeded', admin)).text;
    expect(csv).toContain(",'=1+2@acme.test,");
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
    const failed = (await s.client.get('/api/v1/admin/audit/export?format=csv&type=login.failed', admin)).text;
    expect(parseCsv(failed)).toHaveLength(2);
    const groups = parseCsv((await s.client.get('/api/v1/admin/audit/export?format=csv&type=group.created', admin)).text);
    expect(JSON.parse(groups[1]![7]!)).toEqual({ new: { name: 'QA, "release"', members: [] } });
  });

  it('records each export as audit.exported with the format and the number of entries', async () => {
    const csvCount = parseCsv((await s.client.get('/api/v1/admin/audit/export?format=csv&type=login.succeeded', admin)).text).length - 1;
    const [last] = (await s.client.get('/api/v1/admin/audit?limit=1', admin)).body.entries as Entry[];
    expect(last).toMatchObject({
      type: 'audit.exported',
      actor: { label: ADMIN.email },
      data: { format: 'csv', entries: csvCount, filter: { type: 'login.succeeded' } },
    });
    expect(csvCount).toBeGreaterThan(0);
  });

  it('filters by type, by a since/until window and by item', async () => {
    const logins = await exportJson('&type=login.succeeded');
    expect(logins.filter).toEqual({ type: 'login.succeeded' });
    expect(logins.entries.length).toBeGreaterThan(0);
    expect(logins.entries.every((e) => e.type === 'login.succeeded')).toBe(true);

    const item = await exportJson(`&itemId=${itemId}`);
    expect(item.entries.map((e) => e.type)).toEqual(['item.submitted', 'guest.invited']);

    s.clock!.advance(60_000);
    const since = new Date(s.clock!.now()).toISOString();
    await s.client.post('/api/v1/admin/groups', { name: 'Inside the window' }, admin);
    s.clock!.advance(60_000);
    const until = new Date(s.clock!.now()).toISOString();
    await s.client.post('/api/v1/admin/groups', { name: 'After the window' }, admin);
    const window = await exportJson(`&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`);
    expect(window.entries.map((e) => [e.type, e.data?.new?.name])).toEqual([['group.created', 'Inside the window']]);
  });

  it('exports with the audit page filters (words, who, item, days) exactly the entries the search shows, on every page of it', async () => {
    const same = async (query: string) => {
      const doc = await exportJson(query);
      const searched = await listed(query);
      expect(searched.length, query).toBeGreaterThan(0);
      expect(doc.entries, query).toEqual(searched);
      return doc;
    };
    // Sign-ins (refused and successful) by the words people type, and only Rita's.
    const ritaLogins = await same('&q=login&actor=rita%40acme');
    expect(ritaLogins.filter).toEqual({ q: 'login', actor: 'rita@acme' });
    expect(new Set(ritaLogins.entries.map((e) => e.type))).toEqual(new Set(['login.succeeded']));
    expect(ritaLogins.entries.every((e) => e.actor.label === 'rita@acme.test')).toBe(true);
    const allLogins = await same('&family=sign_in');
    expect(allLogins.entries.length).toBeGreaterThan(ritaLogins.entries.length);
    // An item by its id, and a range of days (from inclusive, to exclusive).
    const about = await same(`&item=${itemId}`);
    expect(about.entries.every((e) => e.target?.id === itemId || e.data?.itemId === itemId)).toBe(true);
    const from = new Date(s.clock!.now() - 3_600_000).toISOString();
    const to = new Date(s.clock!.now() + 1).toISOString();
    const days = await same(`&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&q=people`);
    expect(days.entries.every((e) => Date.parse(e.at) >= Date.parse(from) && Date.parse(e.at) < Date.parse(to))).toBe(true);
    // The CSV carries the same rows, and the export records the filter it ran with.
    const csv = await s.client.get('/api/v1/admin/audit/export?format=csv&q=login&actor=rita%40acme', admin);
    expect(
      parseCsv(csv.text)
        .slice(1)
        .map((r) => Number(r[0])),
    ).toEqual(ritaLogins.entries.map((e) => e.seq));
    const [last] = (await s.client.get('/api/v1/admin/audit?limit=1', admin)).body.entries as Entry[];
    expect(last).toMatchObject({ type: 'audit.exported', data: { format: 'csv', filter: { q: 'login', actor: 'rita@acme' } } });
    // Words that name nothing, and a range that ends before it starts, are refused as the search refuses them.
    expect((await s.client.get('/api/v1/admin/audit/export?q=zzz-nothing', admin)).body.code).toBe('unknown_event_family');
    expect((await s.client.get(`/api/v1/admin/audit/export?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, admin)).body.code).toBe(
      'invalid_request',
    );
  });

  it('is described in the OpenAPI document with its query parameters', async () => {
    const op = (await s.client.get('/api/v1/openapi.json')).body.paths['/api/v1/admin/audit/export'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['format', 'type', 'since', 'until', 'itemId', 'q', 'family', 'actor', 'item', 'from', 'to']),
    );
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '4XX']));
  });

  it('reads a trail longer than one page in full and in order', async () => {
    const { audit, db } = s.signoff.services;
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 2100; i++) await audit.append(tx, { orgId, type: 'email_code.sent', actor: { label: 'bulk' }, data: { n: i } });
    });
    const doc = await exportJson();
    expect(doc.entries.length).toBeGreaterThan(2100);
    expect(doc.entries.map((e) => e.seq)).toEqual(doc.entries.map((_, i) => i + 1));
    expect(doc.entries.at(-1)!.hash).toBe(doc.headHash);
    const bulk = await exportJson('&type=email_code.sent');
    expect(bulk.entries.map((e) => e.data.n)).toEqual(Array.from({ length: 2100 }, (_, i) => i));
    // The page's filters read every page of the search too (1,000 a page), oldest first.
    const searched = await exportJson('&actor=bulk&q=email_code');
    expect(searched.entries.map((e) => e.data.n)).toEqual(Array.from({ length: 2100 }, (_, i) => i));
  }, 60_000);

  it('writes a trail of several pages as it reads them, byte for byte the documents the serializer and toCsv make whole, and records the count', async () => {
    const json = await s.client.get('/api/v1/admin/audit/export?format=json', admin);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // Written as it is read: no length known before the first byte.
    expect(json.headers.get('content-length')).toBeNull();
    const doc = json.body as { headHash: string; entries: Entry[] };
    expect(doc.entries.length).toBeGreaterThan(2000);
    expect(json.text).toBe(JSON.stringify(z.encode(auditExportSchema, json.body)));
    const [recorded] = (await s.client.get('/api/v1/admin/audit?limit=1', admin)).body.entries as Entry[];
    expect(recorded).toMatchObject({ type: 'audit.exported', data: { format: 'json', entries: doc.entries.length, headHash: doc.headHash, filter: {} } });
    expect(recorded!.data.incomplete).toBeUndefined();
    for (const query of ['&type=email_code.sent', '&actor=bulk&q=email_code', `&itemId=${itemId}`, '&family=sign_in']) {
      const whole = await s.client.get(`/api/v1/admin/audit/export?format=json${query}`, admin);
      expect(whole.text, query).toBe(JSON.stringify(z.encode(auditExportSchema, whole.body)));
      const csv = await s.client.get(`/api/v1/admin/audit/export?format=csv${query}`, admin);
      expect(csv.headers.get('content-type'), query).toBe('text/csv; charset=utf-8');
      expect(csv.text, query).toBe(toCsv(whole.body.entries));
    }
  });

  it('`signoff audit export` writes to standard output the document the download makes, and is recorded', async () => {
    const cli = (...args: string[]) => runSignoff(['audit', 'export', ...args], { env: s.db.env });
    const { organization } = await exportJson();
    const { slug } = organization;
    // The whole trail (several pages): the download's entries, in the serializer's very text.
    const json = await cli('--organization', slug);
    expect(json.code, json.err).toBe(0);
    const parsed: unknown = JSON.parse(json.out);
    const doc = parsed as { organization: unknown; headHash: string; entries: Entry[] };
    expect(json.out).toBe(JSON.stringify(z.encode(auditExportSchema, parsed as z.output<typeof auditExportSchema>)));
    expect(doc.organization).toEqual(organization);
    expect(doc.entries.length).toBeGreaterThan(2000);
    expect(doc.entries).toEqual((await exportJson()).entries.slice(0, doc.entries.length));
    expect(doc.headHash).toBe(doc.entries.at(-1)!.hash);
    // The CLI's record, then the download's just made.
    const [download, cliRecord] = (await s.client.get('/api/v1/admin/audit?limit=2', admin)).body.entries as Entry[];
    expect(download).toMatchObject({ type: 'audit.exported', actor: { label: ADMIN.email } });
    expect(cliRecord).toMatchObject({
      type: 'audit.exported',
      actor: { userId: null },
      data: { format: 'json', entries: doc.entries.length, headHash: doc.headHash, filter: {} },
    });
    expect(cliRecord!.actor.label).toMatch(/^signoff audit export \(.+@.+\)$/);
    // In this process, writing to a stream: CSV with a filter, byte for byte the download's.
    const config = loadConfig({ SIGNOFF_LOG_LEVEL: 'error', ...s.db.env });
    const run = async (flags: Record<string, string>) => {
      const chunks: string[] = [];
      const out = new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk.toString('utf8'));
          done();
        },
      });
      return { code: await auditExport(config, flags, out), text: chunks.join(''), writes: chunks.length };
    };
    const csv = await run({ organization: slug, format: 'csv', type: 'login.succeeded', until: '2099-01-01T00:00:00Z' });
    expect(csv.code).toBe(0);
    expect(csv.text).toBe((await s.client.get('/api/v1/admin/audit/export?format=csv&type=login.succeeded&until=2099-01-01T00%3A00%3A00Z', admin)).text);
    // Written a page at a time: the header with the first 1,000 rows, then the next pages.
    const bulk = await run({ organization: slug, format: 'csv', type: 'email_code.sent' });
    expect(bulk.text.split('\r\n')).toHaveLength(2100 + 2);
    expect(bulk.writes).toBe(3);
    // Usage errors before anything is read or written (exit 2).
    for (const bad of [
      { organization: slug, format: 'xml' },
      { organization: slug, since: 'yesterday' },
      { format: 'csv' },
      { organization: slug, since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' },
    ] as Record<string, string>[]) {
      await expect(run(bad), JSON.stringify(bad)).rejects.toThrow(UsageError);
    }
    expect(await run({ organization: 'no-such-org' })).toEqual({ code: 2, text: '', writes: 0 });
  }, 60_000);

  it('works with the session cookie alone on a GET, as a download link sends it', async () => {
    const res = await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password });
    const cookie = cookieFrom(res, 'signoff_session')!;
    const csv = await s.client.request('GET', '/api/v1/admin/audit/export?format=csv', { headers: { cookie: `signoff_session=${cookie}` } });
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('seq,at,type,')).toBe(true);
  });
});
