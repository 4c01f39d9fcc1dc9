// Migration 0020 (issue 14): a message's bodies live apart from the outbox row that delivery
// updates, so a claim or a "sent" mark no longer writes the rendered bodies again (SQLite
// rewrites a whole row, overflow pages included, for any change to it).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMail } from '../../../src/mail/index.ts';
import { connectDatabase } from '../../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../../src/platform/db/migrate.ts';
import { startSmtpServer, type SmtpTestServer } from '../../support/smtp-server.ts';
import { noticeMessage, smtpConfig, testClock } from './mail-fixtures.ts';
import { insertOrg } from '../../support/rows.ts';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp?.close());

describe.each(DIALECTS)('%s: mail bodies apart from the outbox row', (dialect) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await openScratchDatabase(dialect, '0019-item-list-index');
  }, 30_000);
  afterAll(() => scratch?.drop());

  it('moves the bodies of messages enqueued before the migration, and delivers them as they were', async () => {
    const orgId = await insertOrg(scratch.db);
    const html = `<p>${'Approve the batch record. '.repeat(400)}</p>`;
    const createdAt = testClock().now() - 60_000;
    await sql`insert into mail_outbox (id, org_id, to_address, subject, text_body, html_body, template, status, attempts, next_attempt_at, message_id, created_at, attachments)
      values ('msg_old', ${orgId}, 'ada@example.test', 'Old subject', 'Old text body', ${html}, 'password-reset', 'pending', 0, 0, '<msg_old@signoff.example.test>', ${createdAt}, null)`.execute(
      scratch.db,
    );

    await migrateToLatest(scratch.db);

    expect(await scratch.db.selectFrom('mail_bodies').selectAll().execute()).toEqual([
      // Migration 0026: a reset link stored before it says when it expires gets the longest validity a link can have.
      { mail_id: 'msg_old', text_body: 'Old text body', html_body: html, attachments: null, credential_expires_at: createdAt + 90 * 86_400_000 },
    ]);
    const row = await scratch.db.selectFrom('mail_outbox').selectAll().where('id', '=', 'msg_old').executeTakeFirstOrThrow();
    expect(Object.keys(row)).not.toEqual(expect.arrayContaining(['text_body']));
    expect(Object.keys(row).filter((k) => /body|attachments/.test(k))).toEqual([]);

    const mail = createMail({ db: scratch.db, dialect, clock: testClock(), config: smtpConfig(smtp.url), instanceId: 'a' });
    expect(await mail.deliverDue()).toBe(1);
    const got = await smtp.waitFor((m) => m.messageId === '<msg_old@signoff.example.test>');
    expect(got.text?.trim()).toBe('Old text body');
    expect(got.html).toBe(html);
  });
});

describe('sqlite: delivering a message writes its outbox row, never its bodies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signoff-mail-bodies-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('claims and marks sent ten messages of 40 KB each in a few pages of the write-ahead log', async () => {
    const file = join(dir, 'signoff.db');
    const database = connectDatabase({ dialect: 'sqlite', file });
    try {
      await migrateToLatest(database.db);
      const orgId = await insertOrg(database.db);
      // With the mailbox page listing what SMTP sent, and messages without a credential: the bodies
      // stay once sent (otherwise they are deleted then: credential-bodies.security.test.ts).
      const mail = createMail({ db: database.db, dialect: 'sqlite', clock: testClock(), config: smtpConfig(smtp.url, dir, true), instanceId: 'a' });
      const long = 'Please review the attached batch record before release. '.repeat(350);
      for (let i = 0; i < 10; i++) await mail.enqueue(database.db, noticeMessage(orgId, `r${i}@example.test`, long));
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
      expect((await stat(`${file}-wal`)).size).toBe(0);

      expect(await mail.deliverDue()).toBe(10);

      // A frame is a 24-byte header and a 4 KiB page. With the bodies in the row, each claim and
      // mark wrote every message's overflow pages again: over 200 frames here.
      const frames = (await stat(`${file}-wal`)).size / (24 + 4096);
      expect(frames).toBeLessThan(40);
    } finally {
      await database.close();
    }
  });
});
