// Out-of-office delegation (issue 13 item 4). A user names one delegate for a period; while it
// runs, the delegate may decide the user's open tasks (their reviewer slot, `user:<A>`) with
// their own password, second factor and signature, and is emailed each new task. Rules:
//   - the delegate is another active member of the organisation (guests are no users), who is
//     not away themself during the period (so two people cannot name each other);
//   - the period ends in the future and lasts at most a year; a new one replaces the old;
//   - nothing is passed on: if A names B and B names C, C cannot act for A;
//   - A keeps deciding their own tasks while away (whoever decides first closes A's slot).
// Admins may set or end a delegation for another user; every change is audited.
import { lockUser, type Actor } from '../accounts/index.ts';
import { iso } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { RequestMeta as Meta } from '../platform/request-meta.ts';
import type { WorkflowsDeps } from './deps.ts';
import { countOpenTasks, endDelegation, findDelegation, isAwayDuring, listDelegators, upsertDelegation, type DelegationRow } from './delegations.store.ts';

const MAX_DELEGATION_MS = 366 * 24 * 3_600_000;
/** People the Out of office card's picker shows at most. */
const CANDIDATES = 10;

export type DelegationBody = { delegateUserId: UserId; from: string; until: string; note?: string | undefined };
export type PersonRef = { id: string; name: string; email: string };
export type DelegationView = {
  user: PersonRef;
  delegate: PersonRef;
  from: string;
  until: string;
  note?: string;
  active: boolean;
  setBy: PersonRef;
  setAt: string;
};

const invalid = (pointer: string, detail: string) => new Problem('invalid_request', { detail, extensions: { errors: [{ pointer, detail }] } });

export function createDelegation(deps: WorkflowsDeps) {
  const { db, clock, audit, accounts, mail, config } = deps;

  async function person(ex: Executor, orgId: Actor['orgId'], id: UserId): Promise<PersonRef> {
    const c = await accounts.findContact(ex, orgId, id);
    return { id, name: c?.name ?? '', email: c?.email ?? '' };
  }

  async function view(ex: Executor, row: DelegationRow): Promise<DelegationView> {
    const orgId = row.org_id as Actor['orgId'];
    const now = clock.now();
    return {
      user: await person(ex, orgId, row.user_id),
      delegate: await person(ex, orgId, row.delegate_user_id),
      from: iso(Number(row.starts_at)),
      until: iso(Number(row.ends_at)),
      ...(row.note ? { note: row.note } : {}),
      active: row.ended_at === null && Number(row.starts_at) <= now && now < Number(row.ends_at),
      setBy: await person(ex, orgId, row.set_by),
      setAt: iso(Number(row.set_at)),
    };
  }

  /** The user's delegation still running or to come (null when none), and whom they stand in for now. */
  async function get(actor: Actor, userId: UserId = actor.userId) {
    const row = await findDelegation(db, actor.orgId, userId);
    const current = row && row.ended_at === null && Number(row.ends_at) > clock.now() ? await view(db, row) : null;
    const standingInFor = await Promise.all((await listDelegators(db, actor.orgId, userId, clock.now())).map((id) => person(db, actor.orgId, id)));
    return { delegation: current, standingInFor };
  }

  async function assertActiveUser(orgId: Actor['orgId'], id: UserId, pointer: string | null): Promise<void> {
    const [member] = await accounts.listActiveMembersNamed(db, orgId, { userIds: [id] });
    if (!member) throw pointer ? invalid(pointer, `No active user ${id} in this organisation`) : new Problem('not_found', { detail: `No user ${id}` });
  }

  /** Sets (or replaces) `userId`'s delegation: the user themself, or an admin for them. */
  async function set(actor: Actor, userId: UserId, body: DelegationBody, meta: Meta): Promise<DelegationView> {
    const now = clock.now();
    const from = Date.parse(body.from);
    const until = Date.parse(body.until);
    const delegateId = body.delegateUserId;
    await assertActiveUser(actor.orgId, userId, null);
    if (delegateId === userId) throw invalid('#/delegateUserId', 'Name someone else: you cannot be your own delegate');
    await assertActiveUser(actor.orgId, delegateId, '#/delegateUserId');
    if (!(from < until)) throw invalid('#/until', 'The period must end after it starts');
    if (until <= now) throw invalid('#/until', 'The period must end in the future');
    if (until - Math.max(from, now) > MAX_DELEGATION_MS) throw invalid('#/until', 'A delegation lasts at most a year');
    const note = body.note?.trim() || null;
    return db.transaction().execute(async (tx) => {
      // Both people locked, in one order for every pair: two who name each other at the same
      // moment would each read the other as not away and delegate in a cycle (PostgreSQL).
      for (const id of [userId, delegateId].sort()) await lockUser(tx, actor.orgId, id);
      if (await isAwayDuring(tx, actor.orgId, delegateId, from, until, now)) {
        throw new Problem('delegate_unavailable', {
          detail: 'This person is away themself during that period (they named a delegate of their own): choose someone else',
        });
      }
      const row: DelegationRow = {
        user_id: userId,
        org_id: actor.orgId,
        delegate_user_id: delegateId,
        starts_at: from,
        ends_at: until,
        note,
        set_by: actor.userId,
        set_at: now,
        ended_at: null,
      };
      await upsertDelegation(tx, row);
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'delegation.set',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'user', id: userId },
        data: { userId, delegateUserId: delegateId, from: iso(from), until: iso(until), note, ...(actor.userId !== userId ? { byAdmin: true } : {}) },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      const v = await view(tx, row);
      const openTasks = await countOpenTasks(tx, userId);
      await mail.enqueue(tx, {
        orgId: actor.orgId,
        to: v.delegate.email,
        template: 'delegation-notice',
        vars: {
          kind: 'appointed',
          name: v.delegate.name,
          delegator: v.user.name,
          from: v.from,
          until: v.until,
          note,
          openTasks,
          link: `${config.baseUrl}/tasks`,
        },
      });
      return v;
    });
  }

  /** Ends `userId`'s delegation now (nothing to end is not an error). */
  async function end(actor: Actor, userId: UserId, meta: Meta): Promise<void> {
    if (actor.userId !== userId) await assertActiveUser(actor.orgId, userId, null);
    await db.transaction().execute(async (tx) => {
      const row = await findDelegation(tx, actor.orgId, userId);
      if (!row || !(await endDelegation(tx, actor.orgId, userId, clock.now()))) return;
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'delegation.ended',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'user', id: userId },
        data: { userId, delegateUserId: row.delegate_user_id, ...(actor.userId !== userId ? { byAdmin: true } : {}) },
        ip: meta.ip,
        requestId: meta.requestId,
      });
    });
  }

  /** Colleagues who could stand in for the user, by name or email (at most 10; the picker of the Out of office card). */
  async function candidates(actor: Actor, query: string): Promise<PersonRef[]> {
    // One more than shown: the user themself may be among them.
    const found = await accounts.findPeople(db, actor.orgId, query.trim(), CANDIDATES + 1);
    return found.filter((m) => m.id !== actor.userId).slice(0, CANDIDATES);
  }

  return { get, set, end, candidates };
}
