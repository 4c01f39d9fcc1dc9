// SQL for passkeys. A passkey is a `factors` row of type 'webauthn': credential_id (UNIQUE
// across the deployment), public_key (COSE, base64url), sign_count, transports (JSON array).
import type { Executor, Tx } from '../../platform/db/connect.ts';
import type { FactorId, OrgId, UserId } from '../../platform/ids.ts';
import type { FactorRow } from '../factors.store.ts';

/** Every passkey of the user, whatever its status (registration excludes them all). */
export const listPasskeys = (db: Executor, userId: UserId): Promise<FactorRow[]> =>
  db.selectFrom('factors').selectAll().where('user_id', '=', userId).where('type', '=', 'webauthn').orderBy('created_at').execute();

export const listActivePasskeys = (db: Executor, orgId: OrgId, userId: UserId): Promise<FactorRow[]> =>
  db
    .selectFrom('factors')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('type', '=', 'webauthn')
    .where('status', '=', 'active')
    .orderBy('created_at')
    .execute();

/** The credential only if it is an active passkey of this user in this organisation (docs/security.md E3). */
export const findActivePasskey = (db: Executor, orgId: OrgId, userId: UserId, credentialId: string): Promise<FactorRow | undefined> =>
  db
    .selectFrom('factors')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('type', '=', 'webauthn')
    .where('status', '=', 'active')
    .executeTakeFirst();

export async function isCredentialIdTaken(db: Executor, credentialId: string): Promise<boolean> {
  const row = await db.selectFrom('factors').select('id').where('credential_id', '=', credentialId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves the signature counter from the value the check saw to the new one, only if nobody
 * moved it meanwhile and the passkey is still active: of two requests carrying assertions
 * checked against the same stored counter, one wins.
 */
export async function advanceSignCount(tx: Tx, id: FactorId, seen: number | null, next: number): Promise<boolean> {
  let q = tx.updateTable('factors').set({ sign_count: next }).where('id', '=', id).where('status', '=', 'active');
  q = seen === null ? q.where('sign_count', 'is', null) : q.where('sign_count', '=', seen);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updatePasskeyLabel(db: Executor, userId: UserId, id: FactorId, label: string): Promise<boolean> {
  const r = await db.updateTable('factors').set({ label }).where('id', '=', id).where('user_id', '=', userId).where('type', '=', 'webauthn').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
