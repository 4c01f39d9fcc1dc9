// A guest code raced across two instances (docs/security.md I2, I3, D2): two `signoff serve`
// processes on one PostgreSQL database; one invite, the session that asked for the code and
// other sessions of the same invite; the same valid code sent 20 times at once, spread over
// both instances. Exactly one session is confirmed, once. The others are refused as an invalid
// code (another session's, or already used) or by the invite's attempt budget (429), which is
// reserved in the database before each attempt is evaluated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, PASSWORD, setUp } from '../support/fixtures.ts';
import type { Response } from '../support/http-client.ts';
import { linkToken } from '../api/guests/guest-fixtures.ts';
import { twoInstances } from './two-instances.ts';

// @see docs/security.md#i-guest-reviewers I2, I3; docs/security.md#d-emailed-codes D2
describe('postgres: one guest code raced across two instances', () => {
  const cluster = twoInstances();
  let admin: string;
  let submitter: string;
  let n = 0;

  beforeAll(async () => {
    await cluster.start();
    admin = (await setUp(cluster.a.client)).token;
    const user = await createUser(cluster.a.client, admin, { email: 'sam@acme.test', roles: ['owner'] });
    submitter = await login(cluster.a.client, user.email, PASSWORD);
  });
  afterAll(() => cluster.stop());

  const mailIds = async (to: string, template: string) =>
    await cluster.query<{ id: string; text_body: string }>(
      'SELECT id, text_body FROM mail_outbox JOIN mail_bodies ON mail_id = id WHERE to_address = $1 AND template = $2',
      [to, template],
    );

  /** An item with one guest reviewer; the link read from the outbox. */
  async function invited() {
    const email = `guest${++n}@partner.test`;
    const wf = await cluster.a.client.post(
      '/api/v1/workflows',
      { name: `Guest race ${n}`, steps: [{ name: 'External', reviewers: [{ guest: { email, name: 'Gina' } }] }] },
      admin,
    );
    expect(wf.status, wf.text).toBe(201);
    const item = await cluster.b.client.post('/api/v1/items', { workflowId: wf.body.id, title: `Race ${n}`, content: 'Lot 1' }, submitter);
    expect(item.status, item.text).toBe(201);
    const [invite] = await mailIds(email, 'guest-invite');
    const row = (await cluster.query<{ id: string }>('SELECT id FROM guest_invites WHERE item_id = $1', [item.body.id]))[0]!;
    return { email, token: linkToken(invite!.text_body), inviteId: row.id };
  }

  /** A new guest session on instance `i`, and the code mailed for it. */
  async function session(g: { email: string; token: string }, i: number) {
    const before = new Set((await mailIds(g.email, 'email-code')).map((m) => m.id));
    const res = await cluster.at(i).client.post(`/api/v1/guest/${g.token}/code`, {});
    expect(res.status, res.text).toBe(202);
    const mail = (await mailIds(g.email, 'email-code')).filter((m) => !before.has(m.id));
    expect(mail).toHaveLength(1);
    return { guestSession: res.body.guestSession as string, code: /^\s*([0-9]{8})\s*$/m.exec(mail[0]!.text_body)![1]! };
  }

  function expectOneWinner(answers: Response[]) {
    const winners = answers.filter((r) => r.status === 200);
    expect(winners, answers.map((r) => `${r.status} ${r.body?.code}`).join(', ')).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) {
      expect([403, 429]).toContain(r.status);
      expect(['guest_code_invalid', 'too_many_attempts']).toContain(r.body.code);
      expect(r.body.guestSession).toBeUndefined();
    }
    return winners[0]!;
  }

  async function confirmedSessions(inviteId: string) {
    const rows = await cluster.query<{ id: string }>('SELECT id FROM guest_sessions WHERE invite_id = $1 AND verified_at IS NOT NULL', [inviteId]);
    const audited = await cluster.query<{ n: string }>("SELECT count(*) AS n FROM audit_entries WHERE type = 'guest.verified' AND data LIKE $1", [
      `%${inviteId}%`,
    ]);
    return { sessions: rows.length, audited: Number(audited[0]!.n) };
  }

  it('confirms exactly one session when the right session and four others send one code 20 times over two instances', async () => {
    const g = await invited();
    const right = await session(g, 0);
    const others = [await session(g, 1), await session(g, 0), await session(g, 1), await session(g, 0)];
    const senders = [...Array.from({ length: 10 }, () => right.guestSession), ...Array.from({ length: 10 }, (_, i) => others[i % others.length]!.guestSession)];
    const answers = await Promise.all(
      senders.map((guestSession, i) => cluster.at(i).client.post(`/api/v1/guest/${g.token}/verify`, { guestSession, code: right.code })),
    );
    const winner = expectOneWinner(answers);
    expect(senders[answers.indexOf(winner)]).toBe(right.guestSession);

    expect(await confirmedSessions(g.inviteId)).toEqual({ sessions: 1, audited: 1 });
    const page = await cluster.b.client.request('GET', `/api/v1/guest/${g.token}`, { headers: { cookie: `signoff_guest=${winner.body.guestSession}` } });
    expect(page.body.state).toBe('verified');
    for (const o of others) {
      const seen = await cluster.a.client.request('GET', `/api/v1/guest/${g.token}`, { headers: { cookie: `signoff_guest=${o.guestSession}` } });
      expect(seen.body.state).toBe('code_required');
    }
  });

  it('confirms the session once when it sends its code 20 times over two instances', async () => {
    const g = await invited();
    const right = await session(g, 1);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        cluster.at(i).client.post(`/api/v1/guest/${g.token}/verify`, { guestSession: right.guestSession, code: right.code }),
      ),
    );
    expectOneWinner(answers);
    expect(await confirmedSessions(g.inviteId)).toEqual({ sessions: 1, audited: 1 });
    const used = await cluster.query<{ code_hash: string | null }>('SELECT code_hash FROM guest_sessions WHERE invite_id = $1', [g.inviteId]);
    expect(used).toEqual([{ code_hash: null }]);
  });
});
