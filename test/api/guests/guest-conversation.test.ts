// Guests in the item conversation (issue 13 item 5) on both databases: a confirmed guest comments
// as "Name (guest)" and members read it; an unconfirmed session, a revoked or expired invite and
// another invite's session are refused with the guest problem codes and store nothing; what a
// guest reads follows their step's showCommentsToGuests (their own comments always); a guest's
// '@' mentions and emails nobody; the audit entry; the evidence bundle verifies offline.
// @see docs/security.md I1 (the guest sees only what they are meant to), I5 (the guest acts as the invited, confirmed email)
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src/evidence/index.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';
import { guestKit, type Invited } from './guest-fixtures.ts';
import type { ItemId } from '../../../src/platform/ids.ts';

describe.each(DIALECTS)('%s: guests in the item conversation', (dialect) => {
  let s: TestServer;
  let admin: { token: string; userId: string };
  let k: ReturnType<typeof workflowKit>;
  let g: ReturnType<typeof guestKit>;
  let sam: Person;
  let rita: Person;

  const db = () => s.signoff.services.db;
  const rows = (itemId: ItemId) => db().selectFrom('item_comments').selectAll().where('item_id', '=', itemId).orderBy('seq').execute();
  const guestPost = (inv: Pick<Invited, 'token'>, session: string | undefined, body: Record<string, unknown>) =>
    s.client.post(`/api/v1/guest/${inv.token}/comments`, { ...(session ? { guestSession: session } : {}), ...body });
  const memberPost = (p: Person, itemId: string, text: string) => s.client.post(`/api/v1/items/${itemId}/comments`, { text }, p.token);
  const guestComments = async (inv: Invited, session: string) => {
    const page = await g.page(inv.token, session);
    expect(page.status, page.text).toBe(200);
    return (page.body.item.comments as { text: string }[]).map((c) => c.text);
  };

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    g = guestKit(s, k);
    sam = await k.person('sam', { roles: ['owner'] });
    rita = await k.person('rita');
  });
  afterAll(() => s?.stop());

  it('a confirmed guest comments on the current version; members read it as "Name (guest)" with the email', async () => {
    const inv = await g.invited(sam);
    const session = await g.confirmed(inv);
    const res = await guestPost(inv, session, { text: '  Our lab re-ran the assay.\nSame result.  ' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      author: { id: inv.inviteId, name: `${inv.name} (guest)`, email: inv.email, guest: true },
      text: 'Our lab re-ran the assay.\nSame result.',
      revision: 1,
      mentions: [],
    });

    const read = await s.client.get(`/api/v1/items/${inv.itemId}/comments`, sam.token);
    expect(read.status, read.text).toBe(200);
    expect(read.body.comments).toEqual([
      expect.objectContaining({ id: res.body.id, author: { id: inv.inviteId, name: `${inv.name} (guest)`, email: inv.email, guest: true } }),
    ]);
    // Members cannot mention guests: only members are offered.
    expect(read.body.mentionable.some((p: { email: string }) => p.email === inv.email)).toBe(false);
    const [row] = await rows(inv.itemId);
    expect(row).toMatchObject({ author_user_id: null, author_invite_id: inv.inviteId, author_name: inv.name, author_email: inv.email });
  });

  it('the guest comment is audited as the guest, with its invite and the SHA-256 of the text, not the text', async () => {
    const inv = await g.invited(sam);
    const session = await g.confirmed(inv);
    const text = 'Certificate 24-0117 matches our records.';
    const res = await guestPost(inv, session, { text });
    expect(res.status, res.text).toBe(201);
    const entry = await db()
      .selectFrom('audit_entries')
      .selectAll()
      .where('type', '=', 'item.commented')
      .where('target_id', '=', inv.itemId)
      .executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBeNull();
    expect(entry.actor_label).toBe(`guest ${inv.email}`);
    expect(JSON.parse(entry.data)).toEqual({
      itemId: inv.itemId,
      commentId: res.body.id,
      seq: 1,
      revision: 1,
      textSha256: createHash('sha256').update(text).digest('hex'),
      length: text.length,
      mentions: [],
      inviteId: inv.inviteId,
    });
    expect(entry.data).not.toContain('24-0117');
  });

  it("a guest's '@' mentions nobody and emails nobody", async () => {
    const inv = await g.invited(sam, { others: [{ user: rita.id }] });
    const session = await g.confirmed(inv);
    const before = await g.outboxIds();
    const res = await guestPost(inv, session, { text: `@${sam.email.split('@')[0]} @${rita.email.split('@')[0]} please call me` });
    expect(res.status, res.text).toBe(201);
    expect(res.body.mentions).toEqual([]);
    expect(JSON.parse((await rows(inv.itemId))[0]!.mentions)).toEqual([]);
    const after = await db().selectFrom('mail_outbox').select('id').execute();
    expect(after.filter((m) => !before.has(m.id))).toEqual([]);
  });

  it('refuses a missing or unconfirmed guest session with unauthenticated, storing nothing', async () => {
    const inv = await g.invited(sam);
    const pending = (await g.codeFor(inv)).session;
    for (const session of [undefined, pending, 'x'.repeat(43)]) {
      const res = await guestPost(inv, session, { text: 'let me in' });
      expect(res.status, res.text).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
    }
    expect(await rows(inv.itemId)).toEqual([]);
  });

  it("refuses another invite's confirmed session on this link, and this session on another item's link", async () => {
    const mine = await g.invited(sam);
    const other = await g.invited(sam);
    const otherSession = await g.confirmed(other);
    const crossed = await guestPost(mine, otherSession, { text: 'from the other item' });
    expect(crossed.status).toBe(401);
    expect(crossed.body.code).toBe('unauthenticated');
    const unknownLink = await guestPost({ token: 'A'.repeat(43) }, otherSession, { text: 'made-up link' });
    expect(unknownLink.status).toBe(404);
    expect(unknownLink.body.code).toBe('not_found');
    expect(await rows(mine.itemId)).toEqual([]);
    expect(await rows(other.itemId)).toEqual([]);
  });

  it('refuses a revoked invite with invite_revoked, storing nothing', async () => {
    const revoked = await g.invited(sam);
    const revokedSession = await g.confirmed(revoked);
    expect((await s.client.post(`/api/v1/items/${revoked.itemId}/invites/${revoked.inviteId}/revoke`, {}, sam.token)).status).toBe(200);
    const r = await guestPost(revoked, revokedSession, { text: 'after revocation' });
    expect(r.status).toBe(410);
    expect(r.body.code).toBe('invite_revoked');
    expect(await rows(revoked.itemId)).toEqual([]);
  });

  it('refuses empty, over-long and control-character texts, a revision and unknown fields, storing nothing', async () => {
    const inv = await g.invited(sam);
    const session = await g.confirmed(inv);
    for (const body of [
      { text: '' },
      { text: '  \n ' },
      { text: 'x'.repeat(4001) },
      { text: 'bell\u0007' },
      { text: 'ok', revision: 1 },
      { text: 'ok', author: 'usr_x' },
      {},
    ]) {
      const res = await guestPost(inv, session, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    }
    expect(await rows(inv.itemId)).toEqual([]);
  });

  it('with showCommentsToGuests off the guest reads only their own comments; on, the whole conversation', async () => {
    const closed = await g.invited(sam, { others: [{ user: rita.id }] });
    const closedSession = await g.confirmed(closed);
    expect((await memberPost(sam, closed.itemId, 'Internal: the other bid is cheaper')).status).toBe(201);
    expect((await guestPost(closed, closedSession, { text: 'Guest question' })).status).toBe(201);
    expect((await memberPost(rita, closed.itemId, 'Internal: ignore the question')).status).toBe(201);
    expect(await guestComments(closed, closedSession)).toEqual(['Guest question']);
    // Members read all three, the guest's among them.
    expect((await s.client.get(`/api/v1/items/${closed.itemId}/comments`, rita.token)).body.comments).toHaveLength(3);

    const open = await g.invited(sam, { others: [{ user: rita.id }], showCommentsToGuests: true });
    const openSession = await g.confirmed(open);
    expect((await memberPost(sam, open.itemId, 'Welcome, please look at page 2')).status).toBe(201);
    const answer = await guestPost(open, openSession, { text: 'Page 2 is fine' });
    expect(answer.body.id).toMatch(/^cmt_/);
    expect(await guestComments(open, openSession)).toEqual(['Welcome, please look at page 2', 'Page 2 is fine']);
  });

  it('rate-limits a guest per invite: after 20 comments in a row the next waits', async () => {
    const inv = await g.invited(sam);
    const session = await g.confirmed(inv);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await guestPost(inv, session, { text: `flood ${i}` })).status);
    expect(statuses.slice(0, 20).every((x) => x === 201)).toBe(true);
    expect(statuses.slice(20)).toContain(429);
  });

  it('the evidence bundle carries the guest comment and the offline verifier checks it against its audit entry', async () => {
    const inv = await g.invited(sam);
    const session = await g.confirmed(inv);
    expect((await memberPost(sam, inv.itemId, 'Please confirm the batch')).status).toBe(201);
    const res = await guestPost(inv, session, { text: 'Confirmed by our QA.' });
    expect(res.status, res.text).toBe(201);
    const bundle = await s.client.get(`/api/v1/items/${inv.itemId}/evidence`, sam.token);
    expect(bundle.status, bundle.text).toBe(200);
    const doc = JSON.parse(bundle.text);
    expect(doc.comments[1]).toMatchObject({
      id: res.body.id,
      author: { userId: null, inviteId: inv.inviteId, guest: true, name: inv.name, email: inv.email },
      text: 'Confirmed by our QA.',
    });
    const jwks = (await s.signoff.services.keyring.jwks(db())) as { keys: { kid: string; x: string }[] };
    const verdict = await verifyBundle(bundle.text, { jwks });
    expect(verdict.firstFailure).toBeNull();
    expect(verdict.checks.filter((c) => c.id.startsWith('comment:')).map((c) => c.ok)).toEqual([true, true]);

    // A guest comment passed off as a member's: the verifier names it.
    doc.comments[1].author = { userId: null, name: inv.name, email: inv.email };
    const forged = await verifyBundle(JSON.stringify(doc), { jwks });
    expect(forged.checks.find((c) => c.id === `comment:${res.body.id}:audit`)).toMatchObject({ ok: false });
  });

  // Last: it moves the shared clock past the invite's expiry (and everyone's sessions).
  it('refuses an expired invite with invite_expired, storing nothing', async () => {
    const expiring = await g.invited(sam);
    const session = await g.confirmed(expiring);
    const invite = await db().selectFrom('guest_invites').select('expires_at').where('id', '=', expiring.inviteId).executeTakeFirstOrThrow();
    s.clock!.set(Number(invite.expires_at));
    const e = await guestPost(expiring, session, { text: 'too late' });
    expect(e.status).toBe(410);
    expect(e.body.code).toBe('invite_expired');
    expect(await rows(expiring.itemId)).toEqual([]);
  });
});
