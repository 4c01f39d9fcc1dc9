// Every API test runs once per dialect (Kysely's DIALECTS pattern). SIGNOFF_TEST_DIALECTS
// narrows the list; PostgreSQL gets a fresh database per test file, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

const PG_ADMIN_URL = process.env.SIGNOFF_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const DIALECTS: TestDialect[] = (process.env.SIGNOFF_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is TestDialect => s === 'sqlite' || s === 'postgres');

export type TestDatabase = { dialect: TestDialect; dataDir: string; env: Record<string, string>; drop(): Promise<void> };

/** A fresh, empty database and data directory; `env` configures Signoff to use them. */
export async function freshDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'signoff-test-'));
  if (dialect === 'sqlite') return sqliteDatabase(dataDir);
  return postgresDatabase(dataDir, randomBytes(32).toString('hex'));
}

/**
 * A copy of `db`, its database and its data directory, with the same secret key: a second server
 * serves it beside the first (bench/compare.ts). Nothing may be connected to `db` meanwhile
 * (PostgreSQL copies a database through `CREATE DATABASE … TEMPLATE`, which refuses otherwise).
 */
export async function copyDatabase(db: TestDatabase): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'signoff-test-'));
  cpSync(db.dataDir, dataDir, { recursive: true });
  if (db.dialect === 'sqlite') return sqliteDatabase(dataDir);
  return postgresDatabase(dataDir, db.env.SIGNOFF_SECRET_KEY!, new URL(db.env.SIGNOFF_DATABASE_URL!).pathname.slice(1));
}

const sqliteDatabase = (dataDir: string): TestDatabase => ({
  dialect: 'sqlite',
  dataDir,
  env: { SIGNOFF_DATA_DIR: dataDir },
  drop: async () => rmSync(dataDir, { recursive: true, force: true }),
});

/** A new PostgreSQL database (a copy of `template` when given) and the data directory beside it. */
async function postgresDatabase(dataDir: string, secretKeyHex: string, template?: string): Promise<TestDatabase> {
  const name = `signoff_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    dataDir,
    env: { SIGNOFF_DATA_DIR: dataDir, SIGNOFF_DATABASE_URL: url.toString(), SIGNOFF_SECRET_KEY: secretKeyHex },
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
