// The floor: the least a Fastify + SQLite service can do per request. One route, no schema,
// no auth, no logging; each request inserts one row through better-sqlite3 opened with the
// same pragmas as src/platform/db/connect.ts, so the ratio to it prices what Signoff adds on top
// (validation, sessions, argon2id, Kysely, the audit hash chain), not Node, Fastify or the disk.
//
// Run as its own process (`node bench/floor.ts <data dir>`) so that it never shares an event
// loop with Signoff or with autocannon. It prints one JSON line, `{"url": …}`, once listening,
// and closes on SIGTERM.
import { join } from 'node:path';
import Fastify from 'fastify';
import SQLite from 'better-sqlite3';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: node bench/floor.ts <data dir>');
  process.exit(2);
}

const sqlite = new SQLite(join(dataDir, 'floor.db'));
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('busy_timeout = 5000');
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('synchronous = NORMAL');
sqlite.exec('CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL)');
const insert = sqlite.prepare<[string, number]>('INSERT INTO events (name, created_at) VALUES (?, ?)');

const app = Fastify({ logger: false });
app.post<{ Body: { name?: unknown } }>('/floor', async (request, reply) => {
  const name = typeof request.body?.name === 'string' ? request.body.name : 'floor';
  const { lastInsertRowid } = insert.run(name, Date.now());
  return reply.status(201).send({ id: Number(lastInsertRowid) });
});

const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url }));

process.once('SIGTERM', () => {
  void app.close().then(() => {
    sqlite.close();
    process.exit(0);
  });
});
