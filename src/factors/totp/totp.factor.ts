// The authenticator-app method (RFC 6238). check() runs outside any transaction and only reads;
// consume() is the atomic single-use guard inside the pipeline's transaction (factor.ts).
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import type { Executor } from '../../platform/db/connect.ts';
import type { CheckOutcome, MethodStrategy, VerifyInput } from '../factor.ts';
import { findFactorOfType } from '../factors.store.ts';
import { isTotpCodeFormat, matchTotpStep } from './totp-code.ts';
import { advanceLastUsedStep } from './totp.store.ts';
import { confirmTotpEnrollment, startTotpEnrollment } from './enroll-totp.ts';

export function createTotpMethod(deps: { secretBox: SecretBox; config: { siteName: string } }): MethodStrategy {
  return {
    method: 'totp',
    factorType: 'totp',
    primary: true,
    usableForFactorChange: true,
    label: 'An authenticator app',
    recordName: 'Authenticator app (TOTP)',
    // A right code another request consumed first was a code already accepted.
    lostRaceIsReplay: true,
    consumeRecordsUse: true,
    async check(db: Executor, input: VerifyInput, now: number): Promise<CheckOutcome> {
      // Only an ACTIVE factor verifies: pending (unconfirmed, A7) and disabled (B3) never do.
      const factor = await findFactorOfType(db, input.userId, 'totp', 'active');
      if (!factor || factor.org_id !== input.orgId || !factor.secret_sealed) return { ok: false, factorId: undefined };
      const factorId = factor.id;
      const code = input.proof.code;
      if (!isTotpCodeFormat(code)) return { ok: false, factorId };
      // AAD = factor id: a sealed secret copied onto another row does not open (secret-box.ts).
      // A secret that does not open is a server fault (key missing), not a wrong proof: it throws.
      const secret = deps.secretBox.open(factor.secret_sealed, factor.id);
      // `now` is the server clock the pipeline passes in; no client time is read (A10).
      const step = matchTotpStep(secret, code, now);
      // A step at or below the last accepted one is refused early (A4); consume() re-checks atomically.
      if (step === undefined) return { ok: false, factorId };
      if (factor.last_used_step !== null && step <= factor.last_used_step) return { ok: false, factorId, alreadyUsed: true };
      return { ok: true, factorId, consume: (tx, at) => advanceLastUsedStep(tx, factorId, step, at) };
    },
    enroll: {
      /** A pending factor with a new secret, shown once as the secret, its otpauth URI and a QR code (A7, A8). */
      async start(tx, user, _input, now) {
        const r = await startTotpEnrollment(tx, { secretBox: deps.secretBox, siteName: deps.config.siteName }, user, now);
        return { factorId: r.id, answer: { id: r.id, status: 'pending', secret: r.secret, otpauthUri: r.otpauthUri, qrCodeSvg: r.qrCodeSvg } };
      },
      confirm: (tx, user, factorId, code, now) => confirmTotpEnrollment(tx, deps, user, factorId, code, now),
    },
  } satisfies MethodStrategy;
}
