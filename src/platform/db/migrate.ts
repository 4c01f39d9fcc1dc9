// Runs the migrations. Kysely's Migrator takes a PostgreSQL advisory lock (and SQLite's write
// lock), so several instances starting at once on one database migrate exactly once.
import { Migrator, type Migration } from 'kysely';
import type { Db } from './connect.ts';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-second-factors.ts';
import * as m0003 from './migrations/0003-security-stamp.ts';
import * as m0004 from './migrations/0004-policies-and-sso.ts';
import * as m0005 from './migrations/0005-workflows.ts';
import * as m0006 from './migrations/0006-append-only.ts';
import * as m0007 from './migrations/0007-evidence-keys-checkpoints.ts';
import * as m0008 from './migrations/0008-evidence-seals.ts';
import * as m0009 from './migrations/0009-two-person-resets.ts';
import * as m0010 from './migrations/0010-upload-sweep.ts';
import * as m0011 from './migrations/0011-privileged-sessions.ts';
import * as m0012 from './migrations/0012-item-revisions.ts';
import * as m0013 from './migrations/0013-due-dates.ts';
import * as m0014 from './migrations/0014-delegation.ts';
import * as m0015 from './migrations/0015-item-comments.ts';
import * as m0016 from './migrations/0016-partial-fk-indexes.ts';
import * as m0017 from './migrations/0017-unread-indexes.ts';
import * as m0018 from './migrations/0018-task-list-row.ts';
import * as m0019 from './migrations/0019-item-list-index.ts';
import * as m0020 from './migrations/0020-mail-bodies.ts';
import * as m0021 from './migrations/0021-task-item-updated.ts';
import * as m0022 from './migrations/0022-trusted-devices-org.ts';
import * as m0023 from './migrations/0023-session-lineage.ts';
import * as m0024 from './migrations/0024-sessions-user-index.ts';
import * as m0025 from './migrations/0025-sessions-expiry-index.ts';
import * as m0026 from './migrations/0026-mail-credential-expiry.ts';
import * as m0027 from './migrations/0027-expiry-indexes.ts';
import * as m0028 from './migrations/0028-drop-totp-accepted-steps.ts';

/** Every migration, in order. Adding one is a new file and one line here. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-second-factors': m0002,
  '0003-security-stamp': m0003,
  '0004-policies-and-sso': m0004,
  '0005-workflows': m0005,
  '0006-append-only': m0006,
  '0007-evidence-keys-checkpoints': m0007,
  '0008-evidence-seals': m0008,
  '0009-two-person-resets': m0009,
  '0010-upload-sweep': m0010,
  '0011-privileged-sessions': m0011,
  '0012-item-revisions': m0012,
  '0013-due-dates': m0013,
  '0014-delegation': m0014,
  '0015-item-comments': m0015,
  '0016-partial-fk-indexes': m0016,
  '0017-unread-indexes': m0017,
  '0018-task-list-row': m0018,
  '0019-item-list-index': m0019,
  '0020-mail-bodies': m0020,
  '0021-task-item-updated': m0021,
  '0022-trusted-devices-org': m0022,
  '0023-session-lineage': m0023,
  '0024-sessions-user-index': m0024,
  '0025-sessions-expiry-index': m0025,
  '0026-mail-credential-expiry': m0026,
  '0027-expiry-indexes': m0027,
  '0028-drop-totp-accepted-steps': m0028,
};

/** Runs the migrations not yet run; `upTo` stops after that one (a test of a later migration's data step). */
export async function migrateToLatest(db: Db, upTo?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'signoff_migrations',
    migrationLockTableName: 'signoff_migrations_lock',
  });
  const { error, results } = await (upTo === undefined ? migrator.migrateToLatest() : migrator.migrateTo(upTo));
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
