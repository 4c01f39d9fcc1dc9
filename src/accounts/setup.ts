// First run: creates the first organisation and its admin, once. The single `instance_setup`
// row (primary key 1) makes this safe when two browsers race to set up the same instance.
import { hashPassword } from '../platform/crypto/password.ts';
import { newId, type OrgId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import type { AccountsDeps } from './deps.ts';
import { claimInstanceSetup, hasAnyUser, insertOrganization, isInstanceSetUp, isSlugTaken } from './organizations.store.ts';
import type { Sessions } from './sessions.ts';
import type { Organization, RequestMeta } from './types.ts';
import { normalizeEmail, toUserView } from './user-view.ts';
import { insertUser } from './users.store.ts';
import type { Executor } from '../platform/db/connect.ts';

export type SetupInput = { organization: string; name: string; email: string; password: string };

export function createSetup(deps: AccountsDeps, sessions: Sessions) {
  const { db, clock, audit } = deps;
  return async function completeSetup(input: SetupInput, meta: RequestMeta) {
    const email = normalizeEmail(input.email);
    assertPasswordAcceptable(input.password, { email, name: input.name });
    if (await hasAnyUser(db)) throw new Problem('already_set_up');
    const passwordHash = await hashPassword(input.password);
    try {
      return await insertFirstOrganization(input, email, passwordHash, meta);
    } catch (err) {
      // A setup that committed first can also surface here as a unique violation on the
      // organisation's slug (PostgreSQL) rather than through the claim: either way the
      // instance is set up now, and the loser gets already_set_up, not a 500.
      if (!(err instanceof Problem) && (await isInstanceSetUp(db))) throw new Problem('already_set_up', { cause: err });
      throw err;
    }
  };

  function insertFirstOrganization(input: SetupInput, email: string, passwordHash: string, meta: RequestMeta) {
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      const org: Organization = { id: newId<OrgId>('org'), name: input.organization.trim(), slug: await uniqueSlug(tx, input.organization) };
      await insertOrganization(tx, org, now);
      if (!(await claimInstanceSetup(tx, org.id, now)) || (await hasAnyUser(tx))) throw new Problem('already_set_up');
      const userId = newId<UserId>('usr');
      const row = {
        id: userId,
        org_id: org.id,
        email,
        name: input.name.trim(),
        user_type: 'staff',
        roles: JSON.stringify(['admin', 'owner', 'reviewer']),
        password_hash: passwordHash,
        active: 1,
        created_at: now,
        updated_at: now,
      };
      await insertUser(tx, row);
      const session = await sessions.start(tx, { orgId: org.id, userId, state: 'active', aal: 1, meta });
      await audit.append(tx, {
        orgId: org.id,
        type: 'setup.completed',
        actor: { userId, label: email },
        target: { type: 'organization', id: org.id },
        data: { organization: org.name, slug: org.slug, admin: email },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      return { organization: org, user: await toUserView(tx, org.id, row), ...session };
    });
  }
}

/** A URL-safe slug from the organisation's name, suffixed when taken. */
async function uniqueSlug(db: Executor, name: string): Promise<string> {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'org';
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await isSlugTaken(db, slug))) return slug;
  }
}
