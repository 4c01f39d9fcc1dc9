// A scope is a union of everyone, user types, roles, groups and named users (docs/guide.md §4).
// This is the one place that decides membership; every policy asks here, and the answer
// carries the reasons, so "why does this user need 2FA?" always has an answer.
import type { Scope } from './settings.ts';

export type ScopeMember = { id: string; userType: string; roles: readonly string[]; groupIds: readonly string[] };
export type ScopeReason = 'everyone' | `user_type:${string}` | `role:${string}` | `group:${string}` | 'named_user';

/** Every reason this member is in the scope; empty when they are not. */
export function scopeReasons(scope: Scope, member: ScopeMember): ScopeReason[] {
  const reasons: ScopeReason[] = [];
  if (scope.everyone) reasons.push('everyone');
  if (scope.userTypes?.includes(member.userType as never)) reasons.push(`user_type:${member.userType}`);
  for (const role of member.roles) if (scope.roles?.includes(role as never)) reasons.push(`role:${role}`);
  for (const group of member.groupIds) if (scope.groups?.includes(group)) reasons.push(`group:${group}`);
  if (scope.users?.includes(member.id)) reasons.push('named_user');
  return reasons;
}

export const isInScope = (scope: Scope, member: ScopeMember): boolean => scopeReasons(scope, member).length > 0;

/** A scope that names nobody (the default of every policy). */
export const isEmptyScope = (scope: Scope): boolean =>
  !scope.everyone && !scope.userTypes?.length && !scope.roles?.length && !scope.groups?.length && !scope.users?.length;
