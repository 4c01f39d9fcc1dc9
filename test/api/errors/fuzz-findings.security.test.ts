// The 500s the fuzz pass found (issue 11 item 4), each now a 4xx problem that changes nothing:
// NUL and other control characters in query parameters (PostgreSQL cannot store NUL), task
// cursors that decode to out-of-range numbers, and emails that passed the request schema but
// were refused by the mail layer (`inv>…@x.test` as a new user; a guest email `<a@evil.test>b`
// saved in a workflow, which then broke every item submitted to it).
// @see docs/security.md K4 (bad input is a 4xx problem, never a 500); CWE-20; RFC 9457
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { countRows } from '../admin/admin-fixtures.ts';

// @see docs/security.md#k-reliability-under-concurrency K4
describe.each(DIALECTS)('%s: inputs that made 500s', (dialect) => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startInProcess(dialect);
    ({ token: admin } = await setUp(s.client));
  });
  afterAll(() => s?.stop());

  const expectProblem = (res: { status: number; body: any; text: string; headers: Headers }, what: string) => {
    expect(res.status, `${what}: ${res.text}`).toBe(400);
    expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
    expect(res.body.code, what).toBe('invalid_request');
  };

  it('refuses NUL and other control characters in query parameters of the SSO routes and elsewhere', async () => {
    for (const c of ['%00', '%01', '%1F', '%7F', 'a%00b']) {
      for (const path of [
        `/api/v1/auth/sso/discover?organization=${c}`,
        `/api/v1/auth/sso/start?organization=${c}`,
        `/api/v1/auth/sso/callback?state=${c}&code=x`,
        `/api/v1/tasks?before=${c}`,
        `/api/v1/admin/audit?type=${c}`,
      ]) {
        const res = await s.client.get(path, admin);
        expectProblem(res, path);
        expect(res.body.errors?.[0]?.detail, path).toMatch(/control characters/);
      }
    }
  });

  it('refuses NUL and escape characters in JSON bodies wherever they are, keys included', async () => {
    const before = await countRows(s);
    for (const body of [{ name: 'QA\u0000' }, { name: 'QA', '\u0000': 1 }, { name: 'QA\u001b[31m' }]) {
      expectProblem(await s.client.post('/api/v1/admin/groups', body, admin), JSON.stringify(body));
    }
    expect(await countRows(s)).toEqual(before);
  });

  it('refuses task cursors that are not ones the server made, out-of-range numbers included', async () => {
    const cursors = [
      `${'9'.repeat(400)}:tsk_aaaaaaaaaaaaaaaaaaaaaaaaaa`,
      '99999999999999999999:tsk_aaaaaaaaaaaaaaaaaaaaaaaaaa',
      '-1:tsk_aaaaaaaaaaaaaaaaaaaaaaaaaa',
      '1:x',
      'garbage',
    ].map((c) => Buffer.from(c).toString('base64url'));
    for (const before of [...cursors, 'not base64!']) {
      const res = await s.client.get(`/api/v1/tasks?before=${encodeURIComponent(before)}`, admin);
      expectProblem(res, before);
    }
    expect(
      (await s.client.get(`/api/v1/tasks?before=${Buffer.from('1700000000000:tsk_aaaaaaaaaaaaaaaaaaaaaaaaaa').toString('base64url')}`, admin)).status,
    ).toBe(200);
  });

  it('refuses at the API the emails the mail layer refuses (one rule): new users and guests in a workflow', async () => {
    const before = await countRows(s);
    for (const email of [
      'inv>x@x.test',
      '<a@evil.test>b',
      'a,b@x.test',
      'a;b@x.test',
      '"a"@x.test',
      'a@x.test\r\nBcc: c@x.test',
      'a(b)@x.test',
      'a\\b@x.test',
      'a:b@x.test',
    ]) {
      expectProblem(await s.client.post('/api/v1/admin/users', { email, name: 'Mallory' }, admin), `user ${email}`);
      const wf = await s.client.post(
        '/api/v1/workflows',
        { name: 'Brand review', steps: [{ name: 'Legal', reviewers: [{ guest: { email, name: 'Guest' } }] }] },
        admin,
      );
      expectProblem(wf, `guest ${email}`);
    }
    expect(await countRows(s)).toEqual(before);
  });
});
