// Every way of proving the second factor is a strategy behind this one interface, listed once
// in registry.ts (kratos's strategies, better-auth's two-factor plugins). Adding a method is a
// folder and a registry line; `satisfies MethodStrategy` is the compile-time check.
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { FactorId, OrgId, SessionId, UserId } from '../platform/ids.ts';
import type { PasskeyEvidence } from './webauthn/passkey-evidence.ts';

/** The methods of API.md (`method` in second-factor requests). */
export const METHODS = ['totp', 'backup_code', 'email_code', 'webauthn'] as const;
export type Method = (typeof METHODS)[number];

/** Stored authenticators (rows of `factors`); backup codes are one row for the whole set. */
export type FactorType = 'totp' | 'email' | 'webauthn' | 'backup_codes';
export type FactorStatus = 'pending' | 'active' | 'disabled';

export type Proof = { method: Method; code?: string | undefined; challengeId?: string | undefined; credential?: unknown };

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
 * checks are slow; STYLE.md rule 5). A right proof comes with `consume`, which the pipeline
 * runs inside the transaction that records what the proof was for: it must be an atomic
 * single-use guard (a unique insert or a conditional UPDATE) returning false when another
 * request consumed the proof first. `factorId` names the authenticator a failure counts
 * against (SECURITY.md B1/B3), when known.
 */
export type CheckOutcome =
  | { ok: true; factorId: FactorId; consume(tx: Tx, now: number): Promise<boolean>; /** A passkey's assertion, kept as evidence of a decision. */ passkey?: PasskeyEvidence | undefined }
  /** `alreadyUsed`: the code was right for a time step this factor already accepted (the person typed the code they just used). */
  | { ok: false; factorId: FactorId | undefined; alreadyUsed?: boolean };

export type MethodStrategy = {
  method: Method;
  /** The factor type whose active row makes this method usable. */
  factorType: FactorType;
  /** Never throws for a wrong, used, expired or malformed proof: it answers `{ ok: false }`. */
  check(db: Executor, input: VerifyInput, now: number): Promise<CheckOutcome>;
  /** Optional: whether the user can use the method now beyond having an active factor row (e.g. unused backup codes). */
  isUsable?(db: Executor, userId: UserId): Promise<boolean>;
};
