// PostgreSQL runs Signoff's statements as named prepared statements (named-statements.ts), and
// after a few executions it may keep one plan for all values (its generic plan), chosen from
// whatever statistics the tables had then. A statement whose conditions leave room for a plan
// over every user's rows is as fast as that choice: counting a user's unused backup codes once
// took 17 ms a call in the bench, its generic plan walking every active factor of every user
// (the join named the user on one side only). Forcing the generic plan here makes the choice
// PostgreSQL may make later, whatever the statistics.
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/dialects.ts';
import { insertOrg, insertUser } from '../../../test/support/rows.ts';
import { loadConfig } from '../../platform/config.ts';
import { connectDatabase, type Database } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { newId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import { countUnusedBackupCodes } from './backup-codes.store.ts';

const OTHER_USERS = 500;
const CODES = 10;

type PlanNode = {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
};

/** Rows the plan's scans read: what they returned and what their filters threw away, over all their loops. */
function rowsRead(node: PlanNode): number {
  const own = /Scan/.test(node['Node Type'])
    ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops']
    : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

describe.runIf(DIALECTS.includes('postgres'))('postgres: counting unused backup codes under a generic plan', () => {
  let tdb: TestDatabase;
  let database: Database;
  let orgId: OrgId;

  /** A user with an active authenticator and an active set of CODES unused backup codes. */
  async function enrolledUser(): Promise<UserId> {
    const userId = await insertUser(database.db, orgId);
    const factor = (type: string) => ({
      id: newId<FactorId>('fac'),
      org_id: orgId,
      user_id: userId,
      type,
      status: 'active',
      label: type,
      consecutive_failures: 0,
      created_at: 0,
    });
    const [totp, codes] = [factor('totp'), factor('backup_codes')];
    await database.db.insertInto('factors').values([totp, codes]).execute();
    await database.db
      .insertInto('backup_codes')
      .values(Array.from({ length: CODES }, () => ({ id: newId('bkc'), factor_id: codes.id, org_id: orgId, user_id: userId, code_hash: 'x', created_at: 0 })))
      .execute();
    return userId;
  }

  beforeAll(async () => {
    tdb = await freshDatabase('postgres');
    database = connectDatabase(loadConfig(tdb.env).database);
    await migrateToLatest(database.db);
    orgId = await insertOrg(database.db);
    for (let i = 0; i < OTHER_USERS; i++) await enrolledUser();
  });
  afterAll(async () => {
    await database?.close();
    await tdb?.drop();
  });

  it("reads only the user's own rows, whatever plan PostgreSQL keeps for the statement", async () => {
    const userId = await enrolledUser();
    const seen: { sql: string; parameters: readonly unknown[] }[] = [];
    const stop = database.onStatement((sql, parameters) => seen.push({ sql, parameters }));
    expect(await countUnusedBackupCodes(database.db, userId)).toBe(CODES);
    stop();
    const [count] = seen;
    const plan = await database.db.connection().execute(async (c) => {
      await c.executeQuery(CompiledQuery.raw('set plan_cache_mode = force_generic_plan'));
      await c.executeQuery(CompiledQuery.raw(`prepare counted as ${count!.sql}`));
      // EXPLAIN EXECUTE takes no bound values: the (test-made) ids and names as literals.
      const values = count!.parameters.map((v) => `'${String(v).replaceAll("'", "''")}'`).join(', ');
      const { rows } = await c.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        CompiledQuery.raw(`explain (analyze, format json) execute counted(${values})`),
      );
      await c.executeQuery(CompiledQuery.raw('deallocate counted'));
      await c.executeQuery(CompiledQuery.raw('reset plan_cache_mode'));
      return rows[0]!['QUERY PLAN'][0].Plan;
    });
    // The user's two factors and ten codes, and the index entries that lead there: nothing of the other 500 users.
    expect(rowsRead(plan)).toBeLessThanOrEqual(3 * CODES);
  });
});
