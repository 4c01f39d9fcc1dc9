// The directory's reads (directory.ts): active people and groups of one organisation whose name
// (or, for people, email) contains the text, case-insensitive, name order, bounded. LIKE's own
// wildcards in the text are escaped, so "%" finds a percent sign and never everyone.
import { sql } from 'kysely';
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchPeople(db: Executor, orgId: OrgId, text: string, limit: number) {
  const pattern = likePattern(text);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('org_id', '=', orgId)
    .where('active', '=', 1)
    .where((eb) => eb.or([sql<boolean>`lower(name) like ${pattern} escape '\\'`, sql<boolean>`lower(email) like ${pattern} escape '\\'`]))
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
    .where(sql<boolean>`lower(name) like ${pattern} escape '\\'`)
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
}
