import { iso } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';
import type { Role, UserType, UserView } from './types.ts';
import { listGroupsByUser, type UserRow } from './users.store.ts';

/** Users as the API shows them: no password hash, roles parsed, groups named. */
export async function toUserViews(db: Executor, orgId: OrgId, rows: Omit<UserRow, 'security_stamp'>[]): Promise<UserView[]> {
  const groups = await listGroupsByUser(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id as UserView['id'],
    email: r.email,
    name: r.name,
    userType: r.user_type as UserType,
    roles: JSON.parse(r.roles) as Role[],
    groups: groups.get(r.id as UserView['id']) ?? [],
    active: r.active === 1,
    createdAt: iso(Number(r.created_at)),
  }));
}

export async function toUserView(db: Executor, orgId: OrgId, row: Omit<UserRow, 'security_stamp'>): Promise<UserView> {
  return (await toUserViews(db, orgId, [row]))[0]!;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
