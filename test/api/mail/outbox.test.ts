// The mail outbox end to end, once per dialect: enqueue in the caller's transaction, delivery
// over a real SMTP server in another process, retries with back-off, several workers on one
// database, and the local mailbox.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMail, type MailTransport } from '../../../src/mail/index.ts';
import { createMetrics } from '../../../src/platform/metrics.ts';
import { BATCH_SIZE, MAX_ATTEMPTS, MAX_BATCHES_PER_PASS } from '../../../src/mail/back-off.ts';

const PASS_LIMIT = BATCH_SIZE * MAX_BATCHES_PER_PASS;
import { claimStatement, sentStatement } from '../../../src/mail/mail.store.ts';
import { queryPlan } from '../../support/query-plan.ts';
import { sql } from 'kysely';
import { createSmtpTransport } from '../../../src/mail/transports/smtp.ts';
import { startSmtpServer, type SmtpTestServer } from '../../support/smtp-server.ts';
import { simpleParser } from 'mailparser';
import { mailboxConfig, noticeMessage, recordingLog, resetMessage, smtpConfig, testClock } from './mail-fixtures.ts';
import { insertOrg } from '../../support/rows.ts';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

describe.each(DIALECTS)('%s: mail outbox', (dialect) => {
  let scratch: ScratchDatabase;
  let smtp: SmtpTestServer;
  let orgId: string;

  beforeAll(async () => {
    [scratch, smtp] = await Promise.all([openScratchDatabase(dialect), startSmtpServer()]);
    orgId = await insertOrg(scratch.db);
  }, 30_000);
  afterAll(async () => {
    await smtp?.close();
    await scratch?.drop();
  });
  beforeEach(async () => {
    await scratch.db.deleteFrom('mail_bodies').execute();
    await scratch.db.deleteFrom('mail_outbox').execute();
    await smtp.clear();
  });

  const outboxRow = (id: string) => scratch.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  // @see docs/security.md#k-reliability-under-concurrency K3
  it('sends nothing for a message enqueued in a transaction that rolls back', async () => {
    const mail = createMail({ db: scratch.db, dialect, clock: testClock(), config: smtpConfig(smtp.url), instanceId: 'a' });
    await expect(
      scratch.db.transaction().execute(async (tx) => {
        await mail.enqueue(tx, resetMessage(orgId, 'ada@example.test'));
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');

    expect(await mail.deliverDue()).toBe(0);
    expect(await scratch.db.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
    expect(await smtp.messages()).toEqual([]);
  });

  it('delivers over SMTP a multipart message with subject, to, from and a stable Message-ID', async () => {
    const mail = createMail({ db: scratch.db, dialect, clock: testClock(), config: smtpConfig(smtp.url), instanceId: 'a' });
    const { id } = await scratch.db.transaction().execute((tx) => mail.enqueue(tx, resetMessage(orgId, 'ada@example.test', '<b>Ada & "Co"</b>')));

    expect(await mail.deliverDue()).toBe(1);
    const row = await outboxRow(id);
    const got = await smtp.waitFor((m) => m.messageId === row.message_id);
    expect(row).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 1, claimed_by: null });
    expect(row.message_id).toMatch(/^<msg_[a-z0-9]+@signoff\.example\.test>$/);
    expect(got.subject).toBe('Reset your Acme Signoff password');
    expect(got.to && !Array.isArray(got.to) ? got.to.value[0]?.address : undefined).toBe('ada@example.test');
    expect(got.from?.value[0]).toMatchObject({ address: 'signoff@example.test', name: 'Signoff Test' });
    expect(got.text).toContain('https://signoff.example.test/reset#t=ada%40example.test');
    expect(got.text).toContain('<b>Ada & "Co"</b>');
    expect(got.html).toContain('href="https://signoff.example.test/reset#t=ada%40example.test"');
    expect(got.html).toContain('&lt;b&gt;Ada &amp; &quot;Co&quot;&lt;/b&gt;');
    expect(got.html).not.toContain('<b>Ada');
    expect(await mail.deliverDue()).toBe(0);
  });

  // @see docs/security.md#k-reliability-under-concurrency K3
  it('retries a failing transport with back-off, then delivers once with the same Message-ID', async () => {
    const clock = testClock();
    const real = createSmtpTransport({ url: smtp.url, from: 'signoff@example.test' });
    const seen: string[] = [];
    let failuresLeft = 2;
    const flaky: MailTransport = {
      name: 'smtp',
      async send(m) {
        seen.push(m.messageId);
        if (failuresLeft-- > 0) throw Object.assign(new Error('451 4.3.0 Try again later'), { code: 'EMESSAGE' });
        await real.send(m);
      },
    };
    const mail = createMail({ db: scratch.db, dialect, clock, config: smtpConfig(smtp.url), instanceId: 'a', transport: flaky });
    const { id } = await mail.enqueue(scratch.db, resetMessage(orgId, 'ada@example.test'));
    const start = clock.now();

    expect(await mail.deliverDue()).toBe(0);
    expect(await outboxRow(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: start + 30_000,
      claimed_by: null,
      last_error: 'EMESSAGE: 451 4.3.0 Try again later',
    });
    clock.advance(29_999);
    expect(await mail.deliverDue()).toBe(0);
    expect(seen).toHaveLength(1);

    clock.advance(1);
    expect(await mail.deliverDue()).toBe(0);
    expect(await outboxRow(id)).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: clock.now() + 60_000 });
    clock.advance(60_000);
    expect(await mail.deliverDue()).toBe(1);

    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(new Set(seen)).toEqual(new Set([row.message_id]));
    await smtp.waitFor((m) => m.messageId === row.message_id);
    expect((await smtp.messages()).filter((m) => m.messageId === row.message_id)).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts, marks the message failed and logs it without secrets`, async () => {
    const clock = testClock();
    const log = recordingLog();
    let calls = 0;
    const broken: MailTransport = {
      name: 'smtp',
      async send() {
        calls++;
        throw new Error('cannot reach smtp://bob:hunter2@relay.example.test after AUTH PLAIN AGJvYgBodW50ZXIy');
      },
    };
    const mail = createMail({ db: scratch.db, dialect, clock, config: smtpConfig(smtp.url), instanceId: 'a', transport: broken, log });
    // A message without a credential: one with a link is given up once the link expires (credential-bodies.security.test.ts).
    const { id } = await mail.enqueue(scratch.db, noticeMessage(orgId, 'ada@example.test'));

    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await mail.deliverDue();
      clock.advance(2 * 60 * 60_000);
    }

    const row = await outboxRow(id);
    expect(calls).toBe(MAX_ATTEMPTS);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, sent_at: null, claimed_by: null });
    expect(row.last_error).toContain('relay.example.test');
    expect(row.last_error).not.toMatch(/hunter2|AGJvYgBodW50ZXIy/);
    const gaveUp = log.lines.filter((l) => l.level === 'error');
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.obj).toMatchObject({ mailId: id, attempts: MAX_ATTEMPTS });
    expect(JSON.stringify(log.lines)).not.toMatch(/hunter2|AGJvYgBodW50ZXIy/);
  });

  // @see docs/security.md#k-reliability-under-concurrency K3
  it('delivers each of 50 messages exactly once while two instances race on one database', async () => {
    const clock = testClock();
    const second = scratch.connect();
    const a = createMail({ db: scratch.db, dialect, clock, config: smtpConfig(smtp.url), instanceId: 'instance-a' });
    const b = createMail({ db: second.db, dialect, clock, config: smtpConfig(smtp.url), instanceId: 'instance-b' });
    const ids = await scratch.db.transaction().execute(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 50; i++) out.push((await a.enqueue(tx, resetMessage(orgId, `user${i}@example.test`))).id);
      return out;
    });
    const drain = async (mail: typeof a) => {
      let n = 0,
        got: number;
      do {
        got = await mail.deliverDue();
        n += got;
      } while (got > 0);
      return n;
    };

    const counts = await Promise.all([drain(a), drain(b), drain(a), drain(b)]);

    expect(counts.reduce((x, y) => x + y, 0)).toBe(50);
    const received = await smtp.waitForCount(50);
    const rows = await scratch.db.selectFrom('mail_outbox').select(['id', 'status', 'message_id', 'attempts']).execute();
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    const finalReceived = await smtp.messages();
    expect(finalReceived).toHaveLength(50);
    expect(new Set(received.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => r.message_id)));
  }, 30_000);

  it('claims the chosen messages by id, without walking every pending message of the backlog', async () => {
    const claim = claimStatement(scratch.db, dialect, { instanceId: 'a', now: 1, leaseMs: 60_000, limit: 10 });
    const plan = await queryPlan(scratch, sql`${claim}`);
    // The update finds its rows through the primary key; the due index serves only the subquery's choice.
    expect(plan, plan).toMatch(
      dialect === 'sqlite' ? /^SEARCH mail_outbox USING (COVERING )?INDEX sqlite_autoindex_mail_outbox_1 \(id=\?\)$/m : /Index Scan using mail_outbox_pkey/,
    );
    expect(plan.match(/mail_outbox_due_idx/g), plan).toHaveLength(1);
  });

  it('records a batch as sent by its ids, without walking every pending message of the backlog', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `msg_${i}`);
    const plan = await queryPlan(scratch, sql`${sentStatement(scratch.db, ids, 'a', 1, 'smtp')}`);
    expect(plan, plan).toMatch(
      dialect === 'sqlite' ? /^SEARCH mail_outbox USING INDEX sqlite_autoindex_mail_outbox_1 \(id=\?\)$/m : /Index Scan (using|on) mail_outbox_pkey/,
    );
    expect(plan, plan).not.toMatch(/mail_outbox_due_idx/);
  });

  it('a worker whose lease ran out cannot record the outcome of a message another instance delivered', async () => {
    const clock = testClock();
    let release: () => void = () => {};
    const stalled: MailTransport = {
      name: 'smtp',
      send: () =>
        new Promise<void>((r) => {
          release = r;
        }),
    };
    const a = createMail({ db: scratch.db, dialect, clock, config: smtpConfig(smtp.url), instanceId: 'instance-a', transport: stalled, log: recordingLog() });
    const b = createMail({ db: scratch.db, dialect, clock, config: smtpConfig(smtp.url), instanceId: 'instance-b' });
    const { id } = await a.enqueue(scratch.db, noticeMessage(orgId, 'ada@example.test'));

    const aPass = a.deliverDue();
    await expect.poll(async () => (await outboxRow(id)).claimed_by).toBe('instance-a');
    expect(await b.deliverDue()).toBe(0);
    clock.advance(60 * 60_000);
    expect(await b.deliverDue()).toBe(1);
    release();
    await aPass;

    expect(await outboxRow(id)).toMatchObject({ status: 'sent', claimed_by: null, attempts: 2 });
  });

  it('startWorker delivers in the background', async () => {
    const mail = createMail({ db: scratch.db, dialect, clock: testClock(), config: smtpConfig(smtp.url), instanceId: 'a' });
    mail.startWorker();
    try {
      const { id } = await mail.enqueue(scratch.db, resetMessage(orgId, 'ada@example.test'));
      const row = await outboxRow(id);
      await smtp.waitFor((m) => m.messageId === row.message_id);
    } finally {
      await mail.stopWorker();
    }
  });

  it(`drains a backlog larger than one pass (${PASS_LIMIT} messages) without waiting for the next poll`, async () => {
    const backlog = PASS_LIMIT + 2 * BATCH_SIZE + 3;
    const sent: string[] = [];
    const recording: MailTransport = { name: 'smtp', send: async (m) => void sent.push(m.messageId) };
    const mail = createMail({
      db: scratch.db,
      dialect,
      clock: testClock(),
      config: { ...smtpConfig(smtp.url), mailPollMs: 60_000 },
      instanceId: 'a',
      transport: recording,
    });
    for (let i = 0; i < backlog; i++) await mail.enqueue(scratch.db, resetMessage(orgId, `r${i}@example.test`));
    mail.startWorker();
    try {
      // Well before the next poll: one pass after another while each came back full.
      await expect.poll(() => sent.length, { timeout: 30_000, interval: 20 }).toBe(backlog);
    } finally {
      await mail.stopWorker();
    }
    expect(new Set(sent).size).toBe(backlog);
  });

  it('records the messages of a batch the transport accepted in one statement, and a failed one as a retry', async () => {
    const refused = 'r3@example.test';
    const picky: MailTransport = {
      name: 'smtp',
      send: async (m) => {
        if (m.to === refused) throw new Error('550 mailbox unavailable');
      },
    };
    const mail = createMail({
      db: scratch.db,
      dialect,
      clock: testClock(),
      config: smtpConfig(smtp.url),
      instanceId: 'a',
      transport: picky,
      log: recordingLog(),
    });
    const ids: string[] = [];
    for (let i = 0; i < BATCH_SIZE; i++) ids.push((await mail.enqueue(scratch.db, resetMessage(orgId, `r${i}@example.test`))).id);
    const marks: string[] = [];
    const stop = scratch.onStatement((text) => {
      if (/^update "mail_outbox" set "status"/.test(text)) marks.push(text);
    });
    try {
      expect(await mail.deliverDue()).toBe(BATCH_SIZE - 1);
    } finally {
      stop();
    }
    expect(marks).toHaveLength(1);
    const rows = await Promise.all(ids.map(outboxRow));
    expect(rows.filter((r) => r.status === 'sent').map((r) => r.to_address)).toHaveLength(BATCH_SIZE - 1);
    expect(rows.find((r) => r.to_address === refused)).toMatchObject({ status: 'pending', claimed_by: null, last_error: expect.stringContaining('550') });
  });

  it('reports the backlog to /metrics: pending messages, due or waiting for a retry, and none once they went out', async () => {
    const metrics = createMetrics();
    const pending = async () => Number(/^signoff_mail_pending (\d+)$/m.exec(await metrics.registry.metrics())?.[1]);
    const clock = testClock();
    let failNext = true;
    const flaky: MailTransport = {
      name: 'smtp',
      send: async () => {
        if (failNext) throw Object.assign(new Error('421 try later'), { code: 'EMESSAGE' });
      },
    };
    const mail = createMail({ db: scratch.db, dialect, clock, config: smtpConfig(smtp.url), instanceId: 'a', transport: flaky, metrics });
    expect(await pending()).toBe(0);
    for (const to of ['ada@example.test', 'bob@example.test', 'cy@example.test']) await mail.enqueue(scratch.db, resetMessage(orgId, to));
    expect(await pending()).toBe(3);
    expect(await mail.deliverDue()).toBe(0);
    expect(await pending()).toBe(3);
    failNext = false;
    clock.advance(60_000);
    expect(await mail.deliverDue()).toBe(3);
    expect(await pending()).toBe(0);
  });

  it('stopWorker resolves only after the pass in flight recorded its delivery', async () => {
    const sending = Promise.withResolvers<void>();
    const held = Promise.withResolvers<void>();
    const stalled: MailTransport = {
      name: 'smtp',
      send: () => {
        sending.resolve();
        return held.promise;
      },
    };
    const mail = createMail({ db: scratch.db, dialect, clock: testClock(), config: smtpConfig(smtp.url), instanceId: 'a', transport: stalled });
    const { id } = await mail.enqueue(scratch.db, resetMessage(orgId, 'ada@example.test'));
    mail.startWorker();
    await sending.promise;
    let stopped = false;
    const stop = mail.stopWorker().then(() => {
      stopped = true;
    });
    // The send is held: stopWorker is still waiting and the message is not recorded as sent.
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    expect((await outboxRow(id)).status).not.toBe('sent');
    held.resolve();
    await stop;
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  describe('mailbox transport', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'signoff-mailbox-'));
    });
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('writes a parseable .eml and lists it, newest first, only for its organisation', async () => {
      const clock = testClock();
      const otherOrg = await insertOrg(scratch.db, 'Other');
      const mail = createMail({ db: scratch.db, dialect, clock, config: mailboxConfig(dataDir), instanceId: 'a' });
      const first = await mail.enqueue(scratch.db, resetMessage(orgId, 'ada@example.test'));
      const other = await mail.enqueue(scratch.db, {
        orgId: otherOrg,
        to: 'eve@example.test',
        template: 'security-notice',
        vars: { name: 'Eve', event: 'password changed', detail: 'From 192.0.2.1.' },
      });
      expect(await mail.deliverDue()).toBe(2);
      clock.advance(1000);
      const second = await mail.enqueue(scratch.db, {
        orgId,
        to: 'bob@example.test',
        template: 'account-invite',
        vars: { name: 'Bob', organization: 'Acme', link: 'https://signoff.example.test/invite#x', expiresMinutes: 60, invitedBy: 'Ada' },
      });
      expect(await mail.deliverDue()).toBe(1);

      const row = await outboxRow(first.id);
      expect(row).toMatchObject({ status: 'sent', transport: 'mailbox' });
      const eml = await simpleParser(await readFile(join(dataDir, 'mail', `${first.id}.eml`)));
      expect(eml).toMatchObject({ subject: 'Reset your Acme Signoff password', messageId: row.message_id });
      expect(eml.text).toContain('https://signoff.example.test/reset#t=ada%40example.test');
      expect(eml.html).toContain('Choose a new password');

      const listed = await mail.listMailbox(scratch.db, orgId, { viewerEmail: 'admin@example.test' });
      expect(listed.map((m) => m.id)).toEqual([second.id, first.id]);
      expect(listed[0]).toMatchObject({ to: 'bob@example.test', subject: 'Ada invited you to Acme on Acme Signoff', at: new Date(clock.now()).toISOString() });
      expect(listed[1]?.text).toContain('Hello Ada,');
      expect(listed[1]?.html).toContain('<!doctype html>');
      expect((await mail.listMailbox(scratch.db, otherOrg, { viewerEmail: 'admin@example.test' })).map((m) => m.id)).toEqual([other.id]);
      expect(await mail.listMailbox(scratch.db, orgId, { viewerEmail: 'admin@example.test', limit: 1 })).toHaveLength(1);
    });

    /** @see docs/security.md (issue 10 item 5): 21 CFR 11.200(a)(3), an admin alone must not read another user's reset link. */
    it('admin reads a reset link addressed to someone else in the mailbox: only a placeholder, without SIGNOFF_DEV_MAILBOX=1', async () => {
      const clock = testClock();
      const mail = createMail({ db: scratch.db, dialect, clock, config: mailboxConfig(dataDir, false), instanceId: 'a' });
      const reset = await mail.enqueue(scratch.db, resetMessage(orgId, 'victim@example.test', 'Vic'));
      const own = await mail.enqueue(scratch.db, resetMessage(orgId, 'Admin@Example.test', 'Ada'));
      const notice = await mail.enqueue(scratch.db, {
        orgId,
        to: 'victim@example.test',
        template: 'security-notice',
        vars: { name: 'Vic', event: 'password changed', detail: 'From 192.0.2.1.' },
      });
      const code = await mail.enqueue(scratch.db, {
        orgId,
        to: 'victim@example.test',
        template: 'email-code',
        vars: { name: 'Vic', code: '042917', purpose: 'sign in', expiresMinutes: 10 },
      });
      expect(await mail.deliverDue()).toBe(4);
      const byId = new Map((await mail.listMailbox(scratch.db, orgId, { viewerEmail: 'admin@example.test' })).map((m) => [m.id, m]));
      expect(byId.get(reset.id)).toMatchObject({
        to: 'victim@example.test',
        subject: 'Reset your Acme Signoff password',
        redacted: true,
        html: '',
        text: 'Credential message for victim@example.test, not shown.',
      });
      expect(byId.get(code.id)).toMatchObject({ redacted: true, html: '' });
      expect(JSON.stringify(byId.get(code.id))).not.toContain('042917');
      expect(JSON.stringify(byId.get(reset.id))).not.toContain('reset#t=');
      expect(byId.get(own.id)).toMatchObject({ redacted: false });
      expect(byId.get(own.id)!.text).toContain('https://signoff.example.test/reset#t=Admin%40Example.test');
      expect(byId.get(notice.id)).toMatchObject({ redacted: false });
      // The operator's disk keeps the whole message.
      expect(await readFile(join(dataDir, 'mail', `${reset.id}.eml`), 'utf8')).toContain('Choose a new password');
      // With the development flag, everything shows.
      const dev = createMail({ db: scratch.db, dialect, clock, config: mailboxConfig(dataDir, true), instanceId: 'b' });
      const shown = (await dev.listMailbox(scratch.db, orgId, { viewerEmail: 'admin@example.test' })).find((m) => m.id === reset.id)!;
      expect(shown).toMatchObject({ redacted: false });
      expect(shown.text).toContain('reset#t=victim%40example.test');
    });
  });
});
