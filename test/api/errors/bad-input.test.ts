// docs/security.md K4, docs/guide.md §12: bad input gets a 4xx RFC 9457 problem with a stable code,
// never a 500, and changes nothing. One table of hostile requests against login, setup and
// the admin routes; after each one the row counts (users, groups, audit entries, mail…) are
// the same as before it.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEMS } from '../../../src/platform/problems.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { countRows } from '../admin/admin-fixtures.ts';

type Case = {
  name: string;
  method?: string;
  path: string;
  /** A JSON value to send, or `raw` for exact bytes (with `contentType`). */
  body?: unknown;
  raw?: string;
  contentType?: string;
  admin?: boolean;
  headers?: Record<string, string>;
  status?: number;
  code?: string;
};

const LOGIN = '/api/v1/auth/login';
const SETUP = '/api/v1/setup';
const USERS = '/api/v1/admin/users';
const GROUPS = '/api/v1/admin/groups';
const USER_ID = ':user';
const GROUP_ID = ':group';
const NUL = '\u0000';
const LONG = 'x'.repeat(300);
const HUGE_EMAIL = `${'a'.repeat(10 * 1024)}@acme.test`;
const validUser = { email: 'new@acme.test', name: 'New User', password: PASSWORD };

const cases: Case[] = [
  // --- request shape, on every JSON endpoint
  ...[LOGIN, SETUP, USERS, GROUPS, `${USERS}/${USER_ID}`, `${GROUPS}/${GROUP_ID}`].flatMap((path): Case[] => {
    const method = path.includes(':') ? 'PATCH' : 'POST';
    const admin = path !== LOGIN && path !== SETUP;
    return [
      { name: `${method} ${path}: malformed JSON`, method, path, admin, raw: '{"email": "a@b.c", ', code: 'invalid_request' },
      { name: `${method} ${path}: empty body`, method, path, admin, raw: '', code: 'invalid_request' },
      { name: `${method} ${path}: JSON null`, method, path, admin, raw: 'null', code: 'invalid_request' },
      { name: `${method} ${path}: JSON array`, method, path, admin, body: [validUser], code: 'invalid_request' },
      { name: `${method} ${path}: JSON number`, method, path, admin, raw: '42', code: 'invalid_request' },
      { name: `${method} ${path}: JSON string`, method, path, admin, body: 'hello', code: 'invalid_request' },
      {
        name: `${method} ${path}: text/plain`,
        method,
        path,
        admin,
        raw: JSON.stringify(validUser),
        contentType: 'text/plain',
        status: 415,
        code: 'unsupported_media_type',
      },
      {
        name: `${method} ${path}: form encoded`,
        method,
        path,
        admin,
        raw: 'email=a%40b.c&name=x',
        contentType: 'application/x-www-form-urlencoded',
        status: 415,
        code: 'unsupported_media_type',
      },
      {
        name: `${method} ${path}: body over 64 KB`,
        method,
        path,
        admin,
        body: { ...validUser, name: 'n'.repeat(70 * 1024) },
        status: 413,
        code: 'payload_too_large',
      },
      {
        name: `${method} ${path}: prototype pollution`,
        method,
        path,
        admin,
        raw: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}',
        code: 'invalid_request',
      },
    ];
  }),

  // --- login
  ...(
    [
      ['email as a number', { email: 42, password: PASSWORD }],
      ['email as an array', { email: [ADMIN.email], password: PASSWORD }],
      ['email as null', { email: null, password: PASSWORD }],
      ['email as an object', { email: { $ne: '' }, password: PASSWORD }],
      ['password as an object', { email: ADMIN.email, password: { $gt: '' } }],
      ['password as true', { email: ADMIN.email, password: true }],
      ['missing password', { email: ADMIN.email }],
      ['empty strings', { email: '', password: '' }],
      ['a 10 KB email', { email: HUGE_EMAIL, password: PASSWORD }],
      ['a 300-character password beyond the 256 limit', { email: ADMIN.email, password: 'p'.repeat(300) }],
      ['organization as an array', { email: ADMIN.email, password: PASSWORD, organization: ['acme'] }],
      ['an email without @ in other scripts', { email: 'адміністратор＠acme.test', password: PASSWORD }],
      ['an email of unicode spaces', { email: '\u2003\u3000\u00a0', password: PASSWORD }],
    ] as const
  ).map(([what, body]): Case => ({ name: `login: ${what}`, path: LOGIN, body, code: 'invalid_request' })),
  { name: 'login: NUL in the email of an unknown account', path: LOGIN, body: { email: `nobody${NUL}@acme.test`, password: PASSWORD } },
  { name: 'login: NUL in the organization', path: LOGIN, body: { email: 'nobody@acme.test', password: PASSWORD, organization: `acme${NUL}` } },
  {
    name: 'login: a 300-character organization',
    path: LOGIN,
    body: { email: 'nobody@acme.test', password: PASSWORD, organization: LONG },
    code: 'invalid_request',
  },

  // --- setup (the instance is set up: even a well-formed body changes nothing)
  { name: 'setup: a 300-character organization', path: SETUP, body: { ...ADMIN, organization: LONG }, code: 'invalid_request' },
  { name: 'setup: a 300-character name', path: SETUP, body: { ...ADMIN, name: LONG }, code: 'invalid_request' },
  { name: 'setup: a 10 KB email', path: SETUP, body: { ...ADMIN, email: HUGE_EMAIL }, code: 'invalid_request' },
  { name: 'setup: fields as arrays', path: SETUP, body: { organization: ['a'], name: ['b'], email: ['c@d.e'], password: [PASSWORD] }, code: 'invalid_request' },
  {
    name: 'setup: NUL in every field',
    path: SETUP,
    body: { organization: `Evil${NUL}`, name: `Eve${NUL}`, email: `eve${NUL}@evil.test`, password: `long enough${NUL}password` },
  },
  { name: 'setup: a well-formed second setup', path: SETUP, body: { ...ADMIN, email: 'second@evil.test' }, status: 409, code: 'already_set_up' },

  // --- admin users
  ...(
    [
      ['a 300-character name', { ...validUser, name: LONG }],
      ['a 10 KB email', { ...validUser, email: HUGE_EMAIL }],
      ['a name of unicode spaces only', { ...validUser, name: '\u3000\u2003 \t' }],
      ['an unknown role', { ...validUser, roles: ['superuser'] }],
      ['roles as a string', { ...validUser, roles: 'admin' }],
      ['roles with null', { ...validUser, roles: [null] }],
      ['four roles', { ...validUser, roles: ['admin', 'owner', 'reviewer', 'admin'] }],
      ['an unknown user type', { ...validUser, userType: 'root' }],
      ['groups with a number', { ...validUser, groups: [1] }],
      ['groups with a path', { ...validUser, groups: ['../../etc/passwd'] }],
      ['101 groups', { ...validUser, groups: Array.from({ length: 101 }, () => 'grp_aaaaaaaaaaaaaaaaaaaaaaaaaa') }],
      ['a password beyond 256 characters', { ...validUser, password: 'p'.repeat(257) }],
      ['name as a number', { ...validUser, name: 12 }],
      ['right-to-left override and no @', { ...validUser, email: '\u202emoc.emca\u202c' }],
    ] as const
  ).map(([what, body]): Case => ({ name: `create user: ${what}`, path: USERS, body, admin: true, code: 'invalid_request' })),
  {
    name: 'create user: an unknown well-formed group id',
    path: USERS,
    body: { ...validUser, groups: ['grp_aaaaaaaaaaaaaaaaaaaaaaaaaa'] },
    admin: true,
    code: 'invalid_request',
  },
  { name: 'create user: a weak password', path: USERS, body: { ...validUser, password: 'short' }, admin: true, status: 422, code: 'password_too_weak' },
  { name: 'create user: NUL in the name', path: USERS, body: { ...validUser, name: `Nul${NUL}Name` }, admin: true },
  { name: 'create user: NUL in the email', path: USERS, body: { ...validUser, email: `nul${NUL}@acme.test` }, admin: true },
  { name: 'create user: without a token', path: USERS, body: validUser, status: 401, code: 'unauthenticated' },
  {
    name: 'create user: a 10 KB bearer token',
    path: USERS,
    body: validUser,
    headers: { authorization: `Bearer ${'t'.repeat(10 * 1024)}` },
    status: 401,
    code: 'unauthenticated',
  },
  ...(
    [
      ['active as a string', { active: 'yes' }],
      ['roles as null', { roles: null }],
      ['an unknown role', { roles: ['god'] }],
      ['a 300-character name', { name: LONG }],
      ['an empty name', { name: '  ' }],
    ] as const
  ).map(([what, body]): Case => ({ name: `change user: ${what}`, method: 'PATCH', path: `${USERS}/${USER_ID}`, body, admin: true, code: 'invalid_request' })),
  { name: 'change user: NUL in the name', method: 'PATCH', path: `${USERS}/${USER_ID}`, body: { name: `a${NUL}b` }, admin: true },

  // --- admin groups
  ...(
    [
      ['a 300-character name', { name: LONG }],
      ['an empty name', { name: '' }],
      ['name as an object', { name: { toString: 'x' } }],
      ['members as a string', { name: 'G', members: 'usr_aaaaaaaaaaaaaaaaaaaaaaaaaa' }],
      ['members with null', { name: 'G', members: [null] }],
      ['an unknown well-formed member', { name: 'G', members: ['usr_aaaaaaaaaaaaaaaaaaaaaaaaaa'] }],
    ] as const
  ).map(([what, body]): Case => ({ name: `create group: ${what}`, path: GROUPS, body, admin: true, code: 'invalid_request' })),
  { name: 'create group: NUL in the name', path: GROUPS, body: { name: `Q${NUL}A` }, admin: true },
  { name: 'change group: NUL in the name', method: 'PATCH', path: `${GROUPS}/${GROUP_ID}`, body: { name: `Q${NUL}A` }, admin: true },

  // --- audit query strings
  ...[
    'limit=abc',
    'limit=0',
    'limit=100000',
    'limit=-1',
    'limit=1&limit=2',
    'since=yesterday',
    'since=2026-13-45T99:00:00Z',
    'type=LOGIN',
    'type=%00',
    `type=${'a'.repeat(100)}`,
  ].map((q): Case => ({ name: `audit: ?${q}`, method: 'GET', path: `/api/v1/admin/audit?${q}`, admin: true, code: 'invalid_request' })),

  // --- paths
  ...[
    '/api/v1/nope',
    '/api/v1/admin/users/..%2F..%2Fetc%2Fpasswd',
    '/api/v1/admin/users/%00',
    '/api/v1/admin/users/%E0%A4%A',
    '/api/v1/admin/users/../../../etc/passwd',
    `/api/v1/admin/users/${'a'.repeat(5000)}`,
    `/api/v1/admin/users/usr_${'a'.repeat(300)}`,
    '/api/v1/admin/users/usr_AAAAAAAAAAAAAAAAAAAAAAAAAA',
    '/api/v1/admin/users/%2e%2e',
    '/api/v1/admin/users/usr_aaaaaaaaaaaaaaaaaaaaaaaaaa%00',
    '/api/v1/admin/users/\u00e9\u00e9',
    '/%E0%A4%A',
  ].map((path): Case => ({ name: `GET ${path.slice(0, 80)}`, method: 'GET', path, admin: true })),
  { name: 'DELETE on a user (no such route)', method: 'DELETE', path: `${USERS}/${USER_ID}`, admin: true, status: 404, code: 'not_found' },
  { name: 'PUT on the users collection', method: 'PUT', path: USERS, body: validUser, admin: true },
];

/** node:http, so the path goes out byte for byte (fetch would normalise `..` and `%2e`); one connection per request. */
function send(url: string, c: Case, token: string | undefined, path: string): Promise<{ status: number; contentType: string; text: string }> {
  const { hostname, port } = new URL(url);
  const payload = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  const headers: Record<string, string> = { ...c.headers };
  if (payload !== undefined) {
    headers['content-type'] = c.contentType ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method: c.method ?? 'POST', path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe.each(DIALECTS)('%s: bad input', (dialect) => {
  let s: TestServer;
  let admin: string;
  let ids: Record<string, string>;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    ({ token: admin } = await setUp(s.client));
    const user = await createUser(s.client, admin, { email: 'target@acme.test', name: 'Target' });
    const group = (await s.client.post(GROUPS, { name: 'Target group', members: [user.id] }, admin)).body;
    ids = { [USER_ID]: user.id, [GROUP_ID]: group.id };
  });
  afterAll(() => s.stop());

  it.each(cases.map((c) => [c.name, c] as const))('%s: a 4xx problem with a code, and nothing changes', async (_name, c) => {
    const path = c.path.replace(USER_ID, ids[USER_ID]!).replace(GROUP_ID, ids[GROUP_ID]!);
    const before = await countRows(s);
    const res = await send(s.url, c, c.admin ? admin : undefined, path);
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    expect(res.status, res.text).toBeLessThan(500);
    if (c.status) expect(res.status, res.text).toBe(c.status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.text);
    expect(Object.keys(PROBLEMS)).toContain(body.code);
    if (c.code) expect(body.code).toBe(c.code);
    expect(body).toMatchObject({ status: res.status, title: expect.any(String), type: expect.stringContaining(body.code.replaceAll('_', '-')) });
    expect(res.text).not.toMatch(/sqlite|postgres|syntax|relation|constraint|stack|node_modules|at \w+ \(/i);
    expect(await countRows(s)).toEqual(before);
  });

  it('still serves the target user and the admin afterwards', async () => {
    const res = await s.client.get(`${USERS}/${ids[USER_ID]}`, admin);
    expect(res.body).toMatchObject({ name: 'Target', email: 'target@acme.test', roles: ['reviewer'], active: true, groups: [{ name: 'Target group' }] });
    expect((await s.client.post(LOGIN, { email: ADMIN.email, password: ADMIN.password })).status).toBe(200);
    expect((await s.client.get('/api/v1/admin/audit/verify', admin)).body.ok).toBe(true);
  });
});
