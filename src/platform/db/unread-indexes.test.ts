// Migration 0017: the indexes no query read are gone, and the reads of those tables still find
// their rows through an index (the item's keys, a user's open tasks), never by a scan of the table.
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from '../../../test/api/mail/scratch-database.ts';
import { queryPlan } from '../../../test/support/query-plan.ts';
import { UNREAD_INDEXES } from './migrations/0017-unread-indexes.ts';

/**
 * The reads of the tables those indexes were on, shaped as the stores write them, and the index
 * each uses (null: the table's unique key, which SQLite names sqlite_autoindex_…).
 */
const READS: [what: string, query: RawBuilder<unknown>, index: string | RegExp | null][] = [
  [
    "a reviewer's first page of open tasks",
    sql`select tasks.id from tasks where tasks.open = 1 and tasks.org_id = ${'o'} and tasks.user_id = ${'u'} order by tasks.overdue desc, tasks.assigned_at desc, tasks.id desc limit 50`,
    'tasks_user_open_overdue_idx',
  ],
  // Either index that starts with the user: in an empty table PostgreSQL has no statistics to prefer the one with `open`.
  ["a user's open task count", sql`select count(*) from tasks where user_id = ${'u'} and open = 1`, /tasks_user_open_overdue_idx|tasks_user_item_updated_idx/],
  ["an item's history", sql`select * from item_events where item_id = ${'i'} order by seq`, null],
  ["a user's vote in a round", sql`select id from votes where item_id = ${'i'} and round = ${1} and user_id = ${'u'}`, 'votes_one_per_user_idx'],
  ["an item's rounds", sql`select * from item_rounds where item_id = ${'i'} order by round`, null],
  ['a session by its token', sql`select * from sessions where token_hash = ${'h'}`, null],
  // Migration 0024: through the live sessions' index, which begins with the user (0023), in place of one on every session's user.
  ["a user's live sessions", sql`update sessions set revoked_at = ${1} where user_id = ${'u'} and revoked_at is null`, 'sessions_user_lineage_live_idx'],
];

describe.each(DIALECTS)('%s: indexes no query reads', (dialect) => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await openScratchDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('has none of them any more', async () => {
    const names =
      dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(database.db)
        : await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(database.db);
    const present = names.rows.map((r) => r.name);
    expect(present).toContain('tasks_user_open_overdue_idx');
    for (const index of UNREAD_INDEXES) expect(present).not.toContain(index);
    expect(present).not.toContain('sessions_user_idx'); // migration 0024
  });

  it.each(READS)('reads %s through an index', async (_what, query, index) => {
    const text = await queryPlan(database, query);
    expect(text).not.toMatch(/\bSCAN (TABLE )?(tasks|item_events|votes|item_rounds|sessions)\b(?! USING)|Seq Scan/);
    expect(text).toMatch(dialect === 'sqlite' ? /USING (COVERING )?INDEX/ : /Index (Only )?Scan/);
    if (index) expect(text).toMatch(index);
  });
});
