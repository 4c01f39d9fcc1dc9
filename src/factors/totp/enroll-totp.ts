// Two-step setup (docs/guide.md §2, docs/security.md A7): start creates a PENDING factor and shows the
// secret once; confirm activates it only with a valid code from the app (Part 11 11.300(e):
// "initial ... testing of devices"). Both run in the caller's transaction.
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import type { Tx } from '../../platform/db/connect.ts';
import { newId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import { activateFactor, deleteFactor, deletePendingOfType, findFactor, insertFactor, listFactors } from '../factors.store.ts';
import { buildOtpauthUri, renderQrCodeSvg } from './otpauth.ts';
import { matchTotpStep, newTotpSecret } from './totp-code.ts';
import { advanceLastUsedStep } from './totp.store.ts';

const TOTP_FACTOR_LABEL = 'Authenticator app';

export async function startTotpEnrollment(
  tx: Tx,
  deps: { secretBox: SecretBox; siteName: string },
  user: { orgId: OrgId; userId: UserId; email: string },
  now: number,
): Promise<{ id: FactorId; secret: string; otpauthUri: string; qrCodeSvg: string }> {
  // Starting again replaces the pending secret, so an abandoned setup never locks anyone out
  // and the first secret's codes become useless (A7).
  await deletePendingOfType(tx, user.userId, 'totp');
  const id = newId<FactorId>('fac');
  const secret = newTotpSecret();
  // Encrypted at rest (A6); the factor id as AAD binds the ciphertext to this row.
  await insertFactor(tx, {
    id,
    org_id: user.orgId,
    user_id: user.userId,
    type: 'totp',
    status: 'pending',
    label: TOTP_FACTOR_LABEL,
    secret_sealed: deps.secretBox.seal(secret, id),
    created_at: now,
  });
  const otpauthUri = buildOtpauthUri({ siteName: deps.siteName, accountName: user.email, secret });
  return { id, secret, otpauthUri, qrCodeSvg: await renderQrCodeSvg(otpauthUri) };
}

/**
 * Activates the user's pending factor `factorId` with a valid code, under the same rules as
 * verification (6 digits, ±1 step of the server clock). The accepted step is spent at once (the
 * factor's last_used_step), so the confirming code cannot be replayed at the next login. The
 * user's previous active authenticator app is removed (one per user). Undefined for a wrong code,
 * or an unknown, foreign or non-pending factor (one a concurrent confirmation activated first);
 * the caller then rolls back.
 */
export async function confirmTotpEnrollment(
  tx: Tx,
  deps: { secretBox: SecretBox },
  user: { orgId: OrgId; userId: UserId },
  factorId: FactorId,
  code: string,
  now: number,
): Promise<FactorId | undefined> {
  const factor = await findFactor(tx, user.userId, factorId);
  if (!factor || factor.org_id !== user.orgId || factor.type !== 'totp' || factor.status !== 'pending' || !factor.secret_sealed) return undefined;
  const id = factor.id;
  const step = matchTotpStep(deps.secretBox.open(factor.secret_sealed, id), code, now);
  if (step === undefined) return undefined;
  // Pending → active, which a concurrent confirmation loses; then last_used_step, which only
  // advances an active factor: the confirming code's step is spent (A4).
  if (!(await activateFactor(tx, id, now))) return undefined;
  if (!(await advanceLastUsedStep(tx, id, step))) return undefined;
  for (const other of await listFactors(tx, user.userId)) {
    if (other.id !== id && other.type === 'totp' && other.status === 'active') await deleteFactor(tx, other.id);
  }
  return id;
}
