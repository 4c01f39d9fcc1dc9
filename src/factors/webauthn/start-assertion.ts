// Opens a passkey assertion: request options for navigator.credentials.get (through
// @simplewebauthn/browser's startAuthentication) and a challenge row that holds the challenge
// server-side, bound to one purpose and binding and valid for 10 minutes (docs/security.md E1, E6).
import { createHash, randomBytes } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { WebAuthnLibrary } from './library.ts';
import type { Tx } from '../../platform/db/connect.ts';
import type { ChallengeId, OrgId, SessionId, UserId } from '../../platform/ids.ts';
import { openChallenge } from '../challenges.ts';
import type { Purpose } from '../factor.ts';
import { transportsOf } from './credential-json.ts';
import { CEREMONY_TIMEOUT_MS, CHALLENGE_BYTES, type WebauthnConfig } from './webauthn-config.ts';
import { listActivePasskeys } from './webauthn.store.ts';

export type { PublicKeyCredentialRequestOptionsJSON };

/** Undefined when the user has no active passkey (the caller offers another method). */
export async function startWebauthnAssertion(
  tx: Tx,
  deps: { webauthn: WebauthnConfig },
  input: { orgId: OrgId; userId: UserId; purpose: Purpose; binding: string; sessionId?: SessionId | undefined },
  now: number,
  library: WebAuthnLibrary,
): Promise<{ challengeId: ChallengeId; options: PublicKeyCredentialRequestOptionsJSON } | undefined> {
  const passkeys = await listActivePasskeys(tx, input.orgId, input.userId);
  if (passkeys.length === 0) return undefined;
  const nonce = randomBytes(CHALLENGE_BYTES);
  const options = await library.generateAuthenticationOptions({
    rpID: deps.webauthn.rpId,
    // A second factor for a known user: list their credentials, so a security key without a
    // resident credential can answer too.
    allowCredentials: passkeys.map((p) => ({ id: p.credential_id!, transports: transportsOf(p.transports) })),
    // Random, and derived from the binding (for a decision: its digest of item, step, content,
    // outcome and comment), so what the authenticator signs commits to that exact decision.
    // The nonce is kept with the challenge: a decision's evidence carries it, so a verifier
    // recomputes the challenge from the decision's facts.
    challenge: new Uint8Array(createHash('sha256').update(nonce).update(input.binding, 'utf8').digest()),
    timeout: CEREMONY_TIMEOUT_MS,
    // NIST SP 800-63B rev 4 B.3 IMPR-1 asks verifiers to prefer UV; we require it, since a
    // passkey without UV is something-you-have only (docs/security.md E4).
    userVerification: 'required',
  });
  const challengeId = await openChallenge(tx, {
    input,
    method: 'webauthn',
    webauthnChallenge: options.challenge,
    webauthnNonce: nonce.toString('base64url'),
    now,
  });
  return { challengeId, options };
}
