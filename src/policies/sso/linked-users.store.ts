// Who has signed in through single sign-on at least once (an identity is linked): such a user
// never sets a password, yet has accepted their invitation (the admin users list).
import type { Executor } from '../../platform/db/connect.ts';
import type { OrgId } from '../../platform/ids.ts';

export async function listSsoLinkedUserIds(db: Executor, orgId: OrgId): Promise<Set<string>> {
  const rows = await db.selectFrom('sso_identities').select('user_id').where('org_id', '=', orgId).execute();
  return new Set(rows.map((r) => r.user_id));
}
