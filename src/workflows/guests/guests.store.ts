// SQL for guest invites and guest sessions. Single use and the per-code attempt count are
// conditional UPDATEs (docs/architecture.md "Invariants live in the database"), so they hold across instances.
import { sql, type Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/connect.ts';
import { DAY_MS, type ExpiredRows } from '../../platform/db/expired-rows.ts';
import type { DB } from '../../platform/db/tables.ts';
import type { InviteId, ItemId, OrgId } from '../../platform/ids.ts';

export type InviteRow = Selectable<DB['guest_invites']>;
export type GuestSessionRow = Selectable<DB['guest_sessions']>;

/** A guest session (its token's and code's hashes) is deleted a day after it expired; the trail keeps its verification and decision. */
export const EXPIRED_GUEST_SESSIONS: ExpiredRows = { table: 'guest_sessions', key: ['id'], column: 'expires_at', keptMs: DAY_MS };

// Invites --------------------------------------------------------------------------------------

export async function insertInvite(tx: Tx, row: InviteRow): Promise<void> {
  await tx.insertInto('guest_invites').values(row).execute();
}

export const findInviteById = (db: Executor, orgId: OrgId, id: InviteId): Promise<InviteRow | undefined> =>
  db.selectFrom('guest_invites').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();

/** The invite a link token stands for (looked up by the token's HMAC, never the token). */
export const findInviteByTokenHash = (db: Executor, tokenHash: string): Promise<InviteRow | undefined> =>
  db.selectFrom('guest_invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export const listInvitesOfItem = (db: Executor, orgId: OrgId, itemId: ItemId): Promise<InviteRow[]> =>
  db.selectFrom('guest_invites').selectAll().where('org_id', '=', orgId).where('item_id', '=', itemId).orderBy('created_at').orderBy('id').execute();

export async function markInviteDecided(tx: Tx, id: InviteId, now: number): Promise<void> {
  await tx.updateTable('guest_invites').set({ decided_at: now }).where('id', '=', id).where('decided_at', 'is', null).execute();
}

/** A new link token (the old one stops matching), a later expiry; false when the invite was revoked, or its guest decided, meanwhile. */
export async function replaceInviteToken(tx: Tx, id: InviteId, tokenHash: string, expiresAt: number, now: number): Promise<boolean> {
  const r = await tx
    .updateTable('guest_invites')
    .set({ token_hash: tokenHash, expires_at: expiresAt, last_sent_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('decided_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Revokes the invite and ends every session of it; false when it was already revoked. */
export async function revokeInvite(tx: Tx, id: InviteId, now: number): Promise<boolean> {
  const r = await tx.updateTable('guest_invites').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  await tx
    .updateTable('guest_sessions')
    .set({ expires_at: now, code_hash: null, code_expires_at: null })
    .where('invite_id', '=', id)
    .where('expires_at', '>', now)
    .execute();
  return Number(r.numUpdatedRows) === 1;
}

/** Invites of the item that have a verified session alive now. */
export async function listVerifiedInviteIds(db: Executor, itemId: ItemId, now: number): Promise<Set<InviteId>> {
  const rows = await db
    .selectFrom('guest_sessions')
    .innerJoin('guest_invites', 'guest_invites.id', 'guest_sessions.invite_id')
    .select('guest_sessions.invite_id')
    .distinct()
    .where('guest_invites.item_id', '=', itemId)
    .where('guest_sessions.verified_at', 'is not', null)
    .where('guest_sessions.expires_at', '>', now)
    .execute();
  return new Set(rows.map((r) => r.invite_id));
}

// Guest sessions -------------------------------------------------------------------------------

export async function insertGuestSession(tx: Tx, row: GuestSessionRow): Promise<void> {
  await tx.insertInto('guest_sessions').values(row).execute();
}

export const findGuestSessionByTokenHash = (db: Executor, tokenHash: string): Promise<GuestSessionRow | undefined> =>
  db.selectFrom('guest_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/**
 * Stores a new code for this session only: its earlier code is void, no other session's is
 * touched (a forwardee cannot void the invited guest's code). The per-code attempt count
 * starts again; the invite's budget, which a new code never resets (NIST SP 800-63B OBV-7),
 * lives in the rate limiter.
 */
export async function setSessionCode(tx: Tx, id: string, code: { hash: string; expiresAt: number; sessionExpiresAt: number }): Promise<boolean> {
  const r = await tx
    .updateTable('guest_sessions')
    .set({ code_hash: code.hash, code_expires_at: code.expiresAt, code_attempts: 0, expires_at: code.sessionExpiresAt })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Counts one attempt on the session's code and returns the code to compare with, or nothing
 * when there is no live code or its attempts are spent: one conditional UPDATE, so concurrent
 * guesses cannot exceed `maxAttempts` (docs/security.md B8).
 */
export async function takeCodeAttempt(
  db: Executor,
  id: string,
  maxAttempts: number,
  now: number,
): Promise<{ code_hash: string; code_expires_at: number } | undefined> {
  const row = await db
    .updateTable('guest_sessions')
    .set({ code_attempts: sql`code_attempts + 1` })
    .where('id', '=', id)
    .where('code_hash', 'is not', null)
    .where('code_attempts', '<', maxAttempts)
    .where('expires_at', '>', now)
    .returning(['code_hash', 'code_expires_at'])
    .executeTakeFirst();
  return row?.code_hash ? { code_hash: row.code_hash, code_expires_at: Number(row.code_expires_at) } : undefined;
}

/**
 * Consumes the code it names (single use: only the first of concurrent requests matches
 * `code_hash`) and confirms the session under a new token (ASVS 7.2.4).
 */
export async function consumeCodeAndVerify(
  tx: Tx,
  id: string,
  codeHash: string,
  next: { tokenHash: string; expiresAt: number; now: number },
): Promise<boolean> {
  const r = await tx
    .updateTable('guest_sessions')
    .set({ code_hash: null, code_expires_at: null, verified_at: next.now, token_hash: next.tokenHash, expires_at: next.expiresAt })
    .where('id', '=', id)
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
