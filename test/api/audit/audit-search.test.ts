// The audit page's search (issue 12 item 9) on GET /api/v1/admin/audit: filters by actor, item,
// date range and event family, keyset paging through the whole trail, the organisation
// boundary, and bad parameters answered 400 with a problem code (never 500) on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, PASSWORD, login, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';
import { createSecondOrganization } from '../admin/admin-fixtures.ts';
import { CompiledQuery } from 'kysely';
import { ascendingPageQuery, pageQuery, type SearchWhere } from '../../../src/audit/search.store.ts';

type Entry = {
  id: string;
  seq: number;
  at: string;
  type: string;
  actor: { userId: string | null; label: string | null };
  target: { type: string; id: string } | null;
  data: any;
};
type Page = { entries: Entry[]; nextBefore?: number; newerAfter?: number; families?: string[] };

const DAY = 24 * 60 * 60 * 1000;
const MARCH_1 = Date.UTC(2026, 2, 1, 9);

describe.each(DIALECTS)('%s: audit search', (dialect) => {
  let s: TestServer;
  let admin: { token: string; orgId: string; userId: string };
  let k: ReturnType<typeof workflowKit>;
  let rita: Person;
  let batch: string;
  let artwork: string;
  let other: Awaited<ReturnType<typeof createSecondOrganization>>;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    s.clock!.set(MARCH_1);
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    rita = await k.person('rita', { roles: ['reviewer'] });
    await s.client.post('/api/v1/auth/login', { email: rita.email, password: 'not her password at all' });
    s.clock!.advance(DAY); // 2 March: two items (sessions ended overnight: sign in again)
    admin.token = await login(s.client, ADMIN.email, ADMIN.password);
    const wf = await k.workflow([{ reviewers: [{ user: rita.id }] }]);
    batch = (await s.client.post('/api/v1/items', { workflowId: wf, title: 'Batch 42 release record', content: 'Batch 42' }, admin.token)).body.id;
    artwork = (await s.client.post('/api/v1/items', { workflowId: wf, title: 'Artwork proof (carton) Étiquette', content: 'Carton' }, admin.token)).body.id;
    s.clock!.advance(DAY); // 3 March: rita approves the batch, an admin change with old and new values
    admin.token = await login(s.client, ADMIN.email, ADMIN.password);
    rita.token = await login(s.client, rita.email, PASSWORD);
    expect((await k.decide(rita.token, batch, { step: 0, decision: 'approve', comment: 'fine' })).status).toBe(201);
    await s.client.patch(`/api/v1/admin/users/${rita.id}`, { name: 'Rita Reviewer' }, admin.token);
    other = await createSecondOrganization(s, { name: 'Other Org' });
  });
  afterAll(() => s?.stop());

  const get = (query: string, token = admin.token) => s.client.get(`/api/v1/admin/audit${query}`, token);
  const page = async (query: string): Promise<Page> => {
    const res = await get(query);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  const types = (p: Page) => [...new Set(p.entries.map((e) => e.type))].sort();

  it('typing "login" finds the sign-ins (successful and refused), and names the family it searched', async () => {
    const p = await page('?q=login');
    expect(p.families).toEqual(['sign_in']);
    expect(types(p)).toEqual(expect.arrayContaining(['login.failed', 'login.succeeded']));
    expect(
      p.entries.every((e) =>
        ['login.succeeded', 'login.failed', 'logout.succeeded', 'sso.authenticated', 'sso.identity_linked', 'setup.completed'].includes(e.type),
      ),
    ).toBe(true);
    expect((await page('?q=Sign-in')).entries.map((e) => e.id)).toEqual(p.entries.map((e) => e.id));
    expect((await page('?family=sign_in')).entries.map((e) => e.id)).toEqual(p.entries.map((e) => e.id));
  });

  it('maps the words people use to families: approval, 2fa, password, a type or a type prefix', async () => {
    expect(types(await page('?q=approval'))).toEqual(['decision.recorded', 'item.closed', 'item.submitted', 'step.closed', 'workflow.created']);
    expect((await page('?q=passkey')).families).toEqual(['two_factor']);
    expect((await page('?q=2fa, password')).families).toEqual(['two_factor', 'password']);
    expect(types(await page('?q=login.failed'))).toEqual(['login.failed']);
    expect(types(await page('?q=user'))).toEqual(['user.created', 'user.updated']);
    expect(types(await page('?q=login&type=login.failed'))).toEqual(['login.failed']);
    expect((await page('?q=settings&type=login.failed')).entries).toEqual([]);
  });

  it('refuses words that name no family with 400 unknown_event_family listing the families', async () => {
    const res = await get('?q=banana');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'unknown_event_family', families: expect.arrayContaining(['sign_in', 'approval']) });
  });

  it('filters by actor: a name, part of an email, or a user id; refused sign-ins by the label typed', async () => {
    const byName = await page('?actor=Rita Rev');
    expect(byName.entries.length).toBeGreaterThan(0);
    expect(byName.entries.every((e) => e.actor.userId === rita.id || e.actor.label?.includes('rita'))).toBe(true);
    expect(types(byName)).toEqual(expect.arrayContaining(['decision.recorded', 'login.succeeded']));
    const byId = await page(`?actor=${rita.id}`);
    expect(byId.entries.every((e) => e.actor.userId === rita.id)).toBe(true);
    expect(types(byId)).toContain('decision.recorded');
    const byEmail = await page(`?actor=${encodeURIComponent(rita.email.toUpperCase())}&type=login.failed`);
    expect(byEmail.entries).toHaveLength(1);
    expect(byEmail.entries[0]!.actor).toEqual({ userId: null, label: rita.email });
    expect((await page('?actor=nobody-here')).entries).toEqual([]);
  });

  it('filters by item: its id, or words of its title, case-insensitive beyond ASCII', async () => {
    const byId = await page(`?item=${batch}`);
    expect(types(byId)).toEqual(['decision.recorded', 'item.closed', 'item.submitted', 'step.closed']);
    expect(byId.entries.every((e) => e.target?.id === batch)).toBe(true);
    const byTitle = await page('?item=batch 42');
    expect(byTitle.entries.map((e) => e.id)).toEqual(byId.entries.map((e) => e.id));
    const paren = await page(`?item=${encodeURIComponent('proof (carton')}`);
    expect(paren.entries.map((e) => [e.type, e.target?.id])).toEqual([['item.submitted', artwork]]);
    // Case folds beyond ASCII on both databases (SQLite's own lower() folded ASCII only).
    expect((await page(`?item=${encodeURIComponent('étiquette')}`)).entries.map((e) => e.target?.id)).toEqual([artwork]);
    expect((await page('?item=%25')).entries).toEqual([]); // a LIKE wildcard is just a character
    expect((await page('?item=nothing like it')).entries).toEqual([]);
  });

  it('filters by date range: from inclusive, to exclusive, with the offset stated', async () => {
    const march2 = await page(`?from=${encodeURIComponent('2026-03-02T00:00:00+00:00')}&to=${encodeURIComponent('2026-03-03T00:00:00Z')}`);
    expect(types(march2)).toEqual(['item.submitted', 'login.succeeded', 'workflow.created']);
    // The same day in UTC+02:00 starts two hours earlier and still holds only 2 March's 09:00 entries.
    const inZone = await page(`?from=${encodeURIComponent('2026-03-02T00:00:00+02:00')}&to=${encodeURIComponent('2026-03-03T00:00:00+02:00')}`);
    expect(inZone.entries.map((e) => e.id)).toEqual(march2.entries.map((e) => e.id));
    const edge = await page(`?from=${new Date(MARCH_1 + DAY).toISOString()}&to=${new Date(MARCH_1 + DAY + 1).toISOString()}`);
    expect(edge.entries.length).toBe(march2.entries.length);
    expect((await page(`?to=${new Date(MARCH_1 + DAY).toISOString()}`)).entries.every((e) => Date.parse(e.at) < MARCH_1 + DAY)).toBe(true);
    expect(types(await page(`?from=${new Date(MARCH_1 + DAY).toISOString()}&q=approval&actor=${rita.id}`))).toEqual(['decision.recorded']);
  });

  it('shows changes with their old and new values for the diff view', async () => {
    const [changed] = (await page('?type=user.updated')).entries;
    expect(changed!.data).toEqual({ old: { name: 'Rita' }, new: { name: 'Rita Reviewer' } });
  });

  it("never shows another organisation's entries, whatever the filter names", async () => {
    const otherToken = await other.token();
    const res = await get(`?item=${batch}`, otherToken);
    expect(res.status).toBe(200);
    expect(res.body.entries).toEqual([]);
    const theirs = (await get(`?actor=${encodeURIComponent(ADMIN.email)}&limit=1000`, otherToken)).body as Page;
    expect(theirs.entries).toEqual([]);
    const all = (await get('?limit=1000', otherToken)).body as Page;
    expect(all.entries.length).toBeGreaterThan(0);
    const ours = new Set((await page('?limit=1000')).entries.map((e) => e.id));
    expect(all.entries.some((e) => ours.has(e.id))).toBe(false);
    expect((await get(`?actor=${rita.id}`, otherToken)).body.entries).toEqual([]);
    expect((await get(`?before=${Number.MAX_SAFE_INTEGER}`, otherToken)).body.entries.every((e: Entry) => !ours.has(e.id))).toBe(true);
  });

  it('answers bad parameters with 400 invalid_request and changes nothing: NUL bytes, huge numbers, bad dates', async () => {
    const count = async () =>
      Number(
        (
          await s.signoff.services.db
            .selectFrom('audit_entries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const query of [
      '?actor=a%00b',
      '?item=%00',
      '?q=login%00',
      '?before=99999999999999999999',
      '?before=1e400',
      '?before=-1',
      '?before=0',
      '?before=abc',
      '?after=9007199254740993',
      '?before=5&after=2',
      '?from=yesterday',
      '?to=2026-13-45T00:00:00Z',
      '?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
      '?from=2026-03-02',
      '?family=banana',
      `?actor=${'x'.repeat(201)}`,
      `?item=${'y'.repeat(201)}`,
      '?actor=',
      '?limit=1001',
      '?type=Login',
    ]) {
      const res = await get(query);
      expect(res.status, `${query}: ${res.text}`).toBe(400);
      expect(res.body.code, query).toBe('invalid_request');
    }
    expect(await count()).toBe(before);
  });

  it('pages through a trail of 450 entries with before/nextBefore and back with after/newerAfter, each entry once', async () => {
    const { audit, db } = s.signoff.services;
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 450; i++)
        await audit.append(tx, {
          orgId: admin.orgId,
          type: 'group.updated',
          actor: { userId: admin.userId, label: ADMIN.email },
          target: { type: 'group', id: `grp_${i}` },
          data: { old: { name: `G${i}` }, new: { name: `G${i + 1}` } },
        });
    });
    const total = Number(
      (
        await db
          .selectFrom('audit_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', admin.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(total).toBeGreaterThan(450);
    const seen: number[] = [];
    const cursors: number[] = [];
    let cursor: number | undefined;
    for (let n = 0; n < 20; n++) {
      const p = await page(`?limit=100${cursor ? `&before=${cursor}` : ''}`);
      seen.push(...p.entries.map((e) => e.seq));
      if (cursor) expect(p.newerAfter).toBe(p.entries[0]!.seq);
      else expect(p.newerAfter).toBeUndefined();
      if (p.nextBefore === undefined) break;
      expect(p.entries).toHaveLength(100);
      cursors.push(p.nextBefore);
      cursor = p.nextBefore;
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));
    // Back up from the oldest page: "Newer entries" gives the page just above, never skipping one.
    const oldest = await page(`?limit=100&before=${cursors.at(-1)}`);
    const above = await page(`?limit=100&after=${oldest.newerAfter}`);
    expect(above.entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => cursors.at(-1)! + 99 - i));
    expect(above.nextBefore).toBe(cursors.at(-1));
    const top = await page(`?limit=100&after=${total - 50}`);
    expect(top.entries).toHaveLength(50);
    expect(top.newerAfter).toBeUndefined();
    // Filters page the same way: the 450 group changes in pages of 200.
    const family: number[] = [];
    let next: number | undefined;
    do {
      const p: Page = await page(`?q=group&limit=200${next ? `&before=${next}` : ''}`);
      family.push(...p.entries.filter((e) => e.type === 'group.updated').map((e) => e.seq));
      next = p.nextBefore;
    } while (next !== undefined);
    expect(new Set(family).size).toBe(450);
  });

  it("keeps API.md's type, since and limit working", async () => {
    const p = await page('?type=login.succeeded&limit=2');
    expect(p.entries).toHaveLength(2);
    expect(p.nextBefore).toBe(p.entries[1]!.seq);
    const since = await page(`?since=${new Date(MARCH_1 + 2 * DAY).toISOString()}&limit=1000`);
    expect(since.entries.every((e) => Date.parse(e.at) >= MARCH_1 + 2 * DAY)).toBe(true);
  });

  it.runIf(dialect === 'sqlite')('reads every filter through an index of audit_entries, never a full scan (SQLite query plan)', async () => {
    const db = s.signoff.services.db;
    const plan = async (w: SearchWhere, cursor: { before?: number; after?: number } = {}) => {
      const compiled = pageQuery(db, admin.orgId, w, { ...cursor, limit: 101 }).compile();
      const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
      return rows.rows.map((r) => r.detail).join(' | ');
    };
    const cases: [SearchWhere, { before?: number; after?: number }][] = [
      [{}, {}],
      [{}, { before: 300 }],
      [{}, { after: 300 }],
      [{ types: ['login.succeeded', 'login.failed'] }, { before: 300 }],
      [{ itemIds: [batch, artwork] }, {}],
      [{ actor: { userIds: [rita.id], labelText: 'rita' } }, { before: 300 }],
      [{ from: MARCH_1, to: MARCH_1 + DAY }, {}],
    ];
    for (const [w, cursor] of cases) {
      const detail = await plan(w, cursor);
      expect(detail, JSON.stringify(w)).toMatch(/USING (COVERING )?INDEX/);
      expect(detail, JSON.stringify(w)).not.toMatch(/SCAN audit_entries(?! USING)/);
    }
    // An export's pages (oldest first, up to the head) under the same filters and its item rule.
    for (const w of [...cases.map(([c]) => c), { mentions: batch }, { types: ['item.submitted'], mentions: batch }]) {
      const compiled = ascendingPageQuery(db, admin.orgId, w, { afterSeq: 300, throughSeq: 900, limit: 1000 }).compile();
      const detail = (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))).rows
        .map((r) => r.detail)
        .join(' | ');
      expect(detail, `export ${JSON.stringify(w)}`).toMatch(/USING (COVERING )?INDEX/);
      expect(detail, `export ${JSON.stringify(w)}`).not.toMatch(/SCAN audit_entries(?! USING)/);
    }
  });
});
