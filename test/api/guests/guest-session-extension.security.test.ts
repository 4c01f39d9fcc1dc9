// Attack: keep a confirmed guest session alive past its 4-hour limit without ever confirming
// again, by asking for a new code now and then: each request used to push the session's expiry
// to 30 minutes ahead, until the invite itself expired. A confirmed session's expiry moves
// forward only when a new code is verified.
// @see docs/security.md I2, F5 (the absolute timeout is reset only by reauthentication)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';
import { guestKit } from './guest-fixtures.ts';

const MINUTE = 60_000;

// @see docs/security.md#f-sessions-step-up-and-the-sign-in-states F5; docs/security.md#i-guest-reviewers I2
describe.each(DIALECTS)('%s: guest session lifetime', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let g: ReturnType<typeof guestKit>;
  let submitter: Person;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    g = guestKit(s, k);
    submitter = await k.person('sam', { roles: ['owner'] });
  });
  afterAll(() => s?.stop());
  beforeEach(async () => {
    admin.token = await login(s.client, ADMIN.email, ADMIN.password);
    submitter.token = await login(s.client, submitter.email, PASSWORD);
  });

  it('asking for new codes from a confirmed session never extends it past 4 hours', async () => {
    const inv = await g.invited(submitter);
    const session = await g.confirmed(inv);
    expect((await g.page(inv.token, session)).body.state).toBe('verified');
    // Every 25 minutes for 4 hours, ask for a code (and never enter it): at most 5 are sent
    // an hour, then one every 15 minutes, so each of these is sent.
    for (let t = 0; t < 9; t++) {
      s.clock!.advance(25 * MINUTE);
      expect((await g.askCode(inv.token, session)).status).toBe(202);
    }
    s.clock!.advance(16 * MINUTE); // 4 h 1 min after the confirmation
    const page = await g.page(inv.token, session);
    expect(page.body.state).toBe('code_required');
    expect((await g.decide(inv.token, session, { decision: 'approve' })).status).toBe(401);
  });

  it('a new code verified in the same browser starts a new 4-hour period', async () => {
    const inv = await g.invited(submitter);
    const first = await g.confirmed(inv);
    s.clock!.advance(3 * 60 * MINUTE);
    const { session, code } = await g.codeFor(inv, first);
    const again = await g.verify(inv.token, session, code);
    expect(again.status, again.text).toBe(200);
    s.clock!.advance(2 * 60 * MINUTE); // 5 h after the first confirmation, 2 h after the second
    expect((await g.page(inv.token, again.body.guestSession)).body.state).toBe('verified');
  });
});
