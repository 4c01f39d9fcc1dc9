// Steps shared by the workflow suites: people with and without an authenticator app, a
// workflow, an item, and the decision calls, over the API of an in-process server on a manual
// clock (TOTP codes from oathtool at that clock's time).
import { expect } from 'vitest';
import { createUser, PASSWORD } from '../../support/fixtures.ts';
import type { Response } from '../../support/http-client.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit, type Proof } from '../two-factor/two-factor-fixtures.ts';
import type { ItemId, UserId, WorkflowId } from '../../../src/platform/ids.ts';

export type Person = { id: UserId; email: string; token: string; secret?: string };
export type StepInput = {
  name?: string;
  reviewers: unknown[];
  threshold?: unknown;
  requireTwoFactor?: boolean;
  requireSignature?: boolean;
  signatureMeanings?: string[];
  onReject?: 'end' | 'previous';
  showCommentsToGuests?: boolean;
  dueInHours?: number;
};

let counter = 0;

export function workflowKit(s: TestServer, adminToken: () => string) {
  const kit = twoFactorKit(s);
  const { client } = s;

  /** A user with a password session; with `totp`, an authenticator app too (and a session that passed it). */
  async function person(name: string, opts: { totp?: boolean; roles?: string[] } = {}): Promise<Person> {
    const email = `${name}.${++counter}@acme.test`;
    const user = await createUser(client, adminToken(), { email, name: name[0]!.toUpperCase() + name.slice(1), roles: opts.roles ?? ['reviewer'] });
    const first = await kit.signIn(email);
    if (!opts.totp) return { id: user.id, email, token: first.token };
    const t = await kit.enableTotp(first.token);
    return { id: user.id, email, token: t.token, secret: t.secret };
  }

  async function workflow(steps: StepInput[], name = `Workflow ${++counter}`): Promise<WorkflowId> {
    const res = await client.post('/api/v1/workflows', { name, steps: steps.map((st, i) => ({ name: st.name ?? `Step ${i + 1}`, ...st })) }, adminToken());
    expect(res.status, res.text).toBe(201);
    return res.body.id;
  }

  async function submit(token: string, workflowId: string, content = `Batch record ${++counter}`): Promise<{ id: ItemId; contentHash: string }> {
    const res = await client.post('/api/v1/items', { workflowId, title: `Item ${counter}`, content }, token);
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  const decide = (
    token: string,
    itemId: string,
    body: { step: number | string; decision: 'approve' | 'reject'; comment?: string; secondFactor?: Proof; signature?: { password: string; meaning: string } },
  ): Promise<Response> => client.post(`/api/v1/items/${itemId}/decisions`, body, token);

  const item = async (token: string, itemId: string) => {
    const res = await client.get(`/api/v1/items/${itemId}`, token);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  /** Votes and history rows of an item, straight from the database (what a refusal must not change). */
  async function recorded(itemId: ItemId) {
    const db = s.signoff.services.db;
    const votes = await db.selectFrom('votes').select(['id', 'decision', 'user_id']).where('item_id', '=', itemId).execute();
    const events = await db.selectFrom('item_events').select(['id', 'action']).where('item_id', '=', itemId).execute();
    const signatures = await db.selectFrom('signatures').select('id').where('item_id', '=', itemId).execute();
    const row = await db.selectFrom('items').select(['status', 'current_step', 'round']).where('id', '=', itemId).executeTakeFirstOrThrow();
    return { votes: votes.length, events: events.length, signatures: signatures.length, ...row };
  }

  const outboxIds = async () => new Set((await s.signoff.services.db.selectFrom('mail_outbox').select('id').execute()).map((r) => r.id));

  return { ...kit, person, workflow, submit, decide, item, recorded, outboxIds, PASSWORD };
}
