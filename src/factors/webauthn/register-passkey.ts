// Registering a passkey (WebAuthn L3 §7.1 "Registering a New Credential"), in two steps: the
// creation options with a challenge row (purpose factor_change, binding
// `register-passkey:<userId>`), then the verified response becomes an ACTIVE factor. Several
// passkeys per user are allowed; each is one `factors` row. Renaming lives here too: the label
// is the one thing a user edits after registration.
import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialCreationOptionsJSON, VerifiedRegistrationResponse } from '@simplewebauthn/server';
import { simpleWebAuthn, type WebAuthnLibrary } from './library.ts';
import type { Db, Executor, Tx } from '../../platform/db/connect.ts';
import { newId, type ChallengeId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import { consumeOpenChallenge, findOpenChallenge, openChallenge } from '../challenges.ts';
import { consumeChallenge } from '../challenges.store.ts';
import type { VerifyInput } from '../factor.ts';
import { insertFactor } from '../factors.store.ts';
import { knownTransports, parseRegistrationResponse, transportsOf } from './credential-json.ts';
import { CEREMONY_TIMEOUT_MS, CHALLENGE_BYTES, normalizePasskeyLabel, SUPPORTED_ALGORITHM_IDS, userHandleOf, type WebauthnConfig } from './webauthn-config.ts';
import { isCredentialIdTaken, listPasskeys, updatePasskeyLabel } from './webauthn.store.ts';
import { isUniqueViolation } from '../../platform/db/constraint-violations.ts';
import { lockUser } from '../../accounts/index.ts';

export type { PublicKeyCredentialCreationOptionsJSON };

const registrationBinding = (userId: UserId) => `register-passkey:${userId}`;

export async function startPasskeyRegistration(
  tx: Tx,
  deps: { webauthn: WebauthnConfig },
  user: { orgId: OrgId; userId: UserId; email: string; name: string },
  now: number,
  library: WebAuthnLibrary,
): Promise<{ challengeId: ChallengeId; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await listPasskeys(tx, user.userId);
  const options = await library.generateRegistrationOptions({
    rpName: deps.webauthn.rpName,
    rpID: deps.webauthn.rpId,
    userID: new Uint8Array(Buffer.from(userHandleOf(user.userId), 'base64url')),
    userName: user.email,
    userDisplayName: user.name || user.email,
    challenge: new Uint8Array(randomBytes(CHALLENGE_BYTES)),
    timeout: CEREMONY_TIMEOUT_MS,
    // WebAuthn L3 §5.4.7: with `none` the browser strips attestation; we do not check makers.
    attestationType: 'none',
    // The same authenticator twice adds nothing: the browser refuses it (InvalidStateError).
    excludeCredentials: existing.filter((p) => p.credential_id).map((p) => ({ id: p.credential_id!, transports: transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHM_IDS,
  });
  const challengeId = await openChallenge(tx, {
    input: { orgId: user.orgId, userId: user.userId, purpose: 'factor_change', binding: registrationBinding(user.userId) },
    method: 'webauthn',
    webauthnChallenge: options.challenge,
    now,
  });
  return { challengeId, options };
}

/**
 * Verifies the attestation outside any transaction, then in one transaction burns the
 * challenge and inserts the active factor. `then` runs in that same transaction (audit,
 * security notice), so the passkey never exists without them. Undefined for anything wrong:
 * an unknown, used or expired challenge, a malformed or unverifiable response, no user
 * verification, a bad label, a credential id already registered (to anyone).
 */
export async function finishPasskeyRegistration(
  db: Db,
  deps: { webauthn: WebauthnConfig },
  user: { orgId: OrgId; userId: UserId },
  input: { challengeId: ChallengeId; credential: unknown; label: string },
  now: number,
  then?: (tx: Tx, factorId: FactorId) => Promise<void>,
  /** Slow preparation (hashing first backup codes): runs only once the attestation verified, before the transaction. */
  prepare?: () => Promise<void>,
): Promise<FactorId | undefined> {
  const label = normalizePasskeyLabel(input.label);
  if (!label) return undefined;
  const expected: VerifyInput = {
    orgId: user.orgId,
    userId: user.userId,
    purpose: 'factor_change',
    binding: registrationBinding(user.userId),
    proof: { method: 'webauthn' },
  };
  const challenge = await findOpenChallenge(db, input.challengeId, expected, 'webauthn', now);
  if (!challenge || challenge.purpose !== 'factor_change' || !challenge.webauthn_challenge) return undefined;
  const refuse = async () => {
    await consumeChallenge(db, challenge.id, now);
    return undefined;
  };

  const response = parseRegistrationResponse(input.credential);
  if (!response) return refuse();
  let verified: VerifiedRegistrationResponse;
  try {
    verified = await (
      await simpleWebAuthn()
    ).verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.webauthn_challenge,
      expectedOrigin: deps.webauthn.origin,
      expectedRPID: deps.webauthn.rpId,
      expectedType: 'webauthn.create',
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHM_IDS,
    });
  } catch {
    return refuse(); // SimpleWebAuthn's plain Errors end here, as "not registered"
  }
  if (!verified.verified || !verified.registrationInfo.userVerified) return refuse();
  const { credential } = verified.registrationInfo;
  if (prepare) await prepare();

  const factorId = newId<FactorId>('fac');
  try {
    return await db.transaction().execute(async (tx) => {
      // The user's row lock first, as every factor change takes it: a reset of the user's
      // factors at the same moment either removes this passkey too or ends its challenge.
      await lockUser(tx, user.orgId, user.userId);
      if (!(await consumeOpenChallenge(tx, challenge.id, now))) return undefined;
      // credential_id is UNIQUE: a credential belongs to one account. The check answers the
      // common case; the constraint (caught below) answers a race.
      if (await isCredentialIdTaken(tx, credential.id)) return undefined;
      await insertFactor(tx, {
        id: factorId,
        org_id: user.orgId,
        user_id: user.userId,
        type: 'webauthn',
        status: 'active',
        label,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        sign_count: credential.counter,
        transports: JSON.stringify(knownTransports(credential.transports)),
        created_at: now,
        activated_at: now,
      });
      if (then) await then(tx, factorId);
      return factorId;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return undefined;
    throw err;
  }
}

/** False when the label is not acceptable or the user has no such passkey. */
export async function renamePasskey(db: Executor, userId: UserId, factorId: FactorId, label: string): Promise<boolean> {
  const normalized = normalizePasskeyLabel(label);
  if (!normalized || factorId.length > 64) return false;
  return updatePasskeyLabel(db, userId, factorId, normalized);
}
