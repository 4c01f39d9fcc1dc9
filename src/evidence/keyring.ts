// The deployment's evidence signing keys. Every instance derives the same Ed25519 key of a
// generation from the shared SIGNOFF_SECRET_KEY, so a checkpoint or bundle signed on one
// instance verifies against the JWKS served by any other. Which generations exist is recorded
// in `signing_keys` (public keys only): `signoff keys rotate` adds one, and every public key
// ever recorded stays in the JWKS, so evidence signed before a rotation still verifies.
//
// Decision: the current generation is read from the database on every signing, not cached.
// Signing is rare (a checkpoint per organisation every 100 entries or hour, an evidence bundle
// on demand) and the read is one row through the primary key, so it costs nothing measurable,
// and an instance signs with the new key from the first signature after a rotation commits:
// there is no window in which instances disagree about the current key.
import type { Clock } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import { Problem } from '../platform/problems.ts';
import { deriveSigningKey, type PublicJwk, type SigningKey } from '../platform/crypto/ed25519.ts';
import { findNewestGeneration, insertGeneration, listGenerations, retireGenerationsBefore, type SigningKeyRow } from './signing-keys.store.ts';

export type Keyring = {
  /** The key new signatures are made with. */
  current(db: Executor): Promise<SigningKey>;
  /** Every public key that signed or signs evidence (RFC 7517 JWK Set). */
  jwks(db: Executor): Promise<{ keys: PublicJwk[] }>;
  /** Keys to check seals made under `kids` with: at least every one of them that is recorded. */
  keysFor(db: Executor, kids: readonly (string | null)[]): Promise<{ keys: PublicJwk[] }>;
};

/** The keyring main.ts builds: a Keyring that can also add a generation (`signoff keys rotate`). */
export type RotatingKeyring = Keyring & {
  /**
   * Adds the next generation and retires the others (still published). Returns the new key and
   * the one it follows: a rotation that lost a race to another follows the other's key, not the
   * one that was newest when it began.
   */
  rotate(db: Executor): Promise<{ previous: SigningKey; next: SigningKey }>;
};

/**
 * An instance whose SIGNOFF_SECRET_KEY is not the one that recorded the current generation: its
 * signatures would never verify. A misconfigured deployment, not a bad request: 503 with the
 * reason for the operator (logged), instead of an anonymous 500.
 */
export class SigningKeyMismatch extends Problem {
  constructor(detail: string) {
    super('service_unavailable', { detail });
  }
}

const systemTime: Clock = { now: () => Date.now() };

export function createKeyring(deps: { secretHex: string; clock?: Clock }): RotatingKeyring {
  const clock = deps.clock ?? systemTime;
  const derived = new Map<number, SigningKey>();
  const keyOf = (generation: number): SigningKey => {
    let key = derived.get(generation);
    if (!key) {
      key = deriveSigningKey(deps.secretHex, generation);
      derived.set(generation, key);
    }
    return key;
  };
  let published: { generation: number; jwks: { keys: PublicJwk[] }; kids: Set<string> } | undefined;
  const rowOf = (key: SigningKey): SigningKeyRow => ({
    generation: key.generation,
    kid: key.kid,
    public_jwk: JSON.stringify(key.publicJwk),
    created_at: clock.now(),
    retired_at: null,
  });
  /** The newest recorded generation; generation 0 is recorded by whoever needs it first. */
  async function newest(db: Executor): Promise<SigningKeyRow> {
    const row = await findNewestGeneration(db);
    if (row) return row;
    await insertGeneration(db, rowOf(keyOf(0)));
    return (await findNewestGeneration(db))!;
  }
  /** A recorded generation whose kid this instance cannot derive: another secret key recorded it. */
  function checked(row: SigningKeyRow): SigningKey {
    const key = keyOf(Number(row.generation));
    if (key.kid !== row.kid) {
      throw new SigningKeyMismatch(
        `signing key generation ${row.generation} was recorded as ${row.kid}, but this instance's SIGNOFF_SECRET_KEY derives ${key.kid}: every instance must share the secret key`,
      );
    }
    return key;
  }

  // Generations are only ever added, so the set read last is still right while the newest
  // generation is the same: one primary-key read instead of the whole list.
  async function jwks(db: Executor): Promise<{ keys: PublicJwk[] }> {
    const top = Number((await newest(db)).generation);
    if (published?.generation !== top) {
      const keys = (await listGenerations(db)).map((r) => JSON.parse(r.public_jwk) as PublicJwk);
      published = { generation: top, jwks: { keys }, kids: new Set(keys.map((k) => k.kid)) };
    }
    return published.jwks;
  }

  return {
    current: async (db) => checked(await newest(db)),
    jwks,
    // Checking a seal needs its own key, not the newest: while the set read last names every kid
    // asked for, it is the answer without a statement (a generation's key never changes). A kid
    // it lacks (a generation another instance added since, or a made-up kid) reads the set again.
    async keysFor(db, kids) {
      const known = published;
      if (known && kids.every((kid) => kid === null || known.kids.has(kid))) return known.jwks;
      return jwks(db);
    },
    async rotate(db) {
      // Two rotations at once: the primary key lets one insert win; the other tries the next number.
      for (let attempt = 0; attempt < 5; attempt++) {
        const previous = checked(await newest(db));
        const next = keyOf(previous.generation + 1);
        if (await insertGeneration(db, rowOf(next))) {
          await retireGenerationsBefore(db, next.generation, clock.now());
          return { previous, next };
        }
      }
      throw new Error('could not record a new signing key generation (concurrent rotations)');
    },
  };
}
