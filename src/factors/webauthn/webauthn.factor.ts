// Passkeys and security keys as a second factor (WebAuthn L3 §7.2 "Verifying an
// Authentication Assertion"). `check` runs outside any transaction: it finds the open challenge
// of this user for this exact binding, the credential among this user's active passkeys, and
// lets SimpleWebAuthn verify type, challenge, origin, RP ID, flags and signature. `consume`
// then burns the challenge and moves the counter, both as conditional UPDATEs, in the
// caller's transaction.
import type { VerifiedAuthenticationResponse } from '@simplewebauthn/server';
import { simpleWebAuthn, type WebAuthnLibrary } from './library.ts';
import type { Executor } from '../../platform/db/connect.ts';
import type { ChallengeId, FactorId } from '../../platform/ids.ts';
import { Problem } from '../../platform/problems.ts';
import { consumeOpenChallenge, findOpenChallenge } from '../challenges.ts';
import { consumeChallenge } from '../challenges.store.ts';
import type { FactorsDeps } from '../deps.ts';
import { hashingWorkKeys } from '../attempts.ts';
import type { ChallengeTarget, CheckOutcome, MethodEnrollment, MethodStrategy, OpenedChallenge, VerifyInput } from '../factor.ts';
import { parseAuthenticationResponse, transportsOf } from './credential-json.ts';
import { userHandleOf } from './webauthn-config.ts';
import { advanceSignCount, findActivePasskey } from './webauthn.store.ts';
import { coseToSpki, type PasskeyEvidence } from './passkey-evidence.ts';
import { startWebauthnAssertion } from './start-assertion.ts';
import { finishPasskeyRegistration, startPasskeyRegistration } from './register-passkey.ts';

export function createWebauthnMethod(deps: Pick<FactorsDeps, 'db' | 'clock' | 'limiter' | 'webauthn'>): MethodStrategy {
  const { rpId, origin } = deps.webauthn;

  async function check(db: Executor, input: VerifyInput, now: number): Promise<CheckOutcome> {
    const challenge = await findOpenChallenge(db, input.proof.challengeId, input, 'webauthn', now);
    if (!challenge || challenge.purpose !== input.purpose || !challenge.webauthn_challenge) return { ok: false, factorId: undefined };

    // docs/security.md E1: the challenge serves one verification, right or wrong. A failed one is
    // burnt here (the pipeline rolls back its transaction on failure); a right one is burnt
    // by `consume`.
    const refuse = async (factorId: FactorId | undefined): Promise<CheckOutcome> => {
      await consumeChallenge(db, challenge.id, now);
      return { ok: false, factorId };
    };

    const response = parseAuthenticationResponse(input.proof.credential);
    if (!response) return refuse(undefined);
    // E3: only this user's active passkeys in this organisation. Another user's credential is
    // unknown here, and its failure counts against nobody (it must not lock the owner out).
    const passkey = await findActivePasskey(db, input.orgId, input.userId, response.id);
    if (!passkey?.public_key) return refuse(undefined);
    const factorId = passkey.id;
    // A discoverable credential names its user; it must be the user we registered it for.
    if (response.response.userHandle !== undefined && response.response.userHandle !== userHandleOf(input.userId)) return refuse(factorId);

    const stored = passkey.sign_count;
    let verified: VerifiedAuthenticationResponse;
    try {
      verified = await (
        await simpleWebAuthn()
      ).verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.webauthn_challenge, // E6: the challenge of this binding only
        expectedOrigin: origin, // E2
        expectedRPID: rpId, // E2
        expectedType: 'webauthn.get', // E7
        requireUserVerification: true, // E4 (UP is always required)
        credential: {
          id: passkey.credential_id!,
          publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
          counter: stored ?? 0,
          transports: transportsOf(passkey.transports),
        },
      });
    } catch {
      // SimpleWebAuthn reports every refusal as a plain Error; at this boundary they are all
      // one thing, a wrong proof (docs/architecture.md: library errors are translated here).
      return refuse(factorId);
    }
    const { newCounter, userVerified } = verified.authenticationInfo;
    if (!verified.verified || !userVerified) return refuse(factorId);
    // E5 (WebAuthn L3 §6.1.1): if either counter is non-zero, the new one must be greater, or
    // the authenticator may be cloned. Both zero is allowed (synced passkeys never count).
    if ((newCounter > 0 || (stored ?? 0) > 0) && newCounter <= (stored ?? 0)) return refuse(factorId);

    const key = await coseToSpki(passkey.public_key);
    const passkeyEvidence: PasskeyEvidence | undefined =
      key && challenge.webauthn_nonce
        ? {
            credentialId: passkey.credential_id!,
            publicKey: { cose: passkey.public_key, ...key },
            rpId,
            origin,
            challengeNonce: challenge.webauthn_nonce,
            authenticatorData: response.response.authenticatorData,
            clientDataJSON: response.response.clientDataJSON,
            signature: response.response.signature,
          }
        : undefined;
    return {
      ok: true,
      factorId,
      passkey: passkeyEvidence,
      consume: async (tx, at) => (await consumeOpenChallenge(tx, challenge.id, at)) && (await advanceSignCount(tx, factorId, stored, newCounter)),
    };
  }

  /** The library, loaded on the first ceremony and kept: always before a transaction, which must not wait for it. */
  let library: WebAuthnLibrary | undefined;
  const loadLibrary = async () => (library ??= await simpleWebAuthn());

  /** Request options for navigator.credentials.get, bound to the target's binding (E6). */
  async function openChallenge(target: ChallengeTarget): Promise<OpenedChallenge> {
    const input = { orgId: target.orgId, userId: target.userId, purpose: target.purpose, binding: target.binding, sessionId: target.sessionId };
    const loaded = await loadLibrary();
    const started = await deps.db.transaction().execute((tx) => startWebauthnAssertion(tx, deps, input, deps.clock.now(), loaded));
    if (!started) throw new Problem('second_factor_invalid', { detail: 'You have no passkey' });
    return { challengeId: started.challengeId, webauthnOptions: started.options };
  }

  /**
   * Registration (register-passkey.ts): creation options first, then the attestation becomes
   * an ACTIVE factor, with no pending row and no code in between. Every finishing attempt
   * counts against a budget, and the first backup codes (`prepare`) are hashed only for a
   * verified credential, so junk registrations can stall neither the event loop nor the
   * hashing thread pool.
   */
  const enroll: MethodEnrollment = {
    async load() {
      await loadLibrary();
    },
    async start(tx, user, _input, now) {
      if (!library) throw new Error('enroll.load() must run before enroll.start(), outside the transaction');
      const r = await startPasskeyRegistration(tx, deps, user, now, library);
      return { answer: { challengeId: r.challengeId, options: r.options } };
    },
    async finish(db, user, input, meta, { prepare, activated }) {
      const registration = registrationInput(input);
      const reservation = await deps.limiter.reserve(hashingWorkKeys('passkey-registration', user.userId, meta.ip));
      let id: FactorId | undefined;
      try {
        id = registration && (await finishPasskeyRegistration(db, deps, user, registration, deps.clock.now(), activated, prepare));
      } finally {
        await reservation.release(id ? 'success' : 'failure');
      }
      if (!id) throw new Problem('second_factor_invalid', { detail: 'The passkey could not be registered' });
      return id;
    },
  };

  return {
    method: 'webauthn',
    factorType: 'webauthn',
    primary: true,
    usableForFactorChange: true,
    label: 'A passkey',
    recordName: 'Passkey or security key',
    check,
    openChallenge,
    enroll,
  } satisfies MethodStrategy;
}

/** The finishing request's fields (the HTTP contract checked them; a caller in process may not have). */
/** The finish request's fields (the route's schema checked them); the challenge id is looked up, never trusted. */
function registrationInput(input: unknown): { challengeId: ChallengeId; credential: unknown; label: string } | undefined {
  const i = input as { challengeId?: unknown; credential?: unknown; label?: unknown } | null | undefined;
  return typeof i?.challengeId === 'string' && typeof i.label === 'string'
    ? { challengeId: i.challengeId as ChallengeId, credential: i.credential, label: i.label }
    : undefined;
}
