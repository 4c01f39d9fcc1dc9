import { compiledQuery } from '../platform/db/compiled-query.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';
import type { Organization } from './types.ts';

export async function insertOrganization(db: Executor, org: Organization, now: number): Promise<void> {
  await db.insertInto('organizations').values({ id: org.id, name: org.name, slug: org.slug, settings: '{}', created_at: now }).execute();
}

export const findOrganization = async (db: Executor, id: OrgId): Promise<Organization | undefined> =>
  (await organizationOf(db, id))[0] as Organization | undefined;
const organizationOf = compiledQuery((db: Executor, id: OrgId) => db.selectFrom('organizations').select(['id', 'name', 'slug']).where('id', '=', id));

export const findOrganizationBySlug = (db: Executor, slug: string): Promise<Organization | undefined> =>
  db.selectFrom('organizations').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst() as Promise<Organization | undefined>;

/** Every organisation id, in a stable order (background work that walks the organisations). */
export async function listOrganizationIds(db: Executor): Promise<OrgId[]> {
  const rows = await db.selectFrom('organizations').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

export async function isSlugTaken(db: Executor, slug: string): Promise<boolean> {
  return (await db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

/** Claims the one setup row; false when setup already happened (the primary key decides). */
export async function claimInstanceSetup(db: Executor, orgId: OrgId, now: number): Promise<boolean> {
  const row = await db
    .insertInto('instance_setup')
    .values({ id: 1, org_id: orgId, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function hasAnyUser(db: Executor): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function isInstanceSetUp(db: Executor): Promise<boolean> {
  return (await db.selectFrom('instance_setup').select('id').executeTakeFirst()) !== undefined || (await hasAnyUser(db));
}

export async function findOrganizationSettings(db: Executor, id: OrgId): Promise<string | undefined> {
  return (await settingsOf(db, id))[0]?.settings;
}
const settingsOf = compiledQuery((db: Executor, id: OrgId) => db.selectFrom('organizations').select('settings').where('id', '=', id));

/** Takes the organisation row's lock for the rest of the transaction (a no-op update; SQLite runs one writer at a time anyway). */
export async function lockOrganization(db: Executor, id: OrgId): Promise<void> {
  await db
    .updateTable('organizations')
    .set((eb) => ({ settings: eb.ref('settings') }))
    .where('id', '=', id)
    .execute();
}

export async function updateOrganizationSettings(db: Executor, id: OrgId, settings: string): Promise<void> {
  await db.updateTable('organizations').set({ settings }).where('id', '=', id).execute();
}
