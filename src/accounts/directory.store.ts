// The directory's reads (directory.ts): active people and groups of one organisation whose name
// (or, for people, email) contains the text, in any case (lower() folds every letter on both
// databases: connect.ts), name order, bounded; and the audit search's users named by a text.
// LIKE's own wildcards in the text are escaped, so "%" finds a percent sign and never everyone.
import { sql } from 'kysely';
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** `column` contains the text of `pattern` (likePattern), in any case. */
const contains = (column: 'name' | 'email', pattern: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;

export async function searchPeople(db: Executor, orgId: OrgId, text: string, limit: number) {
  const pattern = likePattern(text);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('org_id', '=', orgId)
    .where('active', '=', 1)
    .where((eb) => eb.or([contains('name', pattern), contains('email', pattern)]))
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function searchGroups(db: Executor, orgId: OrgId, text: string, limit: number) {
  const pattern = likePattern(text);
  return db
    .selectFrom('groups')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where(contains('name', pattern))
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Every user (deactivated ones too) whose id is `text`, or whose name or email contains it in any case. */
export async function searchUserIds(db: Executor, orgId: OrgId, text: string): Promise<UserId[]> {
  const pattern = likePattern(text);
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('id', '=', text as UserId), contains('name', pattern), contains('email', pattern)]))
    .execute();
  return rows.map((r) => r.id);
}
