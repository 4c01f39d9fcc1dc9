// Bare rows for tests that drive a module below the HTTP API: an organisation, and a user with no
// password, factor or group. (fixtures.ts makes accounts the way people do, through the API.)
import type { Executor } from '../../src/platform/db/connect.ts';
import { newId, type OrgId, type UserId } from '../../src/platform/ids.ts';
import type { UserType } from '../../src/accounts/types.ts';

export async function insertOrg(db: Executor, name = 'Acme'): Promise<OrgId> {
  const id = newId<OrgId>('org');
  await db.insertInto('organizations').values({ id, slug: id, name, settings: '{}', created_at: 0 }).execute();
  return id;
}

/** A user of `orgId`; `email` defaults to `<id>@example.test`, `userType` to staff, `createdAt` to 0. */
export async function insertUser(
  db: Executor,
  orgId: OrgId,
  o: { id?: UserId; email?: string; name?: string; userType?: UserType; createdAt?: number } = {},
): Promise<UserId> {
  const id = o.id ?? newId<UserId>('usr');
  await db
    .insertInto('users')
    .values({
      id,
      org_id: orgId,
      email: o.email ?? `${id}@example.test`,
      name: o.name ?? 'Ada',
      user_type: o.userType ?? 'staff',
      roles: '[]',
      password_hash: null,
      active: 1,
      created_at: o.createdAt ?? 0,
      updated_at: o.createdAt ?? 0,
    })
    .execute();
  return id;
}
