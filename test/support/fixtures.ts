// Common steps of API tests: set the instance up, sign in, create users.
import type { Client } from './http-client.ts';
import type { OrgId, UserId } from '../../src/platform/ids.ts';

export const ADMIN = { organization: 'Acme Pharma', name: 'Ada Admin', email: 'ada@acme.test', password: 'correct horse battery staple' };
export const PASSWORD = 'a long enough passphrase';

export async function setUp(client: Client, input = ADMIN): Promise<{ token: string; csrfToken: string; orgId: OrgId; userId: UserId; slug: string }> {
  const res = await client.post('/api/v1/setup', input);
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${res.text}`);
  return { token: res.body.token, csrfToken: res.body.csrfToken, orgId: res.body.organization.id, userId: res.body.user.id, slug: res.body.organization.slug };
}

export async function login(client: Client, email: string, password: string, organization?: string): Promise<string> {
  const res = await client.post('/api/v1/auth/login', { email, password, ...(organization ? { organization } : {}) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.token;
}

export async function createUser(
  client: Client,
  adminToken: string,
  user: { email: string; name?: string; roles?: string[]; userType?: string; groups?: string[]; password?: string },
) {
  const res = await client.post('/api/v1/admin/users', { name: user.email.split('@')[0], password: PASSWORD, ...user }, adminToken);
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${res.text}`);
  return res.body as { id: UserId; email: string };
}
