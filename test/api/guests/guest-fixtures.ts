// Steps shared by the guest suites: an item with a guest reviewer (the invite link read from the
// outbox), and the guest's calls: open the link, ask for a code (read from the outbox), confirm
// it, decide. The guest session goes in the body for POSTs and as the cookie for GETs, as a
// browser's would.
import { expect } from 'vitest';
import type { Response } from '../../support/http-client.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { emailedCode } from '../two-factor/two-factor-fixtures.ts';
import type { workflowKit, Person } from '../workflows/workflow-fixtures.ts';
import type { ItemId } from '../../../src/platform/ids.ts';
import type { InviteId } from '../../../src/platform/ids.ts';

export type Invited = { itemId: ItemId; title: string; content: string; email: string; name: string; token: string; inviteId: InviteId };

let counter = 0;

/** The token of a `<baseUrl>/guest/<token>` link in a mail body. */
export function linkToken(body: string): string {
  const m = /\/guest\/([A-Za-z0-9_-]{20,100})/.exec(body);
  if (!m) throw new Error(`no guest link in: ${body}`);
  return m[1]!;
}

export function guestKit(s: TestServer, k: ReturnType<typeof workflowKit>) {
  const { client } = s;
  const db = s.signoff.services.db;

  const outboxIds = async () => new Set((await db.selectFrom('mail_outbox').select('id').execute()).map((r) => r.id));
  /** The mails to `to` with `template` that were not in `before`. */
  const mailsSince = async (before: Set<string>, to: string, template: string) =>
    (
      await db
        .selectFrom('mail_outbox')
        .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
        .select(['id', 'to_address', 'subject', 'text_body', 'template'])
        .where('to_address', '=', to)
        .where('template', '=', template)
        .execute()
    ).filter((r) => !before.has(r.id));

  /** A workflow whose one step has this guest (and `others`), an item submitted to it, and the invite link. */
  async function invited(
    submitter: Person,
    opts: { others?: unknown[]; threshold?: unknown; content?: string; uploadId?: string; showCommentsToGuests?: boolean } = {},
  ): Promise<Invited> {
    const n = ++counter;
    const email = `guest${n}.${Date.now()}@partner.test`;
    const name = `Gina Guest ${n}`;
    const wf = await k.workflow([
      {
        name: 'External review',
        reviewers: [{ guest: { email, name } }, ...(opts.others ?? [])],
        ...(opts.threshold ? { threshold: opts.threshold } : {}),
        ...(opts.showCommentsToGuests !== undefined ? { showCommentsToGuests: opts.showCommentsToGuests } : {}),
      },
    ]);
    const before = await outboxIds();
    const title = `Supplier audit ${n}`;
    const content = opts.content ?? `Confidential batch record ${n}`;
    const res = await client.post('/api/v1/items', { workflowId: wf, title, ...(opts.uploadId ? { uploadId: opts.uploadId } : { content }) }, submitter.token);
    expect(res.status, res.text).toBe(201);
    const mails = await mailsSince(before, email, 'guest-invite');
    expect(mails).toHaveLength(1);
    const invite = await db.selectFrom('guest_invites').select('id').where('item_id', '=', res.body.id).where('email', '=', email).executeTakeFirstOrThrow();
    return { itemId: res.body.id, title, content, email, name, token: linkToken(mails[0]!.text_body), inviteId: invite.id };
  }

  const page = (token: string, session?: string): Promise<Response> =>
    client.request('GET', `/api/v1/guest/${token}`, { headers: session ? { cookie: `signoff_guest=${session}` } : {} });
  const askCode = (token: string, session?: string): Promise<Response> => client.post(`/api/v1/guest/${token}/code`, session ? { guestSession: session } : {});
  const verify = (token: string, session: string | undefined, code: string): Promise<Response> =>
    client.post(`/api/v1/guest/${token}/verify`, { ...(session ? { guestSession: session } : {}), code });
  const decide = (token: string, session: string | undefined, body: { decision: 'approve' | 'reject'; comment?: string }): Promise<Response> =>
    client.post(`/api/v1/guest/${token}/decisions`, { ...(session ? { guestSession: session } : {}), ...body });

  /** Asks for a code (in `session`, or a new one) and returns the session and the code mailed to the invited address. */
  async function codeFor(
    g: Pick<Invited, 'token' | 'email'>,
    session?: string,
  ): Promise<{ session: string; code: string; mail: { subject: string; text_body: string } }> {
    const before = await outboxIds();
    const res = await askCode(g.token, session);
    expect(res.status, res.text).toBe(202);
    const mails = await mailsSince(before, g.email, 'email-code');
    expect(mails).toHaveLength(1);
    return { session: res.body.guestSession, code: emailedCode(mails[0]!), mail: mails[0]! };
  }

  /** A confirmed guest session of the invite (its token after confirmation). */
  async function confirmed(g: Pick<Invited, 'token' | 'email'>): Promise<string> {
    const { session, code } = await codeFor(g);
    const res = await verify(g.token, session, code);
    expect(res.status, res.text).toBe(200);
    return res.body.guestSession;
  }

  /** Eight digits that are not `code`. */
  const wrong = (code: string, n = 1) => String((Number(code) + n * 7919) % 100_000_000).padStart(8, '0');

  const count = async (table: 'mail_outbox' | 'guest_sessions' | 'audit_entries' | 'attempt_counters' | 'votes' | 'item_events') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditOf = async (type: string, inviteId: string) =>
    (await db.selectFrom('audit_entries').select(['type', 'data', 'actor_label']).where('type', '=', type).execute()).filter(
      (e) => JSON.parse(e.data).inviteId === inviteId,
    );

  return { invited, page, askCode, verify, decide, codeFor, confirmed, wrong, count, auditOf, outboxIds, mailsSince };
}
