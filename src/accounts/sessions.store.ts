import { sql, SqliteAdapter, type RawBuilder } from 'kysely';
import { compiledQuery, compiledStatement } from '../platform/db/compiled-query.ts';
import type { Executor } from '../platform/db/connect.ts';
import { DAY_MS, type ExpiredRows } from '../platform/db/expired-rows.ts';
import type { DB } from '../platform/db/tables.ts';
import type { SessionId, UserId } from '../platform/ids.ts';
import type { EnrolledCondition } from './deps.ts';

export type SessionRow = DB['sessions'];

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await sessionInserted(db, row);
}
const sessionInserted = compiledStatement((db: Executor, row: SessionRow) => db.insertInto('sessions').values(row));

/**
 * The session with its user, the user's groups, whether the user is enrolled (`enrolled`, the
 * factors module's condition: user_enrolled is 1 or true when it holds), the organisation and
 * its stored settings, in one statement: every authenticated request runs this, and GET
 * /auth/session needs all of it. Reading the settings text here (not a cached copy) means every
 * instance sees a change at its next request; the parse of each text is cached
 * (settings/settings.ts), so this costs bytes only. The caller makes it once (it runs on every
 * request) and looks sessions up with it; it is built once per dialect (compiled-query.ts).
 */
export const sessionWithUser = (enrolled: EnrolledCondition) =>
  compiledQuery((db: Executor, tokenHash: string) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('organizations', 'organizations.id', 'sessions.org_id')
      .select([
        'sessions.id as id',
        'sessions.org_id as org_id',
        'sessions.user_id as user_id',
        'sessions.state as state',
        'sessions.aal as aal',
        'sessions.created_at as created_at',
        'sessions.last_seen_at as last_seen_at',
        'sessions.expires_at as expires_at',
        'sessions.revoked_at as revoked_at',
        'sessions.privileged_until as privileged_until',
        'users.active as user_active',
        'users.email as user_email',
        'users.roles as user_roles',
        'users.name as user_name',
        'users.user_type as user_type',
        'users.created_at as user_created_at',
        'organizations.name as org_name',
        'organizations.slug as org_slug',
        'organizations.settings as org_settings',
      ])
      .select(userGroupsJson(db).as('user_groups'))
      .select((eb) => enrolled(eb).as('user_enrolled'))
      .where('sessions.token_hash', '=', tokenHash),
  );

/**
 * The session user's groups as a JSON array of [id, name] pairs ordered by name (a correlated
 * subquery: one row per session whatever the number of groups). The one dialect difference of
 * this file: SQLite's json_group_array returns text, PostgreSQL's json_agg a parsed value.
 * SQLite is told to read the memberships by user (without table statistics it picked the
 * organisation's index and read every membership of the organisation) and its array is sorted
 * by parseUserGroups: ordering inside the subquery cost a co-routine and a sort per request.
 */
function userGroupsJson(db: Executor): RawBuilder<string | [string, string][] | null> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    return sql<string>`(select json_group_array(json_array(groups.id, groups.name)) from group_members indexed by group_members_user_idx
      inner join groups on groups.id = group_members.group_id where group_members.user_id = sessions.user_id and group_members.org_id = sessions.org_id)`;
  }
  return sql<[string, string][]>`(select coalesce(json_agg(json_build_array(groups.id, groups.name) order by groups.name), '[]'::json) from group_members
    inner join groups on groups.id = group_members.group_id where group_members.user_id = sessions.user_id and group_members.org_id = sessions.org_id)`;
}

/** The groups column of findSessionWithUser, whichever dialect read it, ordered by name. */
export function parseUserGroups(value: string | [string, string][] | null): [string, string][] {
  if (value === null) return [];
  if (typeof value !== 'string') return value;
  return (JSON.parse(value) as [string, string][]).sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function markSessionPrivileged(db: Executor, id: SessionId, until: number): Promise<void> {
  await db.updateTable('sessions').set({ privileged_until: until }).where('id', '=', id).execute();
}

export async function touchSession(db: Executor, id: SessionId, now: number): Promise<void> {
  await sessionTouched(db, id, now);
}
const sessionTouched = compiledStatement((db: Executor, id: SessionId, now: number) =>
  db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id),
);

/**
 * Ends the session; its lineage (the sign-in it descends from, migration 0023) when it was live,
 * undefined when it had already ended (a session ended before 0023 has no lineage: null).
 */
export async function revokeSessionByTokenHash(db: Executor, tokenHash: string, now: number): Promise<{ lineage: string | null } | undefined> {
  const [row] = await sessionRevoked(db, tokenHash, now);
  return row && { lineage: row.lineage_id };
}
const sessionRevoked = compiledQuery((db: Executor, tokenHash: string, now: number) =>
  db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).returning('lineage_id'),
);

/**
 * Ends the user's session of this token and every live session of its lineage: the sessions
 * that replaced it (a sign-in's second step, a factor's activation, a cookie's protected
 * decision) belong to the same client, which signs out of them all (every live session has a
 * lineage). The number of sessions ended.
 */
export async function revokeSessionLineage(db: Executor, userId: UserId, tokenHash: string, now: number): Promise<number> {
  return Number((await lineageRevoked(db, userId, tokenHash, now)).numAffectedRows);
}
/** The statement of revokeSessionLineage (its index is tested: src/platform/db/store-indexes.test.ts). */
export const revokeSessionLineageQuery = (db: Executor, userId: UserId, tokenHash: string, now: number) =>
  db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('lineage_id', '=', (eb) => eb.selectFrom('sessions').select('lineage_id').where('token_hash', '=', tokenHash));
const lineageRevoked = compiledStatement(revokeSessionLineageQuery);

/** Whether the session of this token is not revoked (a request's own session, read again in its transaction). */
export const isSessionUnrevoked = async (db: Executor, tokenHash: string): Promise<boolean> => (await sessionUnrevoked(db, tokenHash)).length === 1;
const sessionUnrevoked = compiledQuery((db: Executor, tokenHash: string) =>
  db.selectFrom('sessions').select('id').where('token_hash', '=', tokenHash).where('revoked_at', 'is', null),
);

/**
 * A session's row is deleted this long after it expired (every session expires at most 12 hours
 * after it started, ended or not): it holds a token's hash, an address and a user agent, and the
 * audit trail keeps every sign-in with its address for good.
 */
export const EXPIRED_SESSIONS: ExpiredRows = { table: 'sessions', key: ['id'], column: 'expires_at', keptMs: 30 * DAY_MS };

export async function revokeUserSessions(db: Executor, userId: UserId, now: number): Promise<number> {
  const r = await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
