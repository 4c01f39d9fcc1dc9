// Emails people can trust (issue 12 item 7), through the real server on both databases: every
// message names the organisation and the site in its header and the recipient in its footer;
// an invitation names the inviting admin, never their address; the trusted-device notice and
// the recovery link say in words which browser and system asked, when (UTC) and from which IP
// address. Whatever a user typed (a name with `<script>`, a User-Agent header) is shown in the
// HTML part, never interpreted.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatMailTime } from '../../../src/mail/templates/format-time.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit, twoFactorSuite, type Totp } from '../two-factor/two-factor-fixtures.ts';

const CHROME_ON_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

type Mail = { subject: string; text_body: string; html_body: string };

describe.each(DIALECTS)('%s: branded mail', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let n = 0;
  const suite = twoFactorSuite(dialect);
  beforeAll(() => {
    ({ s, kit } = suite);
  });
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
  });
  const site = () => s.signoff.config.siteName;

  async function lastMail(to: string, template: string): Promise<Mail> {
    const rows = await s.signoff.services.db
      .selectFrom('mail_outbox')
      .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
      .select(['id', 'subject', 'text_body', 'html_body'])
      .where('to_address', '=', to)
      .where('template', '=', template)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(rows.length, `a ${template} mail to ${to}`).toBeGreaterThan(0);
    return rows[0]!;
  }
  async function invite(token: string, email: string): Promise<Mail> {
    const res = await s.client.post('/api/v1/admin/users', { email, name: 'Bo Reviewer', userType: 'staff', roles: [] }, token);
    expect(res.status, res.text).toBe(201);
    return lastMail(email, 'account-invite');
  }
  async function enrolledUser(): Promise<{ email: string; totp: Totp }> {
    const u = await createUser(s.client, admin, { email: `brand${++n}@acme.test` });
    const totp = await kit.enableTotp((await kit.signIn(u.email)).token);
    await s.client.post('/api/v1/auth/logout', {}, totp.token);
    return { email: u.email, totp };
  }
  /** Signs in with a fresh authenticator code, trusting the device, from a browser sending `userAgent`. */
  async function trust(user: { email: string; totp: Totp }, userAgent: string) {
    const half = await kit.signIn(user.email);
    return kit.finish(half.token, { method: 'totp', code: kit.freshTotp(user.totp.secret), trustDevice: true }, { 'user-agent': userAgent });
  }
  async function lastAuditIp(type: string): Promise<string> {
    const res = await s.client.get(`/api/v1/admin/audit?type=${type}`, admin);
    expect(res.status, res.text).toBe(200);
    return res.body.entries[0].ip as string;
  }

  it("names the inviting admin, not their email address, in an invitation's subject and text", async () => {
    const mail = await invite(admin, `invitee${++n}@acme.test`);
    expect(mail.subject).toBe(`Ada Admin invited you to Acme Pharma on ${site()}`);
    expect(mail.subject).not.toContain(ADMIN.email);
    expect(mail.text_body).toContain(`Ada Admin invited you to join Acme Pharma on ${site()}`);
    expect(mail.text_body).not.toContain(ADMIN.email);
  });

  it('brands every message with the organisation and the site, and names the recipient in the footer of both parts', async () => {
    const email = `invitee${++n}@acme.test`;
    const mail = await invite(admin, email);
    expect(mail.text_body.startsWith(`Acme Pharma\n${site()}\n\nHello Bo Reviewer,\n`)).toBe(true);
    const footer = `This email was sent to ${email} by ${site()} (${s.signoff.config.baseUrl}) for Acme Pharma.`;
    expect(mail.text_body.endsWith(`\n-- \n${footer}\n`)).toBe(true);
    expect(mail.html_body).toMatch(/<div class="mail-header"[^>]*>\n<p[^>]*>Acme Pharma<\/p>/);
    expect(mail.html_body).toContain(footer);
  });

  it('shows an inviter named with <script> as text in the html part, never as markup', async () => {
    const email = `sneaky${++n}@acme.test`;
    await createUser(s.client, admin, { email, name: '<script>alert(1)</script> Mallory', roles: ['admin'] });
    const sneaky = await login(s.client, email, 'a long enough passphrase');
    const mail = await invite(sneaky, `invitee${++n}@acme.test`);
    expect(mail.subject).toBe(`<script>alert(1)</script> Mallory invited you to Acme Pharma on ${site()}`);
    expect(mail.html_body).not.toContain('<script>');
    expect(mail.html_body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Mallory invited you to join Acme Pharma');
  });

  it('names the trusted browser and system in words, with the time in UTC and the IP address', async () => {
    const user = await enrolledUser();
    const res = await trust(user, CHROME_ON_MAC);
    expect(res.status, res.text).toBe(200);
    const at = s.clock!.now();
    const mail = await lastMail(user.email, 'security-notice');
    expect(mail.subject).toMatch(/A device was trusted/);
    const ip = await lastAuditIp('trusted_device.added');
    expect(mail.text_body).toContain(`Chrome on macOS will skip the sign-in code for 30 days.`);
    expect(mail.text_body).toContain(`\nBrowser: Chrome on macOS\nWhen: ${formatMailTime(at)}\nIP address: ${ip}\n`);
    expect(formatMailTime(at)).toMatch(/ at \d\d:\d\d UTC$/);
    expect(mail.html_body).toContain('<strong>Browser:</strong> Chrome on macOS');
    expect(mail.text_body).not.toContain('Mozilla/5.0');
  });

  it('quotes a User-Agent it does not recognise, escaped in the html part', async () => {
    const user = await enrolledUser();
    const res = await trust(user, '<img src=x onerror=alert(1)>');
    expect(res.status, res.text).toBe(200);
    const mail = await lastMail(user.email, 'security-notice');
    expect(mail.text_body).toContain('Browser: An unknown browser ("<img src=x onerror=alert(1)>")');
    expect(mail.html_body).not.toContain('<img');
    expect(mail.html_body).toContain('An unknown browser (&quot;&lt;img src=x onerror=alert(1)&gt;&quot;)');
  });

  it('sends the recovery link in its own mail with a button, and says which browser asked, when and from where', async () => {
    const user = await enrolledUser();
    const half = await kit.signIn(user.email);
    const res = await s.client.request('POST', '/api/v1/auth/two-factor-recovery', { token: half.token, headers: { 'user-agent': CHROME_ON_MAC } });
    expect(res.status, res.text).toBe(202);
    const at = s.clock!.now();
    const mail = await lastMail(user.email, 'two-factor-recovery');
    const ip = await lastAuditIp('two_factor.recovery_requested');
    expect(mail.text_body).not.toContain('nothing to do');
    expect(mail.text_body).toContain(`\nBrowser: Chrome on macOS\nWhen: ${formatMailTime(at)}\nIP address: ${ip}\n`);
    const button = /<a class="mail-action" href="([^"]+)"[^>]*>Reset two-factor authentication<\/a>/.exec(mail.html_body);
    expect(button?.[1]).toMatch(new RegExp(`^${s.signoff.config.baseUrl.replace(/[.]/g, '\\.')}/recover-2fa#token=[A-Za-z0-9_-]+$`));
    expect(mail.text_body.startsWith(`Acme Pharma\n${site()}\n`)).toBe(true);
  });

  it('shows an emailed code large, monospaced and on a line of its own, with nothing but digits in it', async () => {
    const user = await enrolledUser();
    const half = await kit.signIn(user.email);
    // The code that confirms a new backup address, the same template as every emailed code.
    const session = await kit.finish(half.token, { method: 'totp', code: kit.freshTotp(user.totp.secret) });
    expect(session.status, session.text).toBe(200);
    const backup = `backup${++n}@acme.test`;
    const secondFactor = { method: 'totp', code: kit.freshTotp(user.totp.secret) };
    const start = await s.client.post('/api/v1/me/factors/email', { email: backup, secondFactor }, session.body.token);
    expect(start.status, start.text).toBe(201);
    const mail = await lastMail(backup, 'email-code');
    const code = /^([0-9]{6,8})$/m.exec(mail.text_body)![1]!;
    expect(mail.html_body).toMatch(new RegExp(`<span class="mail-code" style="[^"]*monospace;font-size:32px;[^"]*">${code}</span>`));
    expect(mail.subject).not.toContain(code);
  });
});
