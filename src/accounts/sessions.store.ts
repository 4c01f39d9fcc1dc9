import type { Executor } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';

export type SessionRow = DB['sessions'];

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session with its user, in one query (every authenticated request runs this). */
export const findSessionWithUser = (db: Executor, tokenHash: string) =>
  db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as id', 'sessions.org_id as org_id', 'sessions.user_id as user_id', 'sessions.state as state', 'sessions.aal as aal',
      'sessions.created_at as created_at', 'sessions.last_seen_at as last_seen_at', 'sessions.expires_at as expires_at', 'sessions.revoked_at as revoked_at',
      'sessions.privileged_until as privileged_until', 'users.active as user_active', 'users.email as user_email', 'users.roles as user_roles'])
    .where('sessions.token_hash', '=', tokenHash).executeTakeFirst();

export async function markSessionPrivileged(db: Executor, id: string, until: number): Promise<void> {
  await db.updateTable('sessions').set({ privileged_until: until }).where('id', '=', id).execute();
}

export async function touchSession(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function revokeSession(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function revokeSessionByTokenHash(db: Executor, tokenHash: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

export async function revokeUserSessions(db: Executor, userId: string, now: number): Promise<number> {
  const r = await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
