// Migration 0016: the foreign-key indexes of mostly empty columns hold only the rows that have a value,
// and a look-up by that column (a parent's children: a swept upload, a foreign-key check)
// still uses them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from '../../../test/api/mail/scratch-database.ts';
import { queryPlan } from '../../../test/support/query-plan.ts';

const PARTIAL = {
  item_events_invite_idx: ['item_events', 'actor_invite_id'],
  item_events_signature_idx: ['item_events', 'signature_id'],
  votes_invite_idx: ['votes', 'invite_id'],
  votes_signature_idx: ['votes', 'signature_id'],
  tasks_invite_idx: ['tasks', 'invite_id'],
  items_upload_idx: ['items', 'upload_id'],
} as const;

describe.each(DIALECTS)('%s: partial foreign-key indexes', (dialect) => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await openScratchDatabase(dialect);
  });
  afterAll(() => database.drop());

  async function definition(index: string): Promise<string> {
    const row =
      dialect === 'sqlite'
        ? await sql<{ d: string }>`select sql as d from sqlite_master where type = 'index' and name = ${index}`.execute(database.db)
        : await sql<{ d: string }>`select indexdef as d from pg_indexes where indexname = ${index}`.execute(database.db);
    return row.rows[0]!.d;
  }

  it.each(Object.entries(PARTIAL))('%s holds only rows that have a value and still answers a look-up by it', async (index, [table, column]) => {
    expect((await definition(index)).toLowerCase().replaceAll('"', '')).toMatch(new RegExp(`where \\(?${column} is not null\\)?`));
    expect(await queryPlan(database, sql`select 1 from ${sql.table(table)} where ${sql.ref(column)} = ${'x'}`)).toContain(index);
  });
});
