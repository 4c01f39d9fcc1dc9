// Every way of proving the second factor is a strategy behind this one interface, listed once
// in registry.ts (kratos's strategies, better-auth's two-factor plugins). A strategy says what
// it is (its stored factor type, whether it makes a user enrolled, whether it may confirm
// factor changes, its name in words), proves (check, consume), opens its challenge, reacts
// to a verification, and is set up (enroll: start, then confirm or finish); every list of
// methods the server uses is derived from the registry.
// Adding a method is a folder, a registry line and its name in src/http/contract/methods.ts;
// `satisfies MethodStrategy` is the compile-time check.
import type { Method } from '../http/contract/methods.ts';
import type { Db, Executor, Tx } from '../platform/db/connect.ts';
import type { ChallengeId, FactorId, OrgId, SessionId, UserId } from '../platform/ids.ts';
import type { Meta } from './types.ts';
import type { PasskeyEvidence } from './webauthn/passkey-evidence.ts';

/** The methods of API.md (`method` in second-factor requests), declared in the HTTP contract. */
export { type ChallengeMethod, type Method } from '../http/contract/methods.ts';

/**
 * The kind of a stored authenticator (`factors.type`): `totp`, `email`, `webauthn` and
 * `backup_codes` (one row for the whole set) today; each strategy names its own.
 */
export type FactorType = string;
export type FactorStatus = 'pending' | 'active' | 'disabled';

export type Proof = { method: Method; code?: string | undefined; challengeId?: ChallengeId | undefined; credential?: unknown };

/**
 * What a verification is for. `binding` is the exact thing the proof must be bound to:
 * `login:<sessionId>` for the sign-in prompt, `factor-change:<sessionId>` for managing
 * factors, the decision digest for a protected decision (workflows issue). A challenge opened
 * for one binding never verifies another.
 */
export type Purpose = 'login' | 'factor_change' | 'decision' | 'signature';
export type VerifyInput = { orgId: OrgId; userId: UserId; purpose: Purpose; binding: string; sessionId?: SessionId | undefined; proof: Proof };

/**
 * `check` answers whether the proof is right, outside any transaction (argon2 and signature
 * checks are slow; docs/architecture.md rule 5). A right proof comes with `consume`, which the pipeline
 * runs inside the transaction that records what the proof was for: it must be an atomic
 * single-use guard (a unique insert or a conditional UPDATE) returning false when another
 * request consumed the proof first. `factorId` names the authenticator a failure counts
 * against (docs/security.md B1/B3), when known.
 */
export type CheckOutcome =
  | {
      ok: true;
      factorId: FactorId;
      consume(tx: Tx, now: number): Promise<boolean>;
      /** A passkey's assertion, kept as evidence of a decision. */ passkey?: PasskeyEvidence | undefined;
    }
  /** `alreadyUsed`: the code was right for a time step this factor already accepted (the person typed the code they just used). */
  | { ok: false; factorId: FactorId | undefined; alreadyUsed?: boolean };

/** Who a challenge is opened for, and the binding its proof will verify for only. */
export type ChallengeTarget = { orgId: OrgId; userId: UserId; label: string; purpose: Purpose; binding: string; sessionId?: SessionId | undefined };
/** An opened challenge: its id, and what the client needs to answer it. */
export type OpenedChallenge = { challengeId: string; webauthnOptions?: unknown; sentTo?: string };

/** The user setting a factor up, with what a setup shows them by (an app's account name, a passkey's user). */
type EnrollingUser = { orgId: OrgId; userId: UserId; email: string; name: string };
/** A setup begun: what the client needs to finish it, and the pending factor it created, if any (audited as `factor.enrollment_started`). */
type EnrollmentStarted = { answer: Record<string, unknown>; factorId?: FactorId | undefined };

/**
 * Setting a factor of one method up. enroll.ts runs the rules around every method the same way
 * (who may enroll, the fresh second factor of H1, the audit entries, the security notice, the
 * first backup codes and the session rotation); the strategy does only what is its own. The
 * HTTP contract validated `input` for the built-in methods; a strategy still treats it as
 * untrusted.
 */
export type MethodEnrollment = {
  /**
   * Optional: the method's own budgets, outside any transaction and before the fresh-factor
   * check (an email factor's send budget, D6). `proceeds`: whether the request goes on past
   * that check (a proof came, or the user has no factor to prove with); a request about to be
   * refused for want of a proof should not count.
   */
  reserve?(user: { orgId: OrgId; userId: UserId }, opts: { proceeds: boolean }): Promise<void>;
  /**
   * Optional: loads what `start` needs (a library loaded on first use) before its transaction,
   * which must not wait for I/O: on SQLite it holds the one connection every request shares.
   */
  load?(): Promise<void>;
  /**
   * In the transaction of the fresh-factor check: creates what the setup needs (a pending
   * factor, a registration challenge, a code sent) and answers what the client needs to finish
   * it (the app's secret and QR code, the id of the pending address, passkey creation options).
   * A Problem thrown here rolls the check's proof back with everything else.
   */
  start(tx: Tx, user: EnrollingUser, input: unknown, now: number): Promise<EnrollmentStarted>;
  /**
   * Optional, for a setup finished with a code (an app's code, the code mailed to a new
   * address): activates the user's pending factor of this method, in the caller's transaction.
   * Undefined for a wrong, used or expired code, or a factor that is not this user's and pending.
   */
  confirm?(tx: Tx, user: { orgId: OrgId; userId: UserId }, factorId: FactorId, code: string, now: number): Promise<FactorId | undefined>;
  /**
   * Optional, for a setup finished with a credential rather than a code (a passkey's
   * attestation): verifies `input` outside any transaction (with the method's own attempt
   * budget), runs `prepare` once it verified, then creates the ACTIVE factor and runs
   * `activated` in that same transaction, which takes the user's row lock first (`lockUser`,
   * before it spends anything: every factor change of a user, a reset included, takes it in
   * that order). Undefined, or a Problem saying why, when it is not accepted.
   */
  finish?(
    db: Db,
    user: { orgId: OrgId; userId: UserId },
    input: unknown,
    meta: Meta,
    hooks: { prepare(): Promise<void>; activated(tx: Tx, factorId: FactorId): Promise<void> },
  ): Promise<FactorId | undefined>;
};

/** A verification that committed: who, for what, with which authenticator (the pipeline's input). */
type VerifiedInput = VerifyInput & { ip: string; requestId?: string | undefined; label?: string | undefined };

export type MethodStrategy = {
  method: Method;
  /** The factor type whose active row makes this method usable. */
  factorType: FactorType;
  /**
   * Whether an active (or locked) factor of this method makes its user enrolled in 2FA. Backup
   * codes are not primary: they only back a primary factor up (C8), and go with the last one.
   */
  primary: boolean;
  /**
   * Whether a proof of this method may confirm adding, replacing or removing factors and
   * settings changes (H1). Backup codes never do (C8).
   */
  usableForFactorChange: boolean;
  /** The factor in words, in security notices: "An authenticator app was added". */
  label: string;
  /** The method's name in records people keep (the signature report): "Authenticator app (TOTP)". */
  recordName: string;
  /** Never throws for a wrong, used, expired or malformed proof: it answers `{ ok: false }`. */
  check(db: Executor, input: VerifyInput, now: number): Promise<CheckOutcome>;
  /** Optional: whether the user can use the method now beyond having an active factor row (e.g. unused backup codes). */
  isUsable?(db: Executor, userId: UserId): Promise<boolean>;
  /**
   * Optional: opens the challenge a proof of this method answers (a code emailed, passkey
   * request options), bound to `target.binding`. Absent: the proof needs no challenge.
   * Its own send limits and audit entries are the strategy's.
   */
  openChallenge?(target: ChallengeTarget, meta: Meta): Promise<OpenedChallenge>;
  /** Optional: how a user sets a factor of this method up; absent, nobody can (backup codes come with the first primary factor). */
  enroll?: MethodEnrollment;
  /** Optional: runs in the verifying transaction after the proof was consumed (backup codes audit what remains and notify the owner). */
  onVerified?(tx: Tx, input: VerifiedInput, factorId: FactorId): Promise<void>;
  /**
   * Whether a right proof that another request consumed first (between check and consume) is
   * a replay of a code already accepted (an authenticator-app code): the refusal then says so.
   */
  lostRaceIsReplay?: boolean;
  /**
   * Whether consume() also records the factor's use (last_used_at, consecutive_failures back to
   * zero) in the statement that spends the proof; otherwise the pipeline writes it after.
   */
  consumeRecordsUse?: boolean;
};
