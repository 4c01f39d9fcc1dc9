// The directory (issue 12 item 4): workflow owners who are not admins pick people and groups as
// reviewers too. Admins and owners search people and groups by name (people by email too);
// each entry carries only what a picker needs (id, name, and a person's email): no roles,
// user types, group members or 2FA state, which stay on the admin-only routes.
import type { Executor } from '../platform/db/connect.ts';
import { Problem } from '../platform/problems.ts';
import { searchGroups, searchPeople } from './directory.store.ts';
import type { Actor } from './types.ts';

export type Directory = { people: { id: string; name: string; email: string }[]; groups: { id: string; name: string }[] };

/** Admins and owners only; an empty text lists from the start of the alphabet, `limit` of each. */
export async function searchDirectory(db: Executor, actor: Actor, text: string, limit: number): Promise<Directory> {
  if (!actor.roles.includes('admin') && !actor.roles.includes('owner'))
    throw new Problem('forbidden', { detail: 'Only administrators and workflow owners can search the directory' });
  const [people, groups] = await Promise.all([searchPeople(db, actor.orgId, text.trim(), limit), searchGroups(db, actor.orgId, text.trim(), limit)]);
  return { people, groups };
}
