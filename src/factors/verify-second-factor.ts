// The one verification pipeline every path uses (login, factor changes, decisions,
// signatures), so a limit cannot be forgotten on one of them (docs/security.md B7):
//   reserve an attempt (per user and address) → the method checks and consumes the proof
//   inside the caller's transaction → the caller's own work in that same transaction → the
//   attempt's reset → commit; or, on a wrong proof, roll everything back, count the failure
//   against the authenticator (disable at 100), log it, and answer second_factor_invalid.
// While throttled, a correct code gets 429 like a wrong one and is not evaluated (B4).
import { lockUser } from '../accounts/index.ts';
import type { Tx } from '../platform/db/connect.ts';
import type { FactorId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import { codeAttemptKeys, MAX_CONSECUTIVE_FAILURES, PASSWORD_COMPROMISE_NOTICE_AT } from './attempts.ts';
import type { FactorsDeps } from './deps.ts';
import type { Method, VerifyInput } from './factor.ts';
import { notifyUser } from './notify.ts';
import type { MethodRegistry } from './registry.ts';
import type { PasskeyEvidence } from './webauthn/passkey-evidence.ts';
import { countFactorFailure, disableFactor, findFactor, markFactorUsed } from './factors.store.ts';

export type Verified = { method: Method; factorId: FactorId; passkey?: PasskeyEvidence | undefined };

class WrongProof extends Error {
  readonly factorId: FactorId | undefined;
  readonly alreadyUsed: boolean;
  constructor(factorId: FactorId | undefined, alreadyUsed = false) {
    super('wrong proof');
    this.factorId = factorId;
    this.alreadyUsed = alreadyUsed;
  }
}

export function createVerifySecondFactor(deps: FactorsDeps, registry: MethodRegistry) {
  const { db, clock, limiter, audit } = deps;

  return async function verifySecondFactor<T>(
    input: VerifyInput & {
      ip: string;
      requestId?: string | undefined;
      allowedMethods?: readonly Method[] | undefined;
      /** Who, in the audit trail (the email); the user id when absent. */ label?: string | undefined;
    },
    work: (tx: Tx, verified: Verified) => Promise<T>,
    /** Slow preparation (argon2id hashing) that runs only once the proof checked out, outside the transaction. */
    prepare?: () => Promise<void>,
  ): Promise<T> {
    const strategy = registry.get(input.proof.method);
    if (!strategy || (input.allowedMethods && !input.allowedMethods.includes(input.proof.method))) {
      throw new Problem('second_factor_invalid', { detail: `The method ${String(input.proof.method)} is not allowed here` });
    }
    const reservation = await limiter.reserve(codeAttemptKeys(input.userId, input.ip));
    try {
      const outcome = await strategy.check(db, input, clock.now());
      if (!outcome.ok) throw new WrongProof(outcome.factorId, outcome.alreadyUsed === true);
      if (prepare) await prepare();
      const result = await db.transaction().execute(async (tx) => {
        const now = clock.now();
        // The user's row lock first, as every change to the user's credentials and sessions
        // takes it (an admin's reset, a password reset, a factor's removal): the proof, the
        // caller's work and any session it starts then come wholly before or wholly after
        // such a change. Without it, a reset waiting on the session this transaction replaces
        // missed the successor it committed meanwhile, which outlived the reset (on PostgreSQL).
        await lockUser(tx, input.orgId, input.userId);
        // Another request may have used the same proof since the check: only one consumes it.
        if (!(await outcome.consume(tx, now))) throw new WrongProof(outcome.factorId, strategy.lostRaceIsReplay === true);
        // The factor must still be active as its proof is spent: an admin's reset or a lockout
        // may have removed or disabled it since the check (its row lock orders the two).
        if (!strategy.consumeRecordsUse && !(await markFactorUsed(tx, outcome.factorId, now)))
          throw new Problem('second_factor_invalid', { detail: 'This second factor was removed or disabled meanwhile' });
        await audit.append(tx, {
          orgId: input.orgId,
          type: 'second_factor.verified',
          actor: { userId: input.userId, label: input.label ?? input.userId },
          target: { type: 'factor', id: outcome.factorId },
          // At a decision the entry names the exact decision the proof was spent on (its binding:
          // item, step, round, content, outcome and comment, as sent in the same request).
          data: {
            method: strategy.method,
            purpose: input.purpose,
            ...(input.purpose === 'decision' || input.purpose === 'signature' ? { binding: input.binding } : {}),
          },
          ip: input.ip,
          requestId: input.requestId,
        });
        if (strategy.onVerified) await strategy.onVerified(tx, input, outcome.factorId);
        const done = await work(tx, { method: strategy.method, factorId: outcome.factorId, ...(outcome.passkey ? { passkey: outcome.passkey } : {}) });
        // The attempt's reset commits with the work it allowed: no write of its own.
        await reservation.release('success', tx);
        return done;
      });
      return result;
    } catch (err) {
      if (!(err instanceof WrongProof)) {
        await reservation.release('success');
        throw err;
      }
      await reservation.release('failure');
      await recordFailure(input, strategy.method, err.factorId);
      // A replayed authenticator code still counts as a failure, but the person who typed the
      // code they just used is told so, rather than to type "the newest code" they are looking at.
      if (err.alreadyUsed)
        throw new Problem('second_factor_invalid', {
          detail: 'That code was already used. Wait for the next one in your app (a new code appears every 30 seconds).',
          extensions: { reason: 'code_already_used' },
        });
      throw new Problem('second_factor_invalid');
    }
  };

  /** Counts the failure on its authenticator, disables it at the ceiling, and logs both. */
  async function recordFailure(
    input: VerifyInput & { ip: string; requestId?: string | undefined; label?: string | undefined },
    method: Method,
    factorId: FactorId | undefined,
  ) {
    await db.transaction().execute(async (tx) => {
      const now = clock.now();
      let failures = 0;
      let disabled = false;
      if (factorId && (await findFactor(tx, input.userId, factorId))) {
        failures = await countFactorFailure(tx, factorId);
        if (failures >= MAX_CONSECUTIVE_FAILURES) disabled = await disableFactor(tx, factorId, now);
      }
      await audit.append(tx, {
        orgId: input.orgId,
        type: 'second_factor.failed',
        actor: { userId: input.userId, label: input.label ?? input.userId },
        target: factorId ? { type: 'factor', id: factorId } : undefined,
        data: { method, purpose: input.purpose, consecutiveFailures: failures },
        ip: input.ip,
        requestId: input.requestId,
      });
      // Someone who knows the password keeps failing the second factor: tell the owner (B10).
      if (input.purpose === 'login' && failures === PASSWORD_COMPROMISE_NOTICE_AT) {
        await notifyUser(
          deps,
          tx,
          input,
          'Wrong sign-in codes after a correct password',
          `Someone entered your password correctly and then ${failures} wrong second-factor codes. If this was not you, change your password now.`,
        );
      }
      if (disabled) {
        await audit.append(tx, {
          orgId: input.orgId,
          type: 'factor.disabled',
          actor: { label: 'signoff' },
          target: { type: 'factor', id: factorId! },
          data: { reason: 'too_many_failures', consecutiveFailures: failures },
          ip: input.ip,
          requestId: input.requestId,
        });
      }
    });
  }
}

export type VerifySecondFactor = ReturnType<typeof createVerifySecondFactor>;
