// Issue 13 item 5 over the API on both databases: who may comment (the submitter, reviewers
// ever, admins; anyone else 404), comments threaded by content version, append-only in the
// database, @mentions emailed to readers of the item only, limits, rate limit, audit entry.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src/evidence/index.ts';
import { asDatabaseOwner } from '../../support/append-only.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';
import type { ItemId } from '../../../src/platform/ids.ts';

describe.each(DIALECTS)('item comments on %s', (dialect) => {
  let s: TestServer;
  let admin: { token: string; userId: string };
  let k: ReturnType<typeof workflowKit>;
  let sam: Person;
  let rita: Person;
  let otto: Person;
  let olga: Person;
  let itemId: ItemId;

  const post = (token: string, id: string, body: unknown) => s.client.post(`/api/v1/items/${id}/comments`, body, token);
  const list = (token: string, id: string) => s.client.get(`/api/v1/items/${id}/comments`, token);
  const db = () => s.signoff.services.db;
  const handle = (p: Person) => p.email.split('@')[0]!;
  const rows = (id: ItemId) => db().selectFrom('item_comments').selectAll().where('item_id', '=', id).execute();
  const mentionMails = (id: string) =>
    db()
      .selectFrom('mail_outbox')
      .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
      .selectAll()
      .where('template', '=', 'comment-mention')
      .where('text_body', 'like', `%${id}%`)
      .execute();

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    sam = await k.person('sam', { roles: ['owner'] });
    rita = await k.person('rita');
    otto = await k.person('otto');
    olga = await k.person('olga');
    const wf = await k.workflow([{ reviewers: [{ user: rita.id }] }, { reviewers: [{ user: olga.id }] }]);
    itemId = (await k.submit(sam.token, wf)).id;
  });
  afterAll(() => s?.stop());

  it('the submitter and a reviewer exchange comments, listed oldest first with author, time, version and mentions', async () => {
    const first = await post(sam.token, itemId, { text: `@${handle(rita)} is the lot number on page 2 right?` });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ author: { id: sam.id, email: sam.email }, text: `@${handle(rita)} is the lot number on page 2 right?`, revision: 1 });
    expect(first.body.mentions.map((m: { id: string }) => m.id)).toEqual([rita.id]);
    expect(first.body.id).toMatch(/^cmt_/);
    s.clock!.advance(60_000);
    const answer = await post(rita.token, itemId, { text: '  Yes: 24-0117.\nChecked against the batch sheet.  ', revision: 1 });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.text).toBe('Yes: 24-0117.\nChecked against the batch sheet.');

    const read = await list(rita.token, itemId);
    expect(read.status, read.text).toBe(200);
    expect(read.body.comments.map((c: { author: { id: string } }) => c.author.id)).toEqual([sam.id, rita.id]);
    expect(Date.parse(read.body.comments[1].at) - Date.parse(read.body.comments[0].at)).toBe(60_000);
    expect(read.body.currentRevision).toBe(1);
    // Rita may mention the submitter and the admin; the reviewer of the later step has no task yet.
    expect(read.body.mentionable.map((p: { id: string }) => p.id).sort()).toEqual([admin.userId, sam.id].sort());
  });

  it('an admin may comment on any item; someone who cannot read the item gets 404 and nothing is stored', async () => {
    expect((await post(admin.token, itemId, { text: 'Noted.' })).status).toBe(201);
    const before = (await rows(itemId)).length;
    const outsider = await post(otto.token, itemId, { text: 'let me in' });
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('not_found');
    expect((await list(otto.token, itemId)).status).toBe(404);
    // The reviewer of step 2 has had no task yet: not a reader either.
    expect((await post(olga.token, itemId, { text: 'early' })).status).toBe(404);
    expect((await post(otto.token, 'itm_aaaaaaaaaaaaaaaaaaaaaaaaaa', { text: 'x' })).status).toBe(404);
    expect((await rows(itemId)).length).toBe(before);
    expect((await s.client.post(`/api/v1/items/${itemId}/comments`, { text: 'anonymous' })).status).toBe(401);
  });

  it('a reviewer keeps commenting after their step closed (a reviewer, ever), and the next reviewer joins the conversation', async () => {
    expect((await k.decide(rita.token, itemId, { step: 0, decision: 'approve' })).status).toBe(201);
    expect((await post(rita.token, itemId, { text: `@${handle(olga)} over to you` })).status).toBe(201);
    expect((await post(olga.token, itemId, { text: 'On it.' })).status).toBe(201);
  });

  it('a comment is about the current content version unless it names an earlier one; a later version is 400', async () => {
    const ahead = await post(sam.token, itemId, { text: 'about the next version', revision: 2 });
    expect(ahead.status).toBe(400);
    expect(ahead.body.code).toBe('invalid_request');
    expect((await post(sam.token, itemId, { text: 'zero', revision: 0 })).status).toBe(400);
    expect((await post(sam.token, itemId, { text: 'fraction', revision: 1.5 })).status).toBe(400);
    expect((await rows(itemId)).some((r) => r.text.startsWith('about the next'))).toBe(false);
  });

  it('refuses empty, over-long and control-character texts and unknown fields, storing nothing', async () => {
    const before = (await rows(itemId)).length;
    for (const body of [
      { text: '' },
      { text: '   \n ' },
      { text: 'x'.repeat(4001) },
      { text: 'bell\u0007' },
      { text: 'nul\u0000' },
      { text: 'ok', author: admin.userId },
      {},
    ]) {
      const res = await post(sam.token, itemId, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    }
    expect((await rows(itemId)).length).toBe(before);
    const longest = await post(sam.token, itemId, { text: 'y'.repeat(4000) });
    expect(longest.status, longest.text).toBe(201);
  });

  it('a comment is never changed: no edit or delete route, and the database refuses UPDATE and DELETE', async () => {
    const target = (await rows(itemId))[0]!;
    expect((await s.client.patch(`/api/v1/items/${itemId}/comments/${target.id}`, { text: 'edited' }, sam.token)).status).toBe(404);
    expect((await s.client.delete(`/api/v1/items/${itemId}/comments/${target.id}`, sam.token)).status).toBe(404);
    await expect(db().updateTable('item_comments').set({ text: 'forged' }).where('id', '=', target.id).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('item_comments').where('id', '=', target.id).execute()).rejects.toThrow(/append-only/);
    expect((await rows(itemId))[0]!.text).toBe(target.text);
  });

  it('each comment is audited with the SHA-256 of its text, its version and who was mentioned, not the text itself', async () => {
    const text = `Second look at the label, @${handle(sam)}.`;
    const res = await post(olga.token, itemId, { text });
    const entry = await db()
      .selectFrom('audit_entries')
      .selectAll()
      .where('type', '=', 'item.commented')
      .where('target_id', '=', itemId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBe(olga.id);
    const data = JSON.parse(entry.data);
    expect(data).toMatchObject({
      itemId,
      commentId: res.body.id,
      revision: 1,
      textSha256: createHash('sha256').update(text).digest('hex'),
      length: text.length,
      mentions: [sam.id],
    });
    expect(entry.data).not.toContain('Second look');
  });

  it('mentions email readers of the item with a link and never the text; outsiders, unknown names and the author get nothing', async () => {
    const wf = await k.workflow([{ reviewers: [{ user: rita.id }] }]);
    const fresh = (await k.submit(sam.token, wf)).id;
    const res = await post(sam.token, fresh, { text: `Confidential: @${handle(rita)} @${handle(otto)} @${handle(sam)} @nobody @${otto.email} please check` });
    expect(res.status, res.text).toBe(201);
    expect(res.body.mentions.map((m: { id: string }) => m.id)).toEqual([rita.id]);
    const mails = await mentionMails(fresh);
    expect(mails.map((m) => m.to_address)).toEqual([rita.email]);
    expect(mails[0]!.text_body).toContain(`/items/${fresh}#comment-${res.body.id}`);
    expect(mails[0]!.text_body).not.toContain('Confidential');
    const stored = (await rows(fresh))[0]!;
    expect(JSON.parse(stored.mentions)).toEqual([rita.id]);
    // The whole email mentions too, and a second mention of the same person emails once.
    await post(rita.token, fresh, { text: `@${sam.email} and again @${handle(sam)}.` });
    expect((await mentionMails(fresh)).map((m) => m.to_address).sort()).toEqual([rita.email, sam.email].sort());
  });

  it('refuses a comment mentioning more than five people, storing and emailing nothing', async () => {
    const people = [await k.person('p1'), await k.person('p2'), await k.person('p3'), await k.person('p4'), await k.person('p5')];
    const wf = await k.workflow([{ reviewers: people.map((p) => ({ user: p.id })) }]);
    const crowded = (await k.submit(sam.token, wf)).id;
    const six = [...people, { email: 'ada@acme.test' } as Person].map((p) => `@${handle(p)}`).join(' ');
    const refused = await post(sam.token, crowded, { text: six });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invalid_request');
    expect(await rows(crowded)).toEqual([]);
    expect(await mentionMails(crowded)).toEqual([]);
    const five = await post(sam.token, crowded, { text: people.map((p) => `@${handle(p)}`).join(' ') });
    expect(five.status, five.text).toBe(201);
    expect((await mentionMails(crowded)).length).toBe(5);
  });

  it('comments posted at the same moment by several people all land, each with its own place in the order', async () => {
    const wf = await k.workflow([{ reviewers: [{ user: rita.id }, { user: olga.id }] }]);
    const busy = (await k.submit(sam.token, wf)).id;
    const posts = await Promise.all([sam, rita, olga, sam, rita, olga].map((p, i) => post(p.token, busy, { text: `at once ${i}` })));
    expect(posts.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const stored = await rows(busy);
    expect(stored.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await list(sam.token, busy)).body.comments).toHaveLength(6);
  });

  it('the conversation goes on after the item closed: a cancelled item can still be commented on by its readers', async () => {
    const wf = await k.workflow([{ reviewers: [{ user: rita.id }] }]);
    const done = (await k.submit(sam.token, wf)).id;
    expect((await s.client.post(`/api/v1/items/${done}/cancel`, { reason: 'withdrawn by the submitter' }, sam.token)).status).toBe(200);
    expect((await post(rita.token, done, { text: 'For the record: withdrawn because of the new artwork.' })).status).toBe(201);
    expect((await post(otto.token, done, { text: 'still an outsider' })).status).toBe(404);
  });

  it('rate-limits posting per user: after 20 comments in a row the next waits, and quiet minutes restore it', async () => {
    const wf = await k.workflow([{ reviewers: [{ user: rita.id }] }]);
    const busy = (await k.submit(otto.token, wf)).id;
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await post(otto.token, busy, { text: `flood ${i}` })).status);
    expect(statuses.slice(0, 20).every((x) => x === 201)).toBe(true);
    expect(statuses.slice(20)).toContain(429);
    // Someone else is not held up by otto's budget.
    expect((await post(rita.token, busy, { text: 'still here' })).status).toBe(201);
    s.clock!.advance(11 * 60_000);
    expect((await post(otto.token, busy, { text: 'after a pause' })).status).toBe(201);
  });

  describe('in the evidence bundle', () => {
    const bundleOf = async (id: string) => {
      const res = await s.client.get(`/api/v1/items/${id}/evidence`, sam.token);
      expect(res.status, res.text).toBe(200);
      return res.text;
    };
    const jwks = async () => (await s.signoff.services.keyring.jwks(db())) as { keys: { kid: string; x: string }[] };
    async function commented() {
      const wf = await k.workflow([{ reviewers: [{ user: rita.id }] }]);
      const id = (await k.submit(sam.token, wf)).id;
      const first = await post(sam.token, id, { text: 'Which supplier printed this?' });
      const second = await post(rita.token, id, { text: 'Print house B, per the PO.' });
      return { id, first: first.body.id as string, second: second.body.id as string };
    }

    it('carries every comment with its text and SHA-256, and the offline verifier checks each against its audit entry', async () => {
      const { id, first } = await commented();
      const text = await bundleOf(id);
      const doc = JSON.parse(text);
      expect(doc.comments.map((c: { text: string }) => c.text)).toEqual(['Which supplier printed this?', 'Print house B, per the PO.']);
      expect(doc.comments[0]).toMatchObject({
        id: first,
        revision: 1,
        author: { userId: sam.id },
        textSha256: createHash('sha256').update('Which supplier printed this?').digest('hex'),
      });
      const verdict = await verifyBundle(text, { jwks: await jwks() });
      expect(verdict.firstFailure).toBeNull();
      expect(verdict.checks.filter((c) => c.id.startsWith('comment:')).map((c) => c.ok)).toEqual([true, true]);
    });

    it('a comment rewritten by someone with owner rights on the database: the verifier names the comment', async () => {
      const { id, second } = await commented();
      await asDatabaseOwner(db(), 'item_comments', () =>
        db().updateTable('item_comments').set({ text: 'Print house A, per the PO.' }).where('id', '=', second).execute(),
      );
      const verdict = await verifyBundle(await bundleOf(id), { jwks: await jwks() });
      expect(verdict.ok).toBe(false);
      expect(verdict.firstFailure).toMatchObject({ id: `comment:${second}:audit` });
      expect(verdict.firstFailure!.detail).toMatch(/text SHA-256/);
    });

    it('a comment deleted by someone with owner rights on the database: the verifier says the audited comment is missing', async () => {
      const { id, first } = await commented();
      await asDatabaseOwner(db(), 'item_comments', () => db().deleteFrom('item_comments').where('id', '=', first).execute());
      const verdict = await verifyBundle(await bundleOf(id), { jwks: await jwks() });
      expect(verdict.firstFailure).toMatchObject({ id: `comment:${first}:present` });
    });
  });
});
