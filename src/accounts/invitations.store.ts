// Users who never set a password (invited, or signing in only through SSO: policies knows which
// of them linked an SSO identity, and the caller removes those).
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';

export async function listPasswordlessUserIds(db: Executor, orgId: OrgId): Promise<Set<string>> {
  const rows = await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('password_hash', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}
