// Scope evaluation, by property: a scope is exactly the union of its parts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEmptyScope, isInScope, scopeReasons, type ScopeMember } from './scope.ts';
import type { Scope } from './settings.ts';

const userTypes = ['staff', 'client', 'contractor'] as const;
const roles = ['admin', 'owner', 'reviewer'] as const;
const groupIds = ['grp_a', 'grp_b', 'grp_c', 'grp_d'];
const userIds = ['usr_1', 'usr_2', 'usr_3', 'usr_4'];

const member = fc.record({
  id: fc.constantFrom(...userIds),
  userType: fc.constantFrom(...userTypes),
  roles: fc.subarray([...roles]),
  groupIds: fc.subarray(groupIds),
}) satisfies fc.Arbitrary<ScopeMember>;

const scope: fc.Arbitrary<Scope> = fc.record(
  {
    everyone: fc.boolean(),
    userTypes: fc.subarray([...userTypes]),
    roles: fc.subarray([...roles]),
    groups: fc.subarray(groupIds),
    users: fc.subarray(userIds),
  },
  { requiredKeys: [] },
);

describe('scope evaluation', () => {
  it('puts a member in scope exactly when some part of the union names them', () => {
    fc.assert(
      fc.property(scope, member, (s, m) => {
        const expected =
          Boolean(s.everyone) ||
          Boolean(s.userTypes?.includes(m.userType as never)) ||
          m.roles.some((r) => s.roles?.includes(r as never)) ||
          m.groupIds.some((g) => s.groups?.includes(g)) ||
          Boolean(s.users?.includes(m.id));
        expect(isInScope(s, m)).toBe(expected);
      }),
    );
  });

  it('is the union of its parts: in the whole iff in one single-part scope', () => {
    fc.assert(
      fc.property(scope, member, (s, m) => {
        const parts: Scope[] = [{ everyone: s.everyone }, { userTypes: s.userTypes }, { roles: s.roles }, { groups: s.groups }, { users: s.users }];
        expect(isInScope(s, m)).toBe(parts.some((p) => isInScope(p, m)));
      }),
    );
  });

  it('only grows when a part is added (monotone)', () => {
    fc.assert(
      fc.property(scope, scope, member, (a, b, m) => {
        const union: Scope = {
          everyone: Boolean(a.everyone || b.everyone),
          userTypes: [...(a.userTypes ?? []), ...(b.userTypes ?? [])],
          roles: [...(a.roles ?? []), ...(b.roles ?? [])],
          groups: [...(a.groups ?? []), ...(b.groups ?? [])],
          users: [...(a.users ?? []), ...(b.users ?? [])],
        };
        if (isInScope(a, m) || isInScope(b, m)) expect(isInScope(union, m)).toBe(true);
      }),
    );
  });

  it('names nobody when empty, everybody when everyone is set', () => {
    fc.assert(
      fc.property(member, (m) => {
        expect(isInScope({}, m)).toBe(false);
        expect(isEmptyScope({})).toBe(true);
        expect(scopeReasons({ everyone: true }, m)).toContain('everyone');
      }),
    );
  });

  it('says why: one reason per matching part', () => {
    const m: ScopeMember = { id: 'usr_1', userType: 'client', roles: ['reviewer'], groupIds: ['grp_a'] };
    expect(scopeReasons({ userTypes: ['client'], roles: ['admin', 'reviewer'], groups: ['grp_a'], users: ['usr_1'] }, m)).toEqual([
      'user_type:client',
      'role:reviewer',
      'group:grp_a',
      'named_user',
    ]);
  });
});
