// The attack: a copy of the database (a backup, a read-only leak) taken while a sent link still
// works. The tables that issue links and codes keep only their hashes; the outbox kept each
// message's text, link included, for good. Now a credential's text is kept only as long as
// something reads it and the credential works: over SMTP until the relay took it (every
// message's text goes then), in the local mailbox (whose page shows the recipient their own)
// until it expires, its .eml file with it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMail, type MailMessage } from '../../../src/mail/index.ts';
import { connectDatabase } from '../../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../../src/platform/db/migrate.ts';
import { insertOrg } from '../../support/rows.ts';
import { startSmtpServer, type SmtpTestServer } from '../../support/smtp-server.ts';
import { mailboxConfig, noticeMessage, resetMessage, smtpConfig, testClock } from './mail-fixtures.ts';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

const RESET_MINUTES = 30;
/** A reset message whose link holds a token of its own, to look for afterwards. */
function resetWithToken(orgId: string, to: string): { message: MailMessage; token: string } {
  const token = randomBytes(16).toString('hex');
  return {
    token,
    message: {
      orgId,
      to,
      template: 'password-reset',
      vars: { name: 'Ada', link: `https://signoff.example.test/reset-password#token=${token}`, expiresMinutes: RESET_MINUTES },
    },
  };
}

// @see docs/security.md#d-emailed-codes D4, D10
describe.each(DIALECTS)('%s: a sent credential is not kept past its use', (dialect) => {
  let scratch: ScratchDatabase;
  let smtp: SmtpTestServer;
  let orgId: string;
  let dataDir: string;

  beforeAll(async () => {
    [scratch, smtp, dataDir] = await Promise.all([openScratchDatabase(dialect), startSmtpServer(), mkdtemp(join(tmpdir(), 'signoff-mailbox-'))]);
    orgId = await insertOrg(scratch.db);
  }, 30_000);
  afterAll(async () => {
    await smtp?.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await scratch.db.deleteFrom('mail_bodies').execute();
    await scratch.db.deleteFrom('mail_outbox').execute();
    await smtp.clear();
  });

  const bodyOf = (id: string) => scratch.db.selectFrom('mail_bodies').selectAll().where('mail_id', '=', id).executeTakeFirst();
  const statusOf = async (id: string) =>
    await scratch.db.selectFrom('mail_outbox').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();

  it('over SMTP, a reset link, an emailed code and a notice leave the database as the relay takes them; the outbox keeps who, what and when', async () => {
    const mail = createMail({ db: scratch.db, dialect, clock: testClock(), config: smtpConfig(smtp.url), instanceId: 'a' });
    const { message, token } = resetWithToken(orgId, 'ada@example.test');
    const reset = await mail.enqueue(scratch.db, message);
    const code = await mail.enqueue(scratch.db, {
      orgId,
      to: 'ada@example.test',
      template: 'email-code',
      vars: { name: 'Ada', code: '40917263', purpose: 'sign in', expiresMinutes: 10 },
    });
    const notice = await mail.enqueue(scratch.db, noticeMessage(orgId, 'ada@example.test'));
    expect((await bodyOf(reset.id))?.text_body).toContain(token);
    expect((await bodyOf(code.id))?.text_body).toContain('40917263');

    expect(await mail.deliverDue()).toBe(3);
    expect(await bodyOf(code.id)).toBeUndefined();
    expect((await smtp.waitFor((m) => m.subject === 'Reset your Acme Signoff password')).text).toContain(token);
    expect(await statusOf(reset.id)).toMatchObject({ status: 'sent' });
    expect(await bodyOf(reset.id)).toBeUndefined();
    expect((await smtp.waitFor((m) => /password changed/.test(m.text ?? ''))).text).toContain('From 192.0.2.1.');
    expect(await bodyOf(notice.id)).toBeUndefined();
    expect(await scratch.db.selectFrom('mail_outbox').select(['to_address', 'template', 'status']).where('id', '=', notice.id).executeTakeFirst()).toEqual({
      to_address: 'ada@example.test',
      template: 'security-notice',
      status: 'sent',
    });
    const everywhere = await scratch.db.selectFrom('mail_bodies').select(['text_body', 'html_body']).execute();
    expect(JSON.stringify(everywhere)).not.toContain(token);
    expect(JSON.stringify(everywhere)).not.toContain('40917263');
  });

  it('with SIGNOFF_DEV_MAILBOX=1 over SMTP (the page lists what was sent), the text stays until the link expires', async () => {
    const clock = testClock();
    const mail = createMail({ db: scratch.db, dialect, clock, config: smtpConfig(smtp.url, dataDir, true), instanceId: 'a' });
    const { message, token } = resetWithToken(orgId, 'ada@example.test');
    const reset = await mail.enqueue(scratch.db, message);
    expect(await mail.deliverDue()).toBe(1);
    expect((await bodyOf(reset.id))?.text_body).toContain(token);
    clock.advance(RESET_MINUTES * 60_000);
    expect(await mail.sweepExpiredCredentials()).toBe(1);
    expect(await bodyOf(reset.id)).toBeUndefined();
  });

  it('in the local mailbox, the recipient reads their link while it works; once it expired the sweep deletes it and its .eml, and the page says so', async () => {
    const clock = testClock();
    const mail = createMail({ db: scratch.db, dialect, clock, config: mailboxConfig(dataDir, false), instanceId: 'a' });
    const { message, token } = resetWithToken(orgId, 'admin@example.test');
    const reset = await mail.enqueue(scratch.db, message);
    const kept = await mail.enqueue(scratch.db, noticeMessage(orgId, 'admin@example.test'));
    // A member's reminder links to the item and carries no credential: nothing to expire.
    const reminder = await mail.enqueue(scratch.db, {
      orgId,
      to: 'admin@example.test',
      template: 'review-reminder',
      vars: {
        name: 'Ada',
        title: 'SOP-12',
        stepName: 'QA',
        dueAt: new Date(clock.now() + 86_400_000).toISOString(),
        minutesLeft: 1440,
        link: 'https://signoff.example.test/items/itm_1',
      },
    });
    expect(await mail.deliverDue()).toBe(3);
    const listed = async () => new Map((await mail.listMailbox(scratch.db, orgId, { viewerEmail: 'admin@example.test' })).map((m) => [m.id, m]));

    clock.advance(RESET_MINUTES * 60_000 - 1);
    expect(await mail.sweepExpiredCredentials()).toBe(0);
    expect((await listed()).get(reset.id)).toMatchObject({ redacted: false, expired: false, text: expect.stringContaining(token) });

    clock.advance(1);
    expect(await mail.sweepExpiredCredentials()).toBe(1);
    const after = await listed();
    expect(after.get(reset.id)).toMatchObject({
      subject: 'Reset your Acme Signoff password',
      expired: true,
      redacted: false,
      html: '',
      text: 'Its link or code has expired; its text is no longer kept.',
    });
    expect(JSON.stringify([...after.values()])).not.toContain(token);
    expect(after.get(kept.id)).toMatchObject({ expired: false, text: expect.stringContaining('password changed') });
    expect(after.get(reminder.id)).toMatchObject({ expired: false, text: expect.stringContaining('SOP-12') });
    expect(await scratch.db.selectFrom('mail_bodies').select('mail_id').execute()).toHaveLength(2);
    // The local mailbox's file is the delivered mail itself, under the data directory with the
    // secret key: the expired link's goes, the notice's and the reminder's stay.
    expect(existsSync(join(dataDir, 'mail', `${reset.id}.eml`))).toBe(false);
    expect(await readFile(join(dataDir, 'mail', `${kept.id}.eml`), 'utf8')).toContain('password changed');
    expect(existsSync(join(dataDir, 'mail', `${reminder.id}.eml`))).toBe(true);
  });

  it('a message still waiting when its link expires is not sent: the worker gives it up, and only then the sweep deletes its text', async () => {
    const clock = testClock();
    const mail = createMail({ db: scratch.db, dialect, clock, config: smtpConfig(smtp.url), instanceId: 'a' });
    const reset = await mail.enqueue(scratch.db, resetMessage(orgId, 'ada@example.test'));
    clock.advance(RESET_MINUTES * 60_000);
    // Pending: the sweep leaves it to the worker, which would otherwise read a message without a body.
    expect(await mail.sweepExpiredCredentials()).toBe(0);
    expect(await mail.deliverDue()).toBe(0);
    expect(await statusOf(reset.id)).toEqual({ status: 'failed', last_error: 'the link or code it carries expired before it could be sent' });
    expect(await mail.sweepExpiredCredentials()).toBe(1);
    expect(await bodyOf(reset.id)).toBeUndefined();
    expect(await smtp.messages()).toEqual([]);
  });

  it('the sweep goes a batch at a time and says when more are left', async () => {
    const clock = testClock();
    const mail = createMail({ db: scratch.db, dialect, clock, config: mailboxConfig(dataDir, false), instanceId: 'a' });
    for (let i = 0; i < 3; i++) await mail.enqueue(scratch.db, resetMessage(orgId, `u${i}@example.test`));
    expect(await mail.deliverDue()).toBe(3);
    clock.advance(RESET_MINUTES * 60_000);
    expect(await mail.sweepExpiredCredentials(2)).toBe('more');
    expect(await mail.sweepExpiredCredentials(2)).toBe(1);
    expect(await scratch.db.selectFrom('mail_bodies').select('mail_id').execute()).toEqual([]);
  });
});

// @see docs/security.md#d-emailed-codes D10
describe('sqlite: a copy of the database file', () => {
  it('holds no byte of a reset link once the relay took it, not even in a free page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signoff-mail-file-'));
    const smtp = await startSmtpServer();
    try {
      const file = join(dir, 'signoff.db');
      const database = connectDatabase({ dialect: 'sqlite', file });
      await migrateToLatest(database.db);
      const orgId = await insertOrg(database.db);
      const mail = createMail({ db: database.db, dialect: 'sqlite', clock: testClock(), config: smtpConfig(smtp.url), instanceId: 'a' });
      const { message, token } = resetWithToken(orgId, 'ada@example.test');
      await mail.enqueue(database.db, message);
      expect(await mail.deliverDue()).toBe(1);
      await database.close();

      expect(await readdir(dir)).toEqual(['signoff.db']);
      const bytes = await readFile(file);
      expect(bytes.includes(Buffer.from(token))).toBe(false);
      expect(bytes.includes(Buffer.from('Reset your Acme Signoff password'))).toBe(true);
    } finally {
      await smtp.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// @see docs/security.md#d-emailed-codes D10
describe.each(DIALECTS)('%s: migration 0026, the messages already stored', (dialect) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await openScratchDatabase(dialect, '0025-sessions-expiry-index');
  }, 30_000);
  afterAll(() => scratch?.drop());

  it('gives a credential message the longest validity a link can have (90 days), and one without a credential none', async () => {
    const orgId = await insertOrg(scratch.db);
    const createdAt = testClock().now();
    const stored = (id: string, template: string) => ({
      id,
      org_id: orgId,
      to_address: 'ada@example.test',
      template,
      subject: id,
      status: 'sent',
      attempts: 1,
      next_attempt_at: createdAt,
      claimed_by: null,
      claimed_until: null,
      transport: 'smtp',
      message_id: `<${id}@signoff.example.test>`,
      last_error: null,
      created_at: createdAt,
      sent_at: createdAt,
    });
    const ids = { 'account-invite': 'msg_invite', 'email-code': 'msg_code', 'review-reminder': 'msg_reminder', 'item-outcome': 'msg_outcome' };
    for (const [template, id] of Object.entries(ids)) {
      await scratch.db.insertInto('mail_outbox').values(stored(id, template)).execute();
      // Written as the schema before 0026 has them: no expiry column yet.
      await scratch.db
        .insertInto('mail_bodies')
        .values({ mail_id: id, text_body: 'text', html_body: 'html', attachments: null } as never)
        .execute();
    }

    await migrateToLatest(scratch.db);

    const expiries = await scratch.db.selectFrom('mail_bodies').select(['mail_id', 'credential_expires_at']).orderBy('mail_id').execute();
    const longest = createdAt + 90 * 86_400_000;
    expect(expiries).toEqual([
      { mail_id: 'msg_code', credential_expires_at: longest },
      { mail_id: 'msg_invite', credential_expires_at: longest },
      { mail_id: 'msg_outcome', credential_expires_at: null },
      { mail_id: 'msg_reminder', credential_expires_at: longest },
    ]);
  });
});
