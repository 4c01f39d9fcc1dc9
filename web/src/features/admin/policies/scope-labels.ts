// Scopes and the reasons a policy covers someone, in words (docs/guide.md §4: a scope is any union
// of everyone, user types, roles, groups and named users). Reasons are the server's scope
// reasons (src/settings/scope.ts) plus `financial_integration` and `has_active_factor`.
import type { Group, Scope, User } from '../../../api/types.ts';
import { USER_TYPE_LABELS, ROLE_LABELS } from '../users/user-labels.ts';

type Names = { groups: readonly Pick<Group, 'id' | 'name'>[]; users?: readonly Pick<User, 'id' | 'name'>[] };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Everyone", or "Staff users, Administrators, Finance group, 2 named users", or "Nobody". */
export function describeScope(scope: Scope, names: Names): string {
  if (scope.everyone) return 'Everyone';
  const parts: string[] = [];
  for (const t of scope.userTypes ?? []) parts.push(`${USER_TYPE_LABELS[t] ?? t} users`);
  for (const r of scope.roles ?? []) parts.push(`${ROLE_LABELS[r]?.label ?? r}s`);
  for (const g of scope.groups ?? []) parts.push(`${names.groups.find((x) => x.id === g)?.name ?? 'an unknown'} group`);
  if (scope.users?.length) parts.push(plural(scope.users.length, 'named user', 'named users'));
  return parts.length ? parts.join(', ') : 'Nobody';
}

/** One reason as people read it: 'role:admin' → "Role: admin", 'group:grp_x' → "Group: Finance". */
export function describeReason(reason: string, names: Names): string {
  const [kind, ...rest] = reason.split(':');
  const value = rest.join(':');
  switch (kind) {
    case 'everyone':
      return 'Everyone';
    case 'named_user':
      return 'Named user';
    case 'financial_integration':
      return 'Financial integration connected (2FA is mandatory for everyone)';
    case 'has_active_factor':
      return 'Has a second factor (always asked for at sign-in)';
    case 'role':
      return `Role: ${value}`;
    case 'user_type':
      return `User type: ${value}`;
    case 'group':
      return `Group: ${names.groups.find((g) => g.id === value)?.name ?? value}`;
    default:
      return reason;
  }
}
