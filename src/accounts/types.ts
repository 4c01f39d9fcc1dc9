import type { GroupId, OrgId, UserId } from '../platform/ids.ts';

export const USER_TYPES = ['staff', 'client', 'contractor'] as const;
export const ROLES = ['admin', 'owner', 'reviewer'] as const;
export type UserType = (typeof USER_TYPES)[number];
export type Role = (typeof ROLES)[number];

export type Organization = { id: OrgId; name: string; slug: string };

export type UserView = {
  id: UserId;
  email: string;
  name: string;
  userType: UserType;
  roles: Role[];
  groups: { id: GroupId; name: string }[];
  active: boolean;
  createdAt: string;
};

/** Who acts, from where: passed into every use case so the audit trail can say it. */
export type Actor = { orgId: OrgId; userId: UserId; label: string; roles: Role[] };
export type { RequestMeta } from '../platform/request-meta.ts';

/** Session states of API.md; only `active` exists until second factors land. */
export type SessionState = 'active' | 'second_factor_required' | 'enrollment_required';
