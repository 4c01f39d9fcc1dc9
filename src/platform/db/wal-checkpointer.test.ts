import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDatabase } from './connect.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

const dirs: string[] = [];
function databaseFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signoff-wal-'));
  dirs.push(dir);
  return join(dir, 'signoff.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A serving connection as connect.ts opens it with background checkpoints: it never checkpoints itself. */
function servingConnection(file: string) {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.exec('create table t (id integer primary key, body blob not null)');
  const insert = sqlite.prepare('insert into t (body) values (?)');
  return { sqlite, insertPages: (n: number) => Array.from({ length: n }, () => insert.run(Buffer.alloc(4000, 7))) };
}

describe('WAL checkpoints in a worker thread', () => {
  it('leave every committed page in the WAL until the worker copies them, after which the writer starts the WAL again; nothing is lost', async () => {
    const file = databaseFile();
    const { sqlite, insertPages } = servingConnection(file);
    // Never on its own in this test: only the checkpoints it is asked for.
    const checkpointer = startWalCheckpointer(file, { pollMs: 2 ** 31 - 1 });
    insertPages(1500); // 1,500 commits: SQLite's own checkpoint would have run at 1,000 pages
    const first = await checkpointer.checkpoint();
    expect(first.log).toBeGreaterThanOrEqual(1500);
    expect(first.checkpointed).toBe(first.log);
    insertPages(3);
    const second = await checkpointer.checkpoint();
    expect(second.log).toBeLessThan(20);
    expect(second.checkpointed).toBe(second.log);
    await checkpointer.stop();
    sqlite.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reader = new SQLite(file, { readonly: true });
    expect(reader.prepare('select count(*) as n from t').get()).toEqual({ n: 1503 });
    reader.close();
  });

  it('holds no thread while the WAL does not change; one starts when it does, copies the new pages into the database file and ends when idle', async () => {
    const file = databaseFile();
    const { sqlite, insertPages } = servingConnection(file);
    const checkpointer = startWalCheckpointer(file, { pollMs: 5, idleMs: 50 });
    // The table's creation is a change: its checkpoint, then an idle worker ends.
    await vi.waitFor(() => expect(checkpointer.running()).toBe(false), { timeout: 10_000, interval: 10 });
    const before = statSync(file).size;
    insertPages(50);
    // In WAL mode only a checkpoint writes the database file.
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 50 * 4000), { timeout: 10_000, interval: 10 });
    await vi.waitFor(() => expect(checkpointer.running()).toBe(false), { timeout: 10_000, interval: 10 });
    await checkpointer.stop();
    expect(checkpointer.running()).toBe(false);
    sqlite.close();
  });

  it('is what the server turns on once started: what was written goes into the database file, the connection stops checkpointing, closing stops the worker first', async () => {
    const file = databaseFile();
    const database = connectDatabase({ dialect: 'sqlite', file });
    const autocheckpoint = async () => (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db)).rows;
    expect(await autocheckpoint()).toEqual([{ wal_autocheckpoint: 1000 }]);
    await sql`create table t (id integer primary key)`.execute(database.db);
    const checkpointer = database.checkpointInBackground!();
    expect(database.checkpointInBackground!()).toBe(checkpointer);
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(checkpointer.running()).toBe(false);
    expect(await autocheckpoint()).toEqual([{ wal_autocheckpoint: 0 }]);
    await sql`insert into t (id) values (1)`.execute(database.db);
    expect(await checkpointer.checkpoint()).toMatchObject({ busy: 0, checkpointed: 1 });
    await database.close();
    expect(checkpointer.running()).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const memory = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
    expect(memory.checkpointInBackground).toBeUndefined();
    await memory.close();
  });
});
