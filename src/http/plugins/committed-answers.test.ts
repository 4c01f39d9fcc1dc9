import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledQuery } from '../../platform/db/compiled-query.ts';
import { connectDatabase, type Database, type Executor } from '../../platform/db/connect.ts';
import { registerCommittedAnswers } from './committed-answers.ts';
import { registerProblems } from './problems.ts';

type T = { t: { id: number }; child: { parent: number } };
const k = (ex: Executor) => ex as unknown as Kysely<T>;
/** Read on the connection itself, outside any transaction: it may see the open group's work. */
const children = compiledQuery((ex: Executor) => k(ex).selectFrom('child').select('parent'));

const cleanUp: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanUp.splice(0).reverse()) await f();
});

async function app(): Promise<{ app: FastifyInstance; d: Database }> {
  const dir = mkdtempSync(join(tmpdir(), 'signoff-answers-'));
  cleanUp.push(() => rmSync(dir, { recursive: true, force: true }));
  const d = connectDatabase({ dialect: 'sqlite', file: join(dir, 'x.db') });
  cleanUp.push(() => d.close());
  await sql`create table t (id integer primary key)`.execute(d.db);
  // A deferred foreign key is checked by COMMIT itself: an orphan makes its group's COMMIT fail.
  await sql`create table child (parent integer references t (id) deferrable initially deferred)`.execute(d.db);
  const a = Fastify({ logger: false });
  cleanUp.push(() => a.close());
  registerProblems(a);
  registerCommittedAnswers(a, d.db);
  a.get('/children', async (request) => {
    const orphan = (request.query as { orphan?: string }).orphan !== undefined;
    let writing: Promise<unknown> | undefined;
    // Its own failure is not the point: it is caught here, at once.
    if (orphan)
      writing = k(d.db)
        .transaction()
        .execute((tx) => tx.insertInto('child').values({ parent: 404 }).execute())
        .catch(() => {});
    // The transaction's member has ended by now: its group is open, not committed.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const seen = await children(d.db);
    await writing;
    return { seen };
  });
  return { app: a, d };
}

describe('answers and the SQLite commit group', () => {
  it('refuses with 503 an answer whose request ran while a COMMIT failed: it read work that did not stay', async () => {
    const { app: a } = await app();
    const refused = await a.inject({ method: 'GET', url: '/children?orphan' });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(refused.body).not.toContain('404');

    // Nothing stayed, and a request that overlaps no failed COMMIT is answered.
    const next = await a.inject({ method: 'GET', url: '/children' });
    expect(next.statusCode).toBe(200);
    expect(next.json()).toEqual({ seen: [] });
  });
});
