// The export's reader and its documents as they go (export-entries.ts), against a migrated
// database of each dialect: pages read as the document is written (observed through the
// statements run, with a small injected page size), the audit entry of the export, and the
// same entries as the audit page's search for the same filters.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/dialects.ts';
import { manualClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { connectDatabase, type Database } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { newId, type OrgId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { AuditEntryView } from './entry-view.ts';
import { exportDocument, exportEntries, readTrail, type ExportDocument } from './export-entries.ts';
import { toCsv, toJsonDocument } from './export.ts';
import { createAudit } from './index.ts';
import type { AuditFilters } from './search.ts';

const HOUR = 3_600_000;
const MARCH_1 = Date.UTC(2026, 2, 1, 9);

describe.each(DIALECTS)('%s: audit export reader', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  const clock = manualClock(MARCH_1);
  const audit = createAudit({ clock });
  const ORG = { id: newId<OrgId>('org'), name: 'Acme, "Pharma"', slug: 'acme' };
  const OTHER = newId<OrgId>('org');
  const batch = newId('itm');
  const artwork = newId('itm');
  const TRAIL = 23;

  /** The trail: sign-ins (Rita's and refused ones), two items with a guest invited to one, admin changes; an hour apart. */
  function event(i: number, orgId = ORG.id) {
    const kinds = [
      { type: 'login.succeeded' as const, actor: { userId: 'usr_rita', label: 'rita@acme.test' }, data: { i } },
      { type: 'login.failed' as const, actor: { label: '=cmd|"/C calc"!A0' }, data: { i, reason: 'line1\nline2, "quoted"' } },
      {
        type: 'item.submitted' as const,
        actor: { userId: 'usr_ada', label: 'ada@acme.test' },
        target: { type: 'item', id: i % 2 ? batch : artwork },
        data: { i, title: i % 2 ? 'Batch 42 release record' : 'Artwork proof' },
      },
      {
        type: 'guest.invited' as const,
        actor: { userId: 'usr_ada', label: 'ada@acme.test' },
        target: { type: 'invite', id: newId('gin') },
        data: { i, itemId: batch },
      },
      {
        type: 'group.created' as const,
        actor: { userId: 'usr_ada', label: 'ada@acme.test' },
        target: { type: 'group', id: newId('grp') },
        data: { i, new: { name: 'QA ünï 名前' } },
      },
    ];
    return { orgId, ...kinds[i % kinds.length]! };
  }

  /** How many pages of an export (keyset reads from the oldest) have been read since the last reset. */
  let pageReads = 0;
  let stop: () => void;

  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    database = connectDatabase(loadConfig(tdb.env).database);
    await migrateToLatest(database.db);
    for (const o of [ORG, { id: OTHER, name: 'Other', slug: 'other' }])
      await database.db.insertInto('organizations').values({ id: o.id, slug: o.slug, name: o.name, settings: '{}', created_at: clock.now() }).execute();
    for (let i = 0; i < TRAIL; i++) {
      clock.advance(HOUR);
      await database.db.transaction().execute(async (tx) => {
        await audit.append(tx, event(i));
        if (i % 4 === 0) await audit.append(tx, event(i, OTHER));
      });
    }
    stop = database.onStatement((sql) => {
      if (/from "audit_entries"/.test(sql) && /order by "seq" asc/.test(sql)) pageReads++;
    });
  });
  afterAll(async () => {
    stop();
    await database.close();
    await tdb.drop();
  });
  beforeEach(() => {
    pageReads = 0;
  });

  const collect = async (pages: AsyncIterable<AuditEntryView[]>) => {
    const all: AuditEntryView[] = [];
    for await (const page of pages) all.push(...page);
    return all;
  };
  /** Every page of the audit page's search, newest first as it pages, turned oldest first. */
  async function searched(filters: AuditFilters): Promise<AuditEntryView[]> {
    const newestFirst: AuditEntryView[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await audit.search(database.db, ORG.id, { ...filters, before, limit: 4 });
      newestFirst.push(...page.entries);
      if (page.nextBefore === undefined) return newestFirst.reverse();
      before = page.nextBefore;
    }
  }
  const document = (format: 'json' | 'csv', events: string[], record?: ExportDocument['record']): ExportDocument => ({
    format,
    organization: ORG,
    filter: {},
    record:
      record ??
      (async (entries, complete) => {
        events.push(`record ${entries} ${complete}`);
      }),
  });

  it('writes the document a page at a time: its first part after the first page is read, before the last', async () => {
    const whole = await exportEntries(database.db, clock, ORG.id, {});
    expect(whole.entries).toHaveLength(TRAIL);
    for (const format of ['json', 'csv'] as const) {
      pageReads = 0;
      const reading = await readTrail(database.db, clock, ORG.id, {}, { pageSize: 5 });
      expect(pageReads, format).toBe(1);
      const events: string[] = [];
      const chunks = exportDocument(reading, document(format, events));
      const first = await chunks.next();
      expect(first.done).toBe(false);
      expect(pageReads, `${format}: the first part is written after one page of ${Math.ceil(TRAIL / 5)}`).toBe(1);
      const parts = [first.value as string];
      for await (const part of chunks) {
        events.push(`part after ${pageReads} pages`);
        parts.push(part);
      }
      expect(pageReads, format).toBe(Math.ceil(TRAIL / 5));
      // Byte for byte the document made whole; the export recorded with its count before the document's end.
      expect(parts.join(''), format).toBe(format === 'json' ? JSON.stringify(toJsonDocument(whole, ORG, {})) : toCsv(whole.entries));
      expect(events, format).toEqual([
        'part after 2 pages',
        'part after 3 pages',
        'part after 4 pages',
        'part after 5 pages',
        `record ${TRAIL} true`,
        ...(format === 'json' ? ['part after 5 pages'] : []),
      ]);
    }
  });

  it('records an export cut short after its first part as incomplete, with the entries written', async () => {
    const events: string[] = [];
    const chunks = exportDocument(await readTrail(database.db, clock, ORG.id, {}, { pageSize: 5 }), document('csv', events));
    await chunks.next();
    await chunks.return(undefined);
    expect(events).toEqual(['record 5 false']);
    expect(pageReads).toBe(1);
  });

  it('leaves the document unfinished when its record fails', async () => {
    const parts: string[] = [];
    const chunks = exportDocument(
      await readTrail(database.db, clock, ORG.id, {}, { pageSize: 5 }),
      document('json', [], async () => {
        throw new Error('database gone');
      }),
    );
    await expect(
      (async () => {
        for await (const part of chunks) parts.push(part);
      })(),
    ).rejects.toThrow('database gone');
    expect(parts.join('').endsWith(']}')).toBe(false);
  });

  it('reads up to the head as it was when the export began', async () => {
    const reading = await readTrail(database.db, clock, OTHER, {}, { pageSize: 2 });
    await database.db.transaction().execute((tx) => audit.append(tx, event(99, OTHER)));
    const entries = await collect(reading.pages);
    expect(entries.map((e) => (e.data as { i: number }).i)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(entries.at(-1)!.hash).toBe(reading.headHash);
  });

  it('holds with the audit page filters exactly the entries the search finds, every page of it', async () => {
    const cases: AuditFilters[] = [
      {},
      { type: 'login.failed' },
      { family: 'sign_in' },
      { q: 'login' },
      { q: 'approval' },
      { actor: { text: 'rita', userIds: ['usr_rita'] } },
      { actor: { text: 'ada@', userIds: [] } },
      { item: batch },
      { item: 'batch 42' },
      { from: MARCH_1 + 5 * HOUR, to: MARCH_1 + 17 * HOUR },
      { since: MARCH_1 + 20 * HOUR },
      { q: 'login', actor: { text: 'rita', userIds: ['usr_rita'] }, from: MARCH_1 + 3 * HOUR },
      { family: 'approval', item: 'Artwork', to: MARCH_1 + 13 * HOUR },
    ];
    for (const filters of cases) {
      const expected = await searched(filters);
      const exported = await collect((await readTrail(database.db, clock, ORG.id, filters, { pageSize: 3 })).pages);
      expect(exported, JSON.stringify(filters)).toEqual(expected);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
    }
    // Filters that exclude each other find nothing, and the export reads no page for them.
    pageReads = 0;
    expect(await collect((await readTrail(database.db, clock, ORG.id, { type: 'login.failed', family: 'people' })).pages)).toEqual([]);
    expect(pageReads).toBe(0);
  });

  it('keeps the entries about an item (target or itemId) and ends at `until`, with the search filters too', async () => {
    const aboutBatch = await collect((await readTrail(database.db, clock, ORG.id, { itemId: batch }, { pageSize: 3 })).pages);
    expect(aboutBatch.length).toBeGreaterThan(0);
    expect(aboutBatch.every((e) => e.target?.id === batch || (e.data as { itemId?: string }).itemId === batch)).toBe(true);
    expect(new Set(aboutBatch.map((e) => e.type))).toEqual(new Set(['item.submitted', 'guest.invited']));
    const until = MARCH_1 + 12 * HOUR;
    const windowed = await collect((await readTrail(database.db, clock, ORG.id, { q: 'login', until, to: until + HOUR }, { pageSize: 3 })).pages);
    expect(windowed).toEqual((await searched({ q: 'login' })).filter((e) => Date.parse(e.at) < until));
  });

  it('refuses words that name no event family before it reads a page', async () => {
    const refused = await readTrail(database.db, clock, ORG.id, { q: 'zzz-nothing' }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Problem);
    expect((refused as Problem).code).toBe('unknown_event_family');
    expect(pageReads).toBe(0);
  });
});
