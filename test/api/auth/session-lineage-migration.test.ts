// Migration 0023: every session live when it runs starts a lineage of its own, so a sign-out
// with it ends it (and, from then on, the sessions that replace it), and no other session.
// Sessions already ended get none: nothing ends them again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeSessionLineage } from '../../../src/accounts/sessions.store.ts';
import { migrateToLatest } from '../../../src/platform/db/migrate.ts';
import type { UserId } from '../../../src/platform/ids.ts';
import { insertOrg, insertUser } from '../../support/rows.ts';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from '../mail/scratch-database.ts';

describe.each(DIALECTS)('%s: migration 0023, the lineage of each session', (dialect) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await openScratchDatabase(dialect, '0022-trusted-devices-org');
  }, 30_000);
  afterAll(() => scratch?.drop());

  it('gives each live session a lineage of its own, and a sign-out with one ends that one only', async () => {
    const db = scratch.db;
    const orgId = await insertOrg(db);
    const user = 'usr_lin' as UserId;
    await insertUser(db, orgId, { id: user, name: 'Lin' });
    const session = (id: string, revokedAt: number | null) => ({
      id,
      token_hash: `hash of ${id}`,
      org_id: orgId,
      user_id: user,
      state: 'active',
      aal: 2,
      created_at: 0,
      last_seen_at: 0,
      expires_at: 1e13,
      revoked_at: revokedAt,
      ip: null,
      user_agent: null,
      privileged_until: null,
    });
    // Written as the schema before 0023 has them: no lineage column yet.
    await db
      .insertInto('sessions')
      .values([session('ses_here', null), session('ses_there', null), session('ses_ended', 5)] as never)
      .execute();

    await migrateToLatest(db);

    const lineages = await db.selectFrom('sessions').select(['id', 'lineage_id']).orderBy('id').execute();
    expect(lineages).toEqual([
      { id: 'ses_ended', lineage_id: null },
      { id: 'ses_here', lineage_id: 'ses_here' },
      { id: 'ses_there', lineage_id: 'ses_there' },
    ]);
    expect(await revokeSessionLineage(db, user, 'hash of ses_here', 9)).toBe(1);
    const live = await db.selectFrom('sessions').select('id').where('revoked_at', 'is', null).execute();
    expect(live).toEqual([{ id: 'ses_there' }]);
  });
});
