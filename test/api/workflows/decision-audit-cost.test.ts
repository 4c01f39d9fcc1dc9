// A protected decision writes four audit entries (second_factor.verified, decision.recorded,
// step.closed, item.closed) in one transaction; they are chained in its last step in three
// statements (claim the seqs, insert the entries, move the head hash) instead of four per entry
// (issue 14 items 2 and 3). The attempt counter's reset rides in that transaction too. What the
// request's session read brought (the organisation's settings, the decider's name) is not read
// again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../support/authenticator.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, login, setUp, PASSWORD } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { attemptCounterWrites, requestTransaction } from '../../support/statements.ts';

describe.each(DIALECTS)('%s: the audit cost of a decision', (dialect) => {
  let s: TestServer;
  let admin: string;
  let people = 0;
  beforeAll(async () => {
    // No mail polling: its statements would run during the counted request.
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    ({ token: admin } = await setUp(s.client));
  });
  afterAll(() => s.stop());

  /** A reviewer with an authenticator approves a submitted item at a one-step protected workflow; the statements of that request. */
  async function protectedDecision() {
    const n = ++people;
    const rita = await createUser(s.client, admin, { email: `rita${n}@acme.test`, name: `Rita ${n}` });
    const sam = await createUser(s.client, admin, { email: `sam${n}@acme.test`, name: `Sam ${n}` });
    let ritaToken = await login(s.client, rita.email, PASSWORD);
    const start = await s.client.post('/api/v1/me/factors/totp', {}, ritaToken);
    const confirm = await s.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: totpCode(start.body.secret, s.clock!.now()) }, ritaToken);
    expect(confirm.status, confirm.text).toBe(200);
    ritaToken = confirm.body.token;
    const wf = await s.client.post(
      '/api/v1/workflows',
      { name: `QA ${n}`, steps: [{ name: 'QA', reviewers: [{ user: rita.id }], requireTwoFactor: true }] },
      admin,
    );
    const item = await s.client.post(
      '/api/v1/items',
      { workflowId: wf.body.id, title: 'Batch record', content: 'text' },
      await login(s.client, sam.email, PASSWORD),
    );
    expect(item.status, item.text).toBe(201);
    s.clock!.advance(30_000);

    const seen: string[] = [];
    const stop = s.signoff.database.onStatement((text) => seen.push(text));
    const decided = await s.client.post(
      `/api/v1/items/${item.body.id}/decisions`,
      { step: 0, decision: 'approve', secondFactor: { method: 'totp', code: totpCode(start.body.secret, s.clock!.now()) } },
      ritaToken,
    );
    stop();
    expect(decided.status, decided.text).toBe(201);
    return { seen, decided, rita, ritaToken };
  }

  it('chains the four entries of a protected decision in two statements (the head moved from where this instance left it, the entries) and resets the attempt counter inside its transaction', async () => {
    const { seen } = await protectedDecision();
    const audit = await s.client.get(`/api/v1/admin/audit?limit=4`, admin);
    expect(audit.body.entries.map((e: { type: string }) => e.type)).toEqual(['item.closed', 'step.closed', 'decision.recorded', 'second_factor.verified']);
    const auditWrites = seen.filter((text) => /^\s*(insert into|update)\s+"audit_(heads|entries)"/i.test(text));
    expect(auditWrites, auditWrites.join('\n')).toHaveLength(2);
    expect(seen.filter((text) => /"audit_(heads|entries)"/.test(text))).toHaveLength(2);
    expect((await s.client.get('/api/v1/admin/audit/verify', admin)).body.ok).toBe(true);
    // The attempt reserved before the code was checked is reset inside the decision's transaction:
    // one write of its own (the reservation), none after the commit.
    const counter = attemptCounterWrites(seen);
    expect(counter.begin).toBeGreaterThan(-1);
    expect(counter.before).toHaveLength(1);
    expect(counter.inside).toHaveLength(1);
    expect(counter.after).toHaveLength(0);
  });

  it("moves the item's updated_at and its tasks' copy once when the decision closes the step: the claim moved them, closing the item leaves them", async () => {
    const { seen, decided } = await protectedDecision();
    expect(decided.body.item.status).toBe('approved');
    const { begin, end } = requestTransaction(seen);
    const inside = seen.slice(begin, end);
    expect(inside.filter((text) => /^\s*update "tasks" set "item_updated_at"/i.test(text))).toHaveLength(1);
    const itemUpdates = inside.filter((text) => /^\s*update "items"/i.test(text));
    expect(itemUpdates).toHaveLength(2);
    expect(
      itemUpdates.filter((text) => /"updated_at" =/.test(text.split(/ where /i)[0]!)),
      itemUpdates.join('\n'),
    ).toHaveLength(1);
  });

  it("reads neither the organisation (its settings, its name for the mail) nor the decider's user row again: the request's session read brought them, and the instance knows the name", async () => {
    const { seen, decided, rita } = await protectedDecision();
    expect(
      seen.filter((text) => /from "organizations"/.test(text)),
      seen.join('\n'),
    ).toEqual([]);
    // The users read: the submitter's mail in the transaction, and everyone the answer's item view names at once.
    const commit = requestTransaction(seen).end;
    const usersRead = seen.flatMap((text, i) => (/from "users"/.test(text) ? [i] : []));
    expect(usersRead.filter((i) => i < commit)).toHaveLength(1);
    expect(usersRead.filter((i) => i > commit)).toHaveLength(1);
    const decidedEntry = decided.body.item.history.find((h: { action: string }) => h.action === 'decided');
    expect(decidedEntry.actor).toMatchObject({ id: rita.id, name: `Rita ${people}`, email: rita.email });
  });

  it("asks about the proof's method alone: a TOTP decision does not count the decider's unused backup codes", async () => {
    const { seen } = await protectedDecision();
    // The decider has backup codes (confirming the authenticator made them): listing every usable method would count them.
    expect(
      seen.filter((text) => /"backup_codes"/.test(text)),
      seen.join('\n'),
    ).toEqual([]);
  });

  it('answers with the item view without asking again whether the decider may read the item: deciding showed it', async () => {
    const { seen, decided, ritaToken } = await protectedDecision();
    const commit = requestTransaction(seen).end;
    const afterCommit = seen.slice(commit + 1);
    // loadVisible's question for a reader who is neither admin nor submitter: were they ever a reviewer?
    expect(
      afterCommit.filter((text) => /from "tasks"/.test(text)),
      afterCommit.join('\n'),
    ).toEqual([]);
    expect(afterCommit.filter((text) => /from "items"/.test(text))).toHaveLength(1);
    // The same view a later read of the item gives.
    const read = await s.client.get(`/api/v1/items/${decided.body.item.id}`, ritaToken);
    expect(read.status).toBe(200);
    expect(decided.body.item).toEqual(read.body);
  });
});
