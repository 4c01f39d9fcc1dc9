// Administration of groups and their members, audited with old and new values.
import type { Tx } from '../platform/db/connect.ts';
import { newId, type GroupId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import { takenWhenUnique } from '../platform/db/constraint-violations.ts';
import type { AccountsDeps } from './deps.ts';
import {
  deleteGroup,
  findGroup,
  insertGroup,
  insertGroupMembers,
  lockGroup,
  listGroupMembers,
  listGroups,
  listMembersOfGroup,
  listUserIdsInOrg,
  listUsersInOrgByIds,
  renameGroup,
  replaceGroupMembers,
} from './groups.store.ts';
import { diffValues } from '../platform/diff.ts';
import type { Actor, RequestMeta } from './types.ts';

export type GroupView = { id: GroupId; name: string; members: { id: UserId; name: string; email: string }[] };

export function createGroupAdmin(deps: AccountsDeps) {
  const { db, clock, audit } = deps;

  async function view(tx: Tx | AccountsDeps['db'], actor: Actor): Promise<GroupView[]> {
    const [groups, members] = await Promise.all([listGroups(tx, actor.orgId), listGroupMembers(tx, actor.orgId)]);
    // Grouped once: a filter per group made the list quadratic (10,000 groups, 10,000 memberships).
    const byGroup = new Map<string, GroupView['members']>();
    for (const m of members) {
      const list = byGroup.get(m.group_id);
      const member = { id: m.id, name: m.name, email: m.email };
      if (list) list.push(member);
      else byGroup.set(m.group_id, [member]);
    }
    return groups.map((g) => ({ id: g.id, name: g.name, members: byGroup.get(g.id) ?? [] }));
  }

  /** One group as the API shows it, reading that group only (writes answer with it: issue 14). */
  async function groupView(tx: Tx, actor: Actor, id: GroupId): Promise<GroupView | undefined> {
    const group = await findGroup(tx, actor.orgId, id);
    if (!group) return undefined;
    const members = await listMembersOfGroup(tx, actor.orgId, id);
    return { id: group.id, name: group.name, members: members.map((m) => ({ id: m.id, name: m.name, email: m.email })) };
  }

  async function assertMembers(tx: Tx, actor: Actor, ids: UserId[]): Promise<UserId[]> {
    const unique = [...new Set(ids)];
    const found = await listUserIdsInOrg(tx, actor.orgId, unique);
    if (found.length !== unique.length)
      throw new Problem('invalid_request', { detail: 'Unknown user id', extensions: { errors: [{ pointer: '#/members', detail: 'unknown user id' }] } });
    return found;
  }

  /** Group names are unique in an organisation: its unique key decides, also between concurrent creates or renames. */
  const nameTaken = (name: string) => takenWhenUnique(() => new Problem('group_name_taken', { detail: `A group named ${name} exists` }));

  const snap = (g: GroupView) => ({ name: g.name, members: g.members.map((m) => m.email) });

  return {
    list: (actor: Actor) => view(db, actor),

    create: (actor: Actor, input: { name: string; members?: UserId[] | undefined }, meta: RequestMeta) =>
      db.transaction().execute(async (tx) => {
        const name = input.name.trim();
        const id = newId<GroupId>('grp');
        await insertGroup(tx, { id, orgId: actor.orgId, name }, clock.now()).catch(nameTaken(name));
        // The answer is built from what is in hand: the name, and the members as their check read them.
        const unique = [...new Set(input.members ?? [])];
        const members = await listUsersInOrgByIds(tx, actor.orgId, unique);
        if (members.length !== unique.length)
          throw new Problem('invalid_request', { detail: 'Unknown user id', extensions: { errors: [{ pointer: '#/members', detail: 'unknown user id' }] } });
        await insertGroupMembers(
          tx,
          actor.orgId,
          id,
          members.map((m) => m.id),
        );
        const created: GroupView = { id, name, members: members.map((m) => ({ id: m.id, name: m.name, email: m.email })) };
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'group.created',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'group', id },
          data: { new: snap(created) },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        return created;
      }),

    update: (actor: Actor, id: GroupId, input: { name?: string | undefined; members?: UserId[] | undefined }, meta: RequestMeta) =>
      db.transaction().execute(async (tx) => {
        // Locked first: `before` is what this change replaces, whatever else changes the group at the same moment.
        await lockGroup(tx, actor.orgId, id);
        const before = await groupView(tx, actor, id);
        if (!before) throw new Problem('not_found', { detail: `No group ${id}` });
        if (input.name !== undefined) {
          const name = input.name.trim();
          await renameGroup(tx, actor.orgId, id, name).catch(nameTaken(name));
        }
        if (input.members !== undefined) await replaceGroupMembers(tx, actor.orgId, id, await assertMembers(tx, actor, input.members));
        const after = (await groupView(tx, actor, id))!;
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'group.updated',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'group', id },
          data: diffValues(snap(before), snap(after)),
          ip: meta.ip,
          requestId: meta.requestId,
        });
        return after;
      }),

    remove: (actor: Actor, id: GroupId, meta: RequestMeta) =>
      db.transaction().execute(async (tx) => {
        // Locked first, as a change is: a second delete at the same moment waits and finds no
        // group (on PostgreSQL both used to answer 204 and audit two deletions of one group).
        await lockGroup(tx, actor.orgId, id);
        const before = await groupView(tx, actor, id);
        if (!before) throw new Problem('not_found', { detail: `No group ${id}` });
        await deleteGroup(tx, actor.orgId, id);
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'group.deleted',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'group', id },
          data: { old: snap(before) },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      }),
  };
}
