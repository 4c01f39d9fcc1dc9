// docs/guide.md §6 end to end, with the real emails read from an SMTP server in another process:
// the invited guest (browser A) opens the link and asks for a code; the link is forwarded to
// someone else (browser B). B sees nothing, cannot use A's code, and B's own code request sends
// a code to the invited address, not to B, without voiding A's. A confirms and approves; the
// history records the decision against the invited email. Each browser keeps its guest session
// only in its cookie, as a browser does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { cookieFrom, type Response } from '../../support/http-client.ts';
import { startSmtpServer, type ParsedMail, type SmtpTestServer } from '../../support/smtp-server.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit } from '../workflows/workflow-fixtures.ts';
import { linkToken } from './guest-fixtures.ts';

const recipient = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined);
const codeIn = (m: ParsedMail) => /^\s*([0-9]{8})\s*$/m.exec(m.text ?? '')?.[1];

/** A browser's cookie jar, holding only what the guest API sets. */
function browser(s: TestServer) {
  let guestCookie: string | undefined;
  const send = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const res = await s.client.request(method, path, { body, headers: guestCookie ? { cookie: `signoff_guest=${guestCookie}` } : {} });
    guestCookie = cookieFrom(res, 'signoff_guest') ?? guestCookie;
    return res;
  };
  return { get: (path: string) => send('GET', path), post: (path: string, body: unknown = {}) => send('POST', path, body), cookie: () => guestCookie };
}

describe.each(DIALECTS)('%s: a forwarded guest link', (dialect) => {
  let smtp: SmtpTestServer;
  let s: TestServer;
  let admin: { token: string };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    s = await startInProcess(dialect, { env: { SIGNOFF_SMTP_URL: smtp.url, SIGNOFF_MAIL_POLL_MS: '50' } });
    admin = await setUp(s.client);
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await smtp?.close();
  });

  it('lets only the invited address confirm: the forwardee sees nothing and its codes go to the invited address', async () => {
    const k = workflowKit(s, () => admin.token);
    const submitter = await k.person('sam', { roles: ['owner'] });
    const invitedEmail = `gina.${dialect}@partner.test`;
    const wf = await k.workflow([{ name: 'Supplier sign-off', reviewers: [{ guest: { email: invitedEmail, name: 'Gina Guest' } }] }]);
    const title = `Certificate of analysis ${dialect}`;
    const created = await s.client.post('/api/v1/items', { workflowId: wf, title, content: 'Lot 7: assay 99.8 %' }, submitter.token);
    expect(created.status, created.text).toBe(201);

    // The invitation arrives over SMTP at the invited address; it names the item, not its content.
    const invite = await smtp.waitFor((m) => recipient(m) === invitedEmail && /asks for your review/.test(m.subject ?? ''), 10_000);
    expect(invite.text).toContain(title);
    expect(invite.text).not.toContain('assay');
    const token = linkToken(invite.text ?? '');
    const link = `/api/v1/guest/${token}`;

    // Browser A (the guest) opens the link and asks for a code.
    const a = browser(s);
    expect((await a.get(link)).body).toEqual({ state: 'code_required', siteName: expect.any(String) });
    const askedA = await a.post(`${link}/code`);
    expect(askedA.status, askedA.text).toBe(202);
    expect(a.cookie()).toBe(askedA.body.guestSession);
    const setCookie = askedA.headers.getSetCookie().find((c) => c.startsWith('signoff_guest='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/api\/v1\/guest/);
    const codeMailA = await smtp.waitFor((m) => recipient(m) === invitedEmail && codeIn(m) !== undefined, 10_000);
    const codeA = codeIn(codeMailA)!;
    expect(codeMailA.subject).not.toContain(codeA);
    expect(codeMailA.text).toContain(`review "${title}" as a guest`);

    // The link is forwarded: browser B sees nothing and cannot use A's code.
    const b = browser(s);
    const seenByB = await b.get(link);
    expect(seenByB.body.state).toBe('code_required');
    expect(seenByB.text).not.toContain(title);
    expect(seenByB.text).not.toContain('assay');
    const stolen = await b.post(`${link}/verify`, { code: codeA });
    expect(stolen.status).toBe(403);
    expect(stolen.body.code).toBe('guest_code_invalid');

    // B asks for its own code: it goes to the invited address again, never to B.
    await smtp.clear();
    const askedB = await b.post(`${link}/code`);
    expect(askedB.status).toBe(202);
    expect(b.cookie()).not.toBe(a.cookie());
    const codeMailB = await smtp.waitFor((m) => codeIn(m) !== undefined, 10_000);
    expect(recipient(codeMailB)).toBe(invitedEmail);
    expect(codeIn(codeMailB)).not.toBe(codeA);
    const stolenAgain = await b.post(`${link}/verify`, { code: codeA });
    expect(stolenAgain.body.code).toBe('guest_code_invalid');
    expect((await b.get(link)).body.state).toBe('code_required');

    // A's code still works for A after B's request; A reads the item and approves.
    const confirmed = await a.post(`${link}/verify`, { code: codeA });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.state).toBe('verified');
    const page = await a.get(link);
    expect(page.body.state).toBe('verified');
    expect(page.body.item).toMatchObject({
      title,
      content: { type: 'text', text: 'Lot 7: assay 99.8 %' },
      step: { index: 0, name: 'Supplier sign-off' },
      guest: { email: invitedEmail, name: 'Gina Guest' },
      decided: false,
      canDecide: true,
    });
    const approved = await a.post(`${link}/decisions`, { decision: 'approve', comment: 'Certificate matches the lot' });
    expect(approved.status, approved.text).toBe(201);
    expect(approved.body.item).toMatchObject({ status: 'approved', decided: true, canDecide: false });

    // The history, as the submitter sees it, records the decision by the invited email.
    const item = await k.item(submitter.token, created.body.id);
    const decided = item.history.filter((h: { action: string }) => h.action === 'decided');
    expect(decided).toEqual([
      expect.objectContaining({ decision: 'approve', comment: 'Certificate matches the lot', actor: { name: 'Gina Guest', email: invitedEmail, guest: true } }),
    ]);
    expect((await b.get(link)).body.state).toBe('code_required');

    // Nothing was ever mailed anywhere but the invited address for this guest.
    const guestMails = (await smtp.messages()).filter((m) => codeIn(m) !== undefined);
    expect(guestMails.map(recipient)).toEqual([invitedEmail]);
  });
});
