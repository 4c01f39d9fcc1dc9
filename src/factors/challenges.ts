// A challenge is a pending verification bound to one purpose: the sign-in of one session, a
// factor change, or one exact decision (its digest). Email codes and passkey assertions are
// issued against a challenge; a challenge opened for one binding never verifies another
// (docs/security.md D3, E6). Ids are 128 random bits (ASVS 11.5.1).
import type { Executor, Tx } from '../platform/db/connect.ts';
import { newId, type ChallengeId, type FactorId } from '../platform/ids.ts';
import type { Method, VerifyInput } from './factor.ts';
import { consumeChallenge, findChallenge, insertChallenge, voidOpenChallenges, type ChallengeRow } from './challenges.store.ts';

/** How long an email code or passkey challenge stays valid (NIST SP 800-63B OBV-3: 10 minutes). */
export const CHALLENGE_TTL_MS = 10 * 60_000;

export async function openChallenge(
  tx: Executor,
  c: {
    input: Pick<VerifyInput, 'orgId' | 'userId' | 'purpose' | 'binding' | 'sessionId'>;
    method: Method;
    factorId?: FactorId | undefined;
    codeHash?: string | undefined;
    webauthnChallenge?: string | undefined;
    webauthnNonce?: string | undefined;
    now: number;
    ttlMs?: number;
  },
): Promise<ChallengeId> {
  const id = newId<ChallengeId>('chl');
  await voidOpenChallenges(tx, c.input.userId, c.method, c.input.binding, c.now);
  await insertChallenge(tx, {
    id,
    org_id: c.input.orgId,
    user_id: c.input.userId,
    session_id: c.input.sessionId ?? null,
    purpose: c.input.purpose,
    binding: c.input.binding,
    method: c.method,
    factor_id: c.factorId ?? null,
    code_hash: c.codeHash ?? null,
    webauthn_challenge: c.webauthnChallenge ?? null,
    webauthn_nonce: c.webauthnNonce ?? null,
    created_at: c.now,
    expires_at: c.now + (c.ttlMs ?? CHALLENGE_TTL_MS),
    consumed_at: null,
  });
  return id;
}

/** The open challenge `id` if it belongs to this user, method and binding; otherwise undefined. */
export async function findOpenChallenge(
  db: Executor,
  id: ChallengeId | undefined,
  input: VerifyInput,
  method: Method,
  now: number,
): Promise<ChallengeRow | undefined> {
  if (!id || id.length > 64) return undefined;
  const row = await findChallenge(db, id);
  if (!row || row.user_id !== input.userId || row.org_id !== input.orgId || row.method !== method) return undefined;
  if (row.binding !== input.binding || row.consumed_at !== null || row.expires_at <= now) return undefined;
  return row;
}

export const consumeOpenChallenge = (tx: Tx, id: ChallengeId, now: number) => consumeChallenge(tx, id, now);

/** Whether `id` is an open challenge of this user for exactly this binding, whatever its method. */
export async function isOpenChallengeFor(
  db: Executor,
  id: ChallengeId,
  target: { orgId: string; userId: string; binding: string },
  now: number,
): Promise<boolean> {
  if (id.length > 64) return false;
  const row = await findChallenge(db, id);
  return (
    row !== undefined &&
    row.org_id === target.orgId &&
    row.user_id === target.userId &&
    row.binding === target.binding &&
    row.consumed_at === null &&
    row.expires_at > now
  );
}
