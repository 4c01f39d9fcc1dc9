// SQLite under load (issue 11 item 8): another process writes to the same database file while
// the server's mail worker delivers. A write lock held past the busy timeout (a bulk import, a
// backup) made the worker's pass fail with SQLITE_BUSY; now the worker waits and retries, and
// delivers every message. Real SQLite file, real second process, the mailbox transport.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMail } from '../../../src/mail/index.ts';
import { connectDatabase, type Database } from '../../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../../src/platform/db/migrate.ts';
import { startWriter } from '../../support/sqlite-writer.ts';
import { mailboxConfig, recordingLog, resetMessage, testClock } from './mail-fixtures.ts';
import { insertOrg } from '../../support/rows.ts';

describe('sqlite: mail worker under write contention from another process', () => {
  let dir: string;
  let server: Database;
  let worker: Database;
  let writer: ReturnType<typeof startWriter>;
  let orgId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signoff-contention-'));
    const file = join(dir, 'signoff.db');
    server = connectDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(server.db);
    // The worker's own connection with a short busy timeout, so a lock held "too long" is quick to make.
    worker = connectDatabase({ dialect: 'sqlite', file }, { busyTimeoutMs: 20 });
    orgId = await insertOrg(server.db);
    writer = startWriter(file);
    await writer.ready;
  });
  afterAll(async () => {
    await writer?.stop();
    await worker?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers every message though the write lock is held past its busy timeout, and while the other process writes', async () => {
    const clock = testClock();
    const log = recordingLog();
    const config = mailboxConfig(join(dir, 'mailbox'));
    const producer = createMail({ db: server.db, dialect: 'sqlite', clock, config, instanceId: 'server' });
    const mail = createMail({ db: worker.db, dialect: 'sqlite', clock, config, instanceId: 'worker', log });
    for (let i = 0; i < 25; i++) await producer.enqueue(server.db, resetMessage(orgId, `user${i}@example.test`));

    // The other process takes the write lock; the pass runs into it (SQLITE_BUSY after 20 ms)…
    await writer.send('lock', 'locked');
    const pass = mail.deliverDue();
    const busy = () => log.lines.some((l) => l.msg === 'mail worker: database busy, retrying');
    let failed: unknown;
    pass.catch((err: unknown) => {
      failed = err;
    });
    while (!busy()) {
      if (failed) throw failed;
      await new Promise((r) => setTimeout(r, 10));
    }
    // …and once it lets go, the same pass goes on and delivers all of them.
    await writer.send('release', 'released');
    expect(await pass).toBe(25);

    // Both processes writing at once: the server enqueues while the other process commits a burst.
    const burst = writer.send('burst 300', 'burst done');
    for (let i = 0; i < 25; i++) await producer.enqueue(server.db, resetMessage(orgId, `later${i}@example.test`));
    let delivered = 0;
    while (delivered < 25) delivered += await mail.deliverDue();
    await burst;
    expect(delivered).toBe(25);

    const rows = await server.db.selectFrom('mail_outbox').select(['status', 'attempts']).execute();
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1)).toBe(true);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
