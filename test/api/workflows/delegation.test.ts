// Out-of-office delegation over the API on both databases (issue 13 item 4): setting it and its
// rules, tasks offered to the delegate, the delegate deciding with their own factors and
// signature, the record saying "B on behalf of A" (vote, seal, history, audit, evidence), and
// the refusals: no self-approval, no double vote (also concurrent), no onward delegation, and
// nothing once the delegation ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { statementPlan } from '../../support/query-plan.ts';
import { lockingConnection } from '../../support/locking-connection.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { verifyBundle } from '../../../src/evidence/index.ts';
import { decisionBinding } from '../../../src/workflows/index.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('delegation on %s', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam', { roles: ['owner'] });
  });
  afterAll(() => s?.stop());

  const now = () => s.clock!.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const period = (fromMs = -HOUR, untilMs = 7 * DAY) => ({ from: iso(now() + fromMs), until: iso(now() + untilMs) });
  const putDelegation = (token: string, body: unknown, path = '/api/v1/me/delegation') => s.client.request('PUT', path, { body, token });
  async function delegate(from: Person, to: Person, note?: string) {
    const res = await putDelegation(from.token, { delegateUserId: to.id, ...period(), ...(note ? { note } : {}) });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }
  const auditOf = (type: string) => s.signoff.services.db.selectFrom('audit_entries').select(['actor_user_id', 'data']).where('type', '=', type).execute();
  const mailTo = (email: string, template: string) =>
    s.signoff.services.db
      .selectFrom('mail_outbox')
      .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
      .select(['subject', 'text_body'])
      .where('to_address', '=', email)
      .where('template', '=', template)
      .execute();
  const protectedFlow = (reviewers: Person[], extra: Record<string, unknown> = {}) =>
    k.workflow([{ reviewers: reviewers.map((p) => ({ user: p.id })), requireTwoFactor: true, ...extra }]);
  const forA = (a: Person, b: Person, itemId: string, extra: Record<string, unknown> = {}) =>
    s.client.post(
      `/api/v1/items/${itemId}/decisions`,
      { step: 0, decision: 'approve', onBehalfOf: a.id, secondFactor: { method: 'totp', code: k.freshTotp(b.secret!) }, ...extra },
      b.token,
    );

  describe('setting a delegate', () => {
    it('sets a delegate for a period: answered, shown by GET, audited, and the delegate is emailed', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben')];
      const body = await delegate(a, b, 'Back on Monday');
      expect(body).toMatchObject({ user: { id: a.id }, delegate: { id: b.id, email: b.email }, note: 'Back on Monday', active: true, setBy: { id: a.id } });
      expect((await s.client.get('/api/v1/me/delegation', a.token)).body.delegation).toMatchObject({ delegate: { id: b.id } });
      expect((await s.client.get('/api/v1/me/delegation', b.token)).body.standingInFor).toEqual([expect.objectContaining({ id: a.id })]);
      expect((await auditOf('delegation.set')).some((e) => e.actor_user_id === a.id && String(e.data).includes(b.id))).toBe(true);
      expect((await mailTo(b.email, 'delegation-notice'))[0]?.text_body).toMatch(/named you their out-of-office delegate/);
    });

    it('refuses a bad period or delegate with invalid_request on the field, and changes nothing', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben')];
      const inactive = await k.person('ivy');
      expect((await s.client.patch(`/api/v1/admin/users/${inactive.id}`, { active: false }, admin.token)).status).toBe(200);
      const cases: [unknown, string][] = [
        [{ delegateUserId: a.id, ...period() }, '#/delegateUserId'],
        [{ delegateUserId: inactive.id, ...period() }, '#/delegateUserId'],
        [{ delegateUserId: 'usr_aaaaaaaaaaaaaaaaaaaaaaaaaa', ...period() }, '#/delegateUserId'],
        [{ delegateUserId: b.id, from: iso(now() + DAY), until: iso(now() + HOUR) }, '#/until'],
        [{ delegateUserId: b.id, from: iso(now() - 2 * DAY), until: iso(now() - DAY) }, '#/until'],
        [{ delegateUserId: b.id, from: iso(now()), until: iso(now() + 400 * DAY) }, '#/until'],
        [{ delegateUserId: b.id, from: '2026-12-01T09:00', until: iso(now() + DAY) }, '#/from'],
      ];
      for (const [body, pointer] of cases) {
        const res = await putDelegation(a.token, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.code).toBe('invalid_request');
        expect(JSON.stringify(res.body.errors ?? [])).toContain(pointer);
      }
      expect((await s.client.get('/api/v1/me/delegation', a.token)).body.delegation).toBeNull();
    });

    it('refuses a delegate who is away themself during the period, so two people cannot name each other', async () => {
      const [a, b, c] = [await k.person('ann'), await k.person('ben'), await k.person('cat')];
      await delegate(b, c);
      const res = await putDelegation(a.token, { delegateUserId: b.id, ...period() });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('delegate_unavailable');
      await delegate(a, c);
      expect((await putDelegation(c.token, { delegateUserId: a.id, ...period() })).body.code).toBe('delegate_unavailable');
    });

    // @see docs/security.md#k-reliability-under-concurrency K9
    it('lets only one of two people who name each other at the same moment through: the other is delegate_unavailable', async () => {
      for (let i = 0; i < 5; i++) {
        const [a, b] = [await k.person('ann'), await k.person('ben')];
        const answers = await Promise.all([
          putDelegation(a.token, { delegateUserId: b.id, ...period() }),
          putDelegation(b.token, { delegateUserId: a.id, ...period() }),
        ]);
        expect(answers.map((r) => r.status).sort(), answers.map((r) => r.text).join(' ')).toEqual([200, 409]);
        expect(answers.find((r) => r.status === 409)?.body.code).toBe('delegate_unavailable');
        const named = await Promise.all([a, b].map(async (p) => (await s.client.get('/api/v1/me/delegation', p.token)).body.delegation));
        expect(named.filter(Boolean)).toHaveLength(1);
      }
    });

    it('lets an admin set and end a delegation for another user, audited as done by the admin; others cannot', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben')];
      const set = await putDelegation(admin.token, { delegateUserId: b.id, ...period() }, `/api/v1/admin/users/${a.id}/delegation`);
      expect(set.status, set.text).toBe(200);
      expect(set.body).toMatchObject({ user: { id: a.id }, delegate: { id: b.id } });
      expect(set.body.setBy.id).not.toBe(a.id);
      const entry = (await auditOf('delegation.set')).find((e) => String(e.data).includes(a.id) && String(e.data).includes('byAdmin'));
      expect(entry?.actor_user_id).toBe(set.body.setBy.id);
      expect((await putDelegation(b.token, { delegateUserId: b.id, ...period() }, `/api/v1/admin/users/${a.id}/delegation`)).status).toBe(403);
      expect((await s.client.delete(`/api/v1/admin/users/${a.id}/delegation`, admin.token)).status).toBe(204);
      expect((await s.client.get('/api/v1/me/delegation', a.token)).body.delegation).toBeNull();
      expect((await auditOf('delegation.ended')).some((e) => String(e.data).includes(a.id) && String(e.data).includes('byAdmin'))).toBe(true);
    });
  });

  describe('while it runs', () => {
    it("offers A's open tasks to B, marked on behalf of A; B may read the item and myTask says for whom", async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben', { totp: true })];
      const item = await k.submit(submitter.token, await protectedFlow([a]));
      expect((await s.client.get(`/api/v1/items/${item.id}`, b.token)).status).toBe(404);
      await delegate(a, b);
      const tasks = (await s.client.get('/api/v1/tasks', b.token)).body.tasks;
      expect(tasks.find((t: { itemId: string }) => t.itemId === item.id)).toMatchObject({ onBehalfOf: { id: a.id, email: a.email } });
      const view = await k.item(b.token, item.id);
      expect(view.myTask).toMatchObject({ canDecide: true, requireTwoFactor: true, onBehalfOf: { id: a.id } });
      expect((await k.item(a.token, item.id)).myTask.onBehalfOf).toBeUndefined();
    });

    it("lists B's own tasks and A's together, newest first, page after page, each person's read through their own index", async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben')];
      await delegate(a, b);
      const [forA, forB] = [await k.workflow([{ reviewers: [{ user: a.id }] }]), await k.workflow([{ reviewers: [{ user: b.id }] }])];
      const offered: string[] = [];
      for (const wf of [forA, forB, forB, forA, forA, forB, forA]) {
        s.clock!.advance(1000);
        offered.push((await k.submit(submitter.token, wf)).id);
      }
      s.clock!.advance(1000);
      const bSubmitted = await k.submit(b.token, forA);

      const listed: string[] = [];
      const statements: { sql: string; parameters: readonly unknown[] }[] = [];
      let before: string | undefined;
      do {
        const stop = s.signoff.database.onStatement((sql, parameters) => statements.push({ sql, parameters }));
        const res = await s.client.get(`/api/v1/tasks?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`, b.token);
        stop();
        expect(res.status, res.text).toBe(200);
        listed.push(...res.body.tasks.map((t: { itemId: string }) => t.itemId));
        before = res.body.nextBefore;
      } while (before);
      expect(listed).toEqual(offered.toReversed());
      expect(listed).not.toContain(bSubmitted.id);

      // Asking for anyone of them in one statement made both databases read and sort every open
      // task of all of them (0.4–0.6 s a page for the delegate of someone with 100,000).
      const pages = statements.filter((q) => /from "tasks"/.test(q.sql) && /order by "tasks"."overdue" desc/.test(q.sql));
      expect(pages.length).toBeGreaterThan(0);
      for (const page of pages) {
        const plan = await statementPlan(s.signoff.database, page);
        if (dialect === 'sqlite') {
          expect(plan, plan).toMatch(/SEARCH tasks USING INDEX tasks_user_open_overdue_idx \(user_id=\? AND open=\?/);
          expect(plan, plan).not.toMatch(/TEMP B-TREE|MULTI-INDEX/);
        } else {
          expect(plan, plan).toMatch(/tasks_user_open_overdue_idx/);
          expect(plan, plan).not.toMatch(/Sort|BitmapOr/);
        }
      }
    });

    it('sends a new task for A to B as well: B is emailed', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben')];
      await delegate(a, b);
      const wf = await protectedFlow([a]);
      const before = (await mailTo(b.email, 'delegation-notice')).length;
      const item = await k.submit(submitter.token, wf);
      const mails = await mailTo(b.email, 'delegation-notice');
      expect(mails.length).toBe(before + 1);
      expect(mails.filter((m) => /Review requested for Ann/.test(m.subject))).toHaveLength(1);
      expect((await s.client.get('/api/v1/tasks', b.token)).body.tasks.map((t: { itemId: string }) => t.itemId)).toContain(item.id);
    });

    it("records a protected decision as B on behalf of A, with B's own TOTP: vote, history, audit, and A is emailed", async () => {
      const [a, b] = [await k.person('ann', { totp: true }), await k.person('ben', { totp: true })];
      const item = await k.submit(submitter.token, await protectedFlow([a]));
      await delegate(a, b);
      const res = await forA(a, b, item.id, { comment: 'covering for Ann' });
      expect(res.status, res.text).toBe(201);
      expect(res.body.decision).toMatchObject({ method: 'totp', onBehalfOf: a.id });
      expect(res.body.item.status).toBe('approved');
      const entry = res.body.item.history.find((h: { action: string }) => h.action === 'decided');
      expect(entry).toMatchObject({ actor: { id: b.id }, onBehalfOf: { id: a.id, email: a.email }, badges: ['2fa_verified'], valid: true });
      const vote = await s.signoff.services.db.selectFrom('votes').selectAll().where('item_id', '=', item.id).executeTakeFirstOrThrow();
      expect(vote).toMatchObject({ user_id: b.id, on_behalf_of: a.id, reviewer_key: `user:${a.id}` });
      expect(vote.binding).toBe(
        decisionBinding({
          itemId: item.id,
          step: 0,
          round: Number(vote.round),
          contentHash: item.contentHash,
          decision: 'approve',
          comment: 'covering for Ann',
          onBehalfOf: a.id,
        }),
      );
      const recorded = (await auditOf('decision.recorded')).find((e) => String(e.data).includes(vote.id));
      expect(recorded?.actor_user_id).toBe(b.id);
      expect(JSON.parse(String(recorded!.data))).toMatchObject({ onBehalfOf: a.id });
      expect((await mailTo(a.email, 'delegation-notice')).some((m) => /Ben, your delegate, chose to approve/.test(m.text_body))).toBe(true);
    });

    // @see docs/security.md#k-reliability-under-concurrency K9
    it.runIf(dialect === 'postgres')('refuses a decision on behalf of A when A ends the delegation while it is being recorded: nothing kept', async () => {
      // The test's own connection ends the delegation and holds its row while B's decision
      // reaches its re-check; once the end commits, the decision must see it (it used to read
      // the delegation as still running and record B's vote for A after A had ended it).
      const [a, b] = [await k.person('ayla', { totp: true }), await k.person('bo', { totp: true })];
      await delegate(a, b);
      const item = await k.submit(submitter.token, await protectedFlow([a]));
      const other = await lockingConnection(s);
      try {
        await other.query('begin');
        await other.query('update delegations set ended_at = $2 where user_id = $1 and ended_at is null', [a.id, now()]);
        const res = forA(a, b, item.id);
        await other.waitsFor(res, 'the decision');
        await other.query('commit');
        expect((await res).status, (await res).text).toBe(403);
        expect((await res).body.code).toBe('not_a_delegate');
        expect((await k.recorded(item.id)).votes).toBe(0);
      } finally {
        await other.end();
      }
    });

    it("needs the delegate's own second factor: A's code, or none, records nothing", async () => {
      const [a, b] = [await k.person('ann', { totp: true }), await k.person('ben', { totp: true })];
      const item = await k.submit(submitter.token, await protectedFlow([a]));
      await delegate(a, b);
      const withAnns = await s.client.post(
        `/api/v1/items/${item.id}/decisions`,
        { step: 0, decision: 'approve', onBehalfOf: a.id, secondFactor: { method: 'totp', code: k.freshTotp(a.secret!) } },
        b.token,
      );
      expect(withAnns.body.code).toBe('second_factor_invalid');
      const without = await s.client.post(`/api/v1/items/${item.id}/decisions`, { step: 0, decision: 'approve', onBehalfOf: a.id }, b.token);
      expect(without.body.code).toBe('second_factor_required');
      expect((await k.recorded(item.id)).votes).toBe(0);
    });

    it("binds on-behalf-of: a challenge opened for B's own decision cannot confirm one for A, nor the reverse", async () => {
      const [a, b] = [await k.person('ann', { totp: true }), await k.person('ben', { totp: true })];
      const item = await k.submit(submitter.token, await protectedFlow([a, b], { threshold: { type: 'any' } }));
      await delegate(a, b);
      const own = await k.decide(b.token, item.id, { step: 0, decision: 'approve' });
      const forAnn = await s.client.post(`/api/v1/items/${item.id}/decisions`, { step: 0, decision: 'approve', onBehalfOf: a.id }, b.token);
      expect([own.body.code, forAnn.body.code]).toEqual(['second_factor_required', 'second_factor_required']);
      const crossed = await forA(a, b, item.id, { secondFactor: { method: 'totp', code: k.freshTotp(b.secret!), challengeId: own.body.challengeId } });
      expect(crossed.body.code).toBe('second_factor_invalid');
      const reverse = await k.decide(b.token, item.id, {
        step: 0,
        decision: 'approve',
        secondFactor: { method: 'totp', code: k.freshTotp(b.secret!), challengeId: forAnn.body.challengeId },
      });
      expect(reverse.body.code).toBe('second_factor_invalid');
      expect((await k.recorded(item.id)).votes).toBe(0);
      expect((await forA(a, b, item.id, { secondFactor: { method: 'totp', code: k.freshTotp(b.secret!), challengeId: forAnn.body.challengeId } })).status).toBe(
        201,
      );
    });

    it("signs with the delegate's password and printed name; the evidence bundle says on behalf of and verifies", async () => {
      const [a, b] = [await k.person('ann', { totp: true }), await k.person('ben', { totp: true })];
      const item = await k.submit(submitter.token, await protectedFlow([a], { requireSignature: true, signatureMeanings: ['approved'] }));
      await delegate(a, b);
      const wrong = await forA(a, b, item.id, { signature: { password: 'not the password at all', meaning: 'approved' } });
      expect(wrong.status).toBe(403);
      const res = await forA(a, b, item.id, { signature: { password: k.PASSWORD, meaning: 'approved' } });
      expect(res.status, res.text).toBe(201);
      expect(res.body.decision.signature).toMatchObject({ printedName: 'Ben', email: b.email, meaning: 'approved' });
      const bundle = await fetch(`${s.url}/api/v1/items/${item.id}/evidence`, { headers: { authorization: `Bearer ${b.token}` } });
      expect(bundle.status).toBe(200);
      const text = await bundle.text();
      const doc = JSON.parse(text);
      expect(doc.decisions[0]).toMatchObject({
        reviewer: { userId: b.id },
        onBehalfOf: { userId: a.id },
        binding: { facts: { onBehalfOf: a.id } },
        sealed: { onBehalfOf: a.id },
      });
      const verdict = await verifyBundle(text);
      expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
      const report = await fetch(`${s.url}/api/v1/items/${item.id}/signature-report`, { headers: { authorization: `Bearer ${a.token}` } });
      expect(report.status).toBe(200);
    });
  });

  describe('tampering', () => {
    it('shows an edited on-behalf-of: history entry Not valid, the verifier names the decision, and a rewritten vote breaks its seal', async () => {
      const [a, b, c] = [await k.person('ann', { totp: true }), await k.person('ben', { totp: true }), await k.person('cat')];
      const item = await k.submit(submitter.token, await protectedFlow([a]));
      await delegate(a, b);
      expect((await forA(a, b, item.id)).status).toBe(201);
      const db = s.signoff.services.db;
      const bundle = async () =>
        verifyBundle(await (await fetch(`${s.url}/api/v1/items/${item.id}/evidence`, { headers: { authorization: `Bearer ${a.token}` } })).text());
      const decided = async () => (await k.item(a.token, item.id)).history.find((h: { action: string }) => h.action === 'decided');
      await db.updateTable('item_events').set({ on_behalf_of_user_id: c.id }).where('item_id', '=', item.id).where('action', '=', 'decided').execute();
      expect(await decided()).toMatchObject({ valid: false, onBehalfOf: { id: c.id } });
      const edited = await bundle();
      expect(edited.ok).toBe(false);
      expect(edited.checks.find((x) => x.id.endsWith(':record'))).toMatchObject({ ok: false, detail: expect.stringContaining('on behalf of') });
      await db.updateTable('item_events').set({ on_behalf_of_user_id: a.id }).where('item_id', '=', item.id).where('action', '=', 'decided').execute();
      expect((await decided()).valid).toBe(true);
      await db.updateTable('votes').set({ on_behalf_of: null }).where('item_id', '=', item.id).execute();
      expect((await decided()).valid).toBe(false);
      expect((await bundle()).checks.find((x) => x.id.endsWith(':seal') && x.id.startsWith('decision:'))!.ok).toBe(false);
    });
  });

  describe('refusals', () => {
    it('never lets a delegate decide on an item they submitted', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben', { totp: true })];
      const item = await k.submit(b.token, await protectedFlow([a]));
      await delegate(a, b);
      expect((await s.client.get('/api/v1/tasks', b.token)).body.tasks.map((t: { itemId: string }) => t.itemId)).not.toContain(item.id);
      const res = await forA(a, b, item.id);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('not_a_reviewer');
      expect((await k.recorded(item.id)).votes).toBe(0);
    });

    it('never lets a delegate decide twice in one step: as themself then for A, or for A then as themself', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben', { totp: true })];
      const wf = await protectedFlow([a, b]);
      await delegate(a, b);
      const one = await k.submit(submitter.token, wf);
      expect((await k.decide(b.token, one.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code: k.freshTotp(b.secret!) } })).status).toBe(
        201,
      );
      expect((await k.item(b.token, one.id)).myTask).toMatchObject({ canDecide: false, reason: 'already_decided' });
      const second = await forA(a, b, one.id);
      expect(second.body.code).toBe('already_decided');
      const two = await k.submit(submitter.token, wf);
      expect((await forA(a, b, two.id)).status).toBe(201);
      const again = await k.decide(b.token, two.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code: k.freshTotp(b.secret!) } });
      expect(again.body.code).toBe('already_decided');
      expect((await k.recorded(one.id)).votes).toBe(1);
      expect((await k.recorded(two.id)).votes).toBe(1);
    });

    it('records one vote when the delegate decides as themself and for A at the same moment', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben')];
      await delegate(a, b);
      for (let i = 0; i < 3; i++) {
        const item = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: a.id }, { user: b.id }] }]));
        const results = await Promise.all([
          k.decide(b.token, item.id, { step: 0, decision: 'approve' }),
          s.client.post(`/api/v1/items/${item.id}/decisions`, { step: 0, decision: 'approve', onBehalfOf: a.id }, b.token),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
        expect((await k.recorded(item.id)).votes).toBe(1);
      }
    });

    it('cannot be passed on: if A names B and B names C, C cannot act for A', async () => {
      const [a, b, c] = [await k.person('ann'), await k.person('ben'), await k.person('cat', { totp: true })];
      const item = await k.submit(submitter.token, await protectedFlow([a]));
      await delegate(a, b);
      await delegate(b, c);
      expect((await s.client.get('/api/v1/tasks', c.token)).body.tasks.map((t: { itemId: string }) => t.itemId)).not.toContain(item.id);
      expect((await s.client.get(`/api/v1/items/${item.id}`, c.token)).status).toBe(404);
      const res = await forA(a, c, item.id);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('not_a_delegate');
    });

    it('gives nothing once the delegation ended: ended by DELETE, or its until passed', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben', { totp: true })];
      const wf = await protectedFlow([a]);
      const first = await k.submit(submitter.token, wf);
      await delegate(a, b);
      expect((await s.client.delete('/api/v1/me/delegation', a.token)).status).toBe(204);
      expect((await forA(a, b, first.id)).body.code).toBe('not_a_delegate');
      expect((await s.client.get(`/api/v1/items/${first.id}`, b.token)).status).toBe(404);

      expect((await putDelegation(a.token, { delegateUserId: b.id, ...period(-HOUR, 5 * 60_000) })).status).toBe(200);
      const second = await k.submit(submitter.token, wf);
      expect((await s.client.get('/api/v1/tasks', b.token)).body.tasks.map((t: { itemId: string }) => t.itemId)).toContain(second.id);
      s.clock!.advance(5 * 60_000);
      expect((await s.client.get('/api/v1/tasks', b.token)).body.tasks.map((t: { itemId: string }) => t.itemId)).not.toContain(second.id);
      expect((await forA(a, b, second.id)).body.code).toBe('not_a_delegate');
      expect((await k.recorded(second.id)).votes).toBe(0);
    });

    it('does not start before its from: a delegation to come gives nothing yet', async () => {
      const [a, b] = [await k.person('ann'), await k.person('ben', { totp: true })];
      const item = await k.submit(submitter.token, await protectedFlow([a]));
      expect((await putDelegation(a.token, { delegateUserId: b.id, ...period(DAY, 2 * DAY) })).body.active).toBe(false);
      expect((await forA(a, b, item.id)).body.code).toBe('not_a_delegate');
    });

    it('lets A decide their own task while delegated; B then finds it decided', async () => {
      const [a, b] = [await k.person('ann', { totp: true }), await k.person('ben', { totp: true })];
      const item = await k.submit(submitter.token, await protectedFlow([a, await k.person('dan')]));
      await delegate(a, b);
      const own = await k.decide(a.token, item.id, { step: 0, decision: 'approve', secondFactor: { method: 'totp', code: k.freshTotp(a.secret!) } });
      expect(own.status, own.text).toBe(201);
      expect((await forA(a, b, item.id)).body.code).toBe('already_decided');
    });
  });

  it('keeps the binding of an ordinary decision as it was (older evidence still verifies)', () => {
    const facts = { itemId: 'itm_x', step: 0, round: 1, contentHash: 'abc', decision: 'approve' as const, comment: '' };
    expect(decisionBinding({ ...facts, onBehalfOf: undefined })).toBe(decisionBinding(facts));
    expect(decisionBinding({ ...facts, onBehalfOf: 'usr_a' })).not.toBe(decisionBinding(facts));
  });
});
