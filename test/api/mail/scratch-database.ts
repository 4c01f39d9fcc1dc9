// A fresh, migrated database per suite: a temporary SQLite file, or a new PostgreSQL database
// (`signoff_test_mail_<random>`) dropped afterwards. `connect()` opens another handle on the
// same database (its own pool), as a second instance of the service would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type Database, type Dialect } from '../../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../../src/platform/db/migrate.ts';

const PG_BASE = 'postgres://postgres@127.0.0.1:5432/';

/** SIGNOFF_TEST_DIALECTS=sqlite,postgres narrows the run; both by default. */
export const DIALECTS: Dialect[] = (process.env.SIGNOFF_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

export type ScratchDatabase = Database & { connect(): Database; drop(): Promise<void> };

/** `upTo`: migrated only up to that migration (see migrateToLatest). */
export async function openScratchDatabase(dialect: Dialect, upTo?: string): Promise<ScratchDatabase> {
  const handles: Database[] = [];
  let target: Parameters<typeof connectDatabase>[0];
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'signoff-mail-db-'));
    target = { dialect: 'sqlite', file: join(dir, 'signoff.db') };
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const name = `signoff_test_mail_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    target = { dialect: 'postgres', url: PG_BASE + name };
    cleanup = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const connect = () => {
    const h = connectDatabase(target);
    handles.push(h);
    return h;
  };
  const main = connect();
  await migrateToLatest(main.db, upTo);
  return {
    ...main,
    connect,
    async drop() {
      for (const h of handles) await h.close();
      await cleanup();
    },
  };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_BASE + 'postgres' });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
