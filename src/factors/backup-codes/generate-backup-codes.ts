// Backup codes (docs/guide.md §2, docs/security.md C1/C4/C6): 10 codes of 8 digits from the CSPRNG
// (≈26.6 bits each, NIST SP 800-63B rev 4 LSA-1/LSA-3), each stored as its own salted argon2id
// PHC string, because a code has far less than 112 bits (LSV-6..8, ASVS 6.5.2). Hashing is
// slow, so it happens before the transaction (docs/architecture.md rule 5); the swap is atomic inside it.
import { lockUser } from '../../accounts/index.ts';
import type { Executor, Tx } from '../../platform/db/connect.ts';
import { hashPassword } from '../../platform/crypto/password.ts';
import { randomDigits } from '../../platform/crypto/random.ts';
import { newId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import { deleteFactor, insertFactor } from '../factors.store.ts';
import { countUnusedBackupCodes, insertBackupCodes, listBackupCodeFactorIds } from './backup-codes.store.ts';
import { BACKUP_CODE_LENGTH } from './normalize.ts';

export const BACKUP_CODE_COUNT = 10;
const BACKUP_CODES_LABEL = 'Backup codes';

/** A fresh set of distinct codes, in plain text: shown once, never stored. */
export function drawBackupCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < BACKUP_CODE_COUNT) codes.add(randomDigits(BACKUP_CODE_LENGTH));
  return [...codes];
}

/** Runs outside any transaction: about 10 argon2id hashes. */
export async function prepareBackupCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = drawBackupCodes();
  const hashes: string[] = [];
  for (const code of codes) hashes.push(await hashPassword(code));
  return { codes, hashes };
}

/**
 * Voids the old set at once (its rows and its factor) and makes the new one active (C6). The
 * caller has already demanded a fresh second factor, audits and sends the notice (C7).
 */
export async function replaceBackupCodes(tx: Tx, user: { orgId: OrgId; userId: UserId }, hashes: string[], now: number): Promise<FactorId> {
  if (hashes.length !== BACKUP_CODE_COUNT) throw new TypeError(`expected ${BACKUP_CODE_COUNT} backup code hashes, got ${hashes.length}`);
  // The user's row lock (accounts owns it) serialises regenerations: two at once cannot both
  // see "no set yet" and leave two active sets.
  if (!(await lockUser(tx, user.orgId, user.userId))) throw new TypeError('backup codes for a user outside the organisation');
  for (const id of await listBackupCodeFactorIds(tx, user.userId)) await deleteFactor(tx, id);
  const factorId = newId<FactorId>('fac');
  await insertFactor(tx, {
    id: factorId,
    org_id: user.orgId,
    user_id: user.userId,
    type: 'backup_codes',
    status: 'active',
    label: BACKUP_CODES_LABEL,
    created_at: now,
    activated_at: now,
  });
  await insertBackupCodes(
    tx,
    hashes.map((code_hash) => ({ id: newId('bkc'), factor_id: factorId, org_id: user.orgId, user_id: user.userId, code_hash, created_at: now, used_at: null })),
  );
  return factorId;
}

/** Unused codes of the user's active set (`backupCodesRemaining`). */
export const countRemainingBackupCodes = (db: Executor, userId: UserId): Promise<number> => countUnusedBackupCodes(db, userId);
