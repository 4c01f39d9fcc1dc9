// Steps shared by the admin, audit, password-reset and bad-input suites: a second organisation
// beside the one setup created, the local mailbox, and the token out of an emailed link.
import type { Client } from '../../support/http-client.ts';
import { login, PASSWORD } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { newId, type OrgId } from '../../../src/platform/ids.ts';

export type MailboxMessage = { id: string; to: string; subject: string; text: string; html: string; at: string; redacted: boolean };

/**
 * A second organisation with its own admin. Setup runs once per instance and the API has no
 * call to create an organisation, so the organisation row goes in with Kysely (as the mail
 * tests do) and its admin is created through the accounts service as the CLI would
 * (`signoff users create`), which hashes the password, audits and keeps the domain rules.
 */
export async function createSecondOrganization(s: TestServer, opts: { name?: string; email?: string } = {}) {
  const orgId = newId<OrgId>('org');
  const slug = `other-${orgId.slice(4, 12)}`;
  await s.signoff.services.db
    .insertInto('organizations')
    .values({ id: orgId, slug, name: opts.name ?? 'Other Org', settings: '{}', created_at: s.signoff.clock.now() })
    .execute();
  const { accounts } = s.signoff.services;
  const actor = accounts.cliActor(orgId);
  const meta = { ip: 'test' };
  const group = await accounts.groups.create(actor, { name: 'Other QA' }, meta);
  const email = opts.email ?? `admin@${slug}.test`;
  const admin = await accounts.users.createUser(
    actor,
    { email, name: 'Otto Other', password: PASSWORD, userType: 'staff', roles: ['admin', 'reviewer'], groups: [group.id] },
    meta,
  );
  await accounts.groups.update(actor, group.id, { members: [admin.id] }, meta);
  return { orgId, slug, email, userId: admin.id, groupId: group.id, token: () => login(s.client, email, PASSWORD, slug) };
}

async function mailbox(client: Client, adminToken: string): Promise<MailboxMessage[]> {
  const res = await client.get('/api/v1/dev/mailbox', adminToken);
  if (res.status !== 200) throw new Error(`mailbox: ${res.status} ${res.text}`);
  return res.body.messages;
}

/**
 * Runs `action`, then waits for a message to `to` that was not in the mailbox before it (the
 * worker polls every 100 ms in tests).
 */
export async function mailAfter(client: Client, adminToken: string, to: string, action: () => Promise<unknown>, timeoutMs = 5000): Promise<MailboxMessage> {
  const before = new Set((await mailbox(client, adminToken)).map((m) => m.id));
  await action();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailbox(client, adminToken)).find((m) => m.to === to && !before.has(m.id));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no new mail to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The token of an emailed `<baseUrl>/reset-password#token=…` link. */
export function linkToken(message: MailboxMessage, baseUrl: string): string {
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}/reset-password#token=([A-Za-z0-9_-]+)`).exec(message.text);
  if (!m) throw new Error(`no reset link in: ${message.text}`);
  return m[1]!;
}

const COUNTED = ['users', 'groups', 'organizations', 'audit_entries', 'group_members', 'mail_outbox', 'password_tokens'] as const;

/** Row counts that bad input must leave alone. */
export async function countRows(s: TestServer): Promise<Record<(typeof COUNTED)[number], number>> {
  const db = s.signoff.services.db;
  const counts = await Promise.all(
    COUNTED.map(
      async (table) =>
        [
          table,
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ] as const,
    ),
  );
  return Object.fromEntries(counts) as Record<(typeof COUNTED)[number], number>;
}
