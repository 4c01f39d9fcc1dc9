// Attack: a guest (someone outside the organisation, perhaps a supplier) reads what the
// internal reviewers wrote about the item in their comments. The guest view now leaves every
// comment but the guest's own out of the history, unless the step the guest was invited to says
// `showCommentsToGuests` (off by default); the staff's own item view is unchanged.
// @see docs/security.md J10 (authority on every request: a guest reads only what the step shares with guests)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';
import { guestKit } from './guest-fixtures.ts';

const INTERNAL = 'Internal only: their pricing is 40% above the other bid';

// @see docs/security.md#j-e-signatures-and-the-audit-trail J10
describe.each(DIALECTS)("%s: reviewers' comments and guests", (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let g: ReturnType<typeof guestKit>;
  let submitter: Person;
  let alice: Person;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    g = guestKit(s, k);
    submitter = await k.person('sam', { roles: ['owner'] });
    alice = await k.person('alice');
  });
  afterAll(() => s?.stop());

  async function scenario(showCommentsToGuests?: boolean) {
    const inv = await g.invited(submitter, { others: [{ user: alice.id }], ...(showCommentsToGuests !== undefined ? { showCommentsToGuests } : {}) });
    expect((await k.decide(alice.token, inv.itemId, { step: 0, decision: 'approve', comment: INTERNAL })).status).toBe(201);
    const session = await g.confirmed(inv);
    expect((await g.decide(inv.token, session, { decision: 'approve', comment: 'Guest says fine' })).status).toBe(201);
    return { inv, page: await g.page(inv.token, session) };
  }

  it('by default the guest sees the decisions but no internal comment, and their own comment', async () => {
    const { inv, page } = await scenario();
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(INTERNAL);
    const decided = page.body.item.history.filter((h: { action: string }) => h.action === 'decided');
    expect(decided).toHaveLength(2);
    expect(decided.find((h: { actor: { email: string } }) => h.actor.email === alice.email)).not.toHaveProperty('comment');
    expect(decided.find((h: { actor: { email: string } }) => h.actor.email === inv.email)).toMatchObject({ comment: 'Guest says fine' });
    // The staff still see every comment.
    expect(JSON.stringify((await k.item(submitter.token, inv.itemId)).history)).toContain(INTERNAL);
  });

  it('a step with showCommentsToGuests shows the comments to its guests', async () => {
    const { page } = await scenario(true);
    expect(page.text).toContain(INTERNAL);
  });

  it('the option is off by default in the definition and round-trips when on', async () => {
    const off = await k.workflow([{ reviewers: [{ user: alice.id }] }]);
    const on = await k.workflow([{ reviewers: [{ user: alice.id }], showCommentsToGuests: true }]);
    expect((await s.client.get(`/api/v1/workflows/${off}`, admin.token)).body.steps[0].showCommentsToGuests).toBe(false);
    expect((await s.client.get(`/api/v1/workflows/${on}`, admin.token)).body.steps[0].showCommentsToGuests).toBe(true);
    expect(
      (
        await s.client.post(
          '/api/v1/workflows',
          { name: 'Bad', steps: [{ name: 'A', reviewers: [{ user: alice.id }], showCommentsToGuests: 'yes' }] },
          admin.token,
        )
      ).body.code,
    ).toBe('invalid_request');
  });
});
