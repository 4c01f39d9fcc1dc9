// The evidence keyring over a real database: generations recorded in signing_keys, a rotation
// seen by a second instance (its own pool) on its next signature, concurrent rotations adding
// distinct generations, and an instance with another secret refusing to sign under a recorded
// generation it cannot derive (its signatures would never verify against the JWKS).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, SigningKeyMismatch } from '../../../src/evidence/index.ts';
import { insertGeneration } from '../../../src/evidence/signing-keys.store.ts';
import { signDetached, verifyDetached } from '../../../src/platform/crypto/ed25519.ts';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from '../mail/scratch-database.ts';

describe.each(DIALECTS)('%s: evidence keyring', (dialect) => {
  let scratch: ScratchDatabase;
  const secretHex = randomBytes(32).toString('hex');
  beforeAll(async () => {
    scratch = await openScratchDatabase(dialect);
  });
  afterAll(() => scratch?.drop());

  it('records generation 0 on first use; two instances agree on it', async () => {
    const a = createKeyring({ secretHex });
    const b = createKeyring({ secretHex });
    const other = scratch.connect();
    const [ka, kb] = await Promise.all([a.current(scratch.db), b.current(other.db)]);
    expect(ka.generation).toBe(0);
    expect(kb.kid).toBe(ka.kid);
    expect((await a.jwks(scratch.db)).keys.map((k) => k.kid)).toEqual([ka.kid]);
  });

  it('rotates: the other instance signs with the new key at its next signature and publishes it at once, old keys stay published', async () => {
    const a = createKeyring({ secretHex });
    const b = createKeyring({ secretHex });
    const other = scratch.connect();
    const before = await b.current(other.db);
    // b has read (and keeps) the JWKS before the rotation: it must not serve that copy after it.
    expect((await b.jwks(other.db)).keys.map((k) => k.kid)).toEqual([before.kid]);
    const rotated = (await a.rotate(scratch.db)).next;
    expect(rotated.generation).toBe(before.generation + 1);
    const now = await b.current(other.db);
    expect(now.kid).toBe(rotated.kid);
    const keys = (await b.jwks(other.db)).keys;
    expect(keys.map((k) => k.kid)).toEqual([before.kid, rotated.kid]);
    expect(verifyDetached(keys[0]!, 'old evidence', signDetached(before, 'old evidence'))).toBe(true);
    const rows = await scratch.db.selectFrom('signing_keys').selectAll().orderBy('generation').execute();
    expect(rows.map((r) => r.retired_at === null)).toEqual([false, true]);
  });

  it('checks seals with the keys it read last while they name every kid asked for, and reads again for a kid they lack (a rotation elsewhere)', async () => {
    const a = createKeyring({ secretHex });
    const b = createKeyring({ secretHex });
    const other = scratch.connect();
    const before = await b.current(other.db);
    expect((await b.keysFor(other.db, [before.kid])).keys.map((k) => k.kid)).toContain(before.kid);
    const statements: string[] = [];
    const stop = other.onStatement((text) => statements.push(text));
    try {
      // Known kids (and unsealed rows, null): no statement.
      await b.keysFor(other.db, [before.kid, null, before.kid]);
      expect(statements).toEqual([]);
      const rotated = (await a.rotate(scratch.db)).next;
      const seal = signDetached(rotated, 'new vote');
      // A vote sealed on the other instance under the new generation: b reads the set again and finds it.
      const keys = (await b.keysFor(other.db, [before.kid, rotated.kid])).keys;
      expect(statements.length).toBeGreaterThan(0);
      expect(
        verifyDetached(
          keys.find((k) => k.kid === rotated.kid)!,
          'new vote',
          seal,
        ),
      ).toBe(true);
      // A made-up kid is not found, whatever the reads.
      expect((await b.keysFor(other.db, ['made-up'])).keys.map((k) => k.kid)).not.toContain('made-up');
    } finally {
      stop();
    }
  });

  it('adds distinct generations when rotations race on two instances', async () => {
    const start = (await createKeyring({ secretHex }).current(scratch.db)).generation;
    const other = scratch.connect();
    const made = await Promise.all([createKeyring({ secretHex }).rotate(scratch.db), createKeyring({ secretHex }).rotate(other.db)]);
    expect(made.map((k) => k.next.generation).sort()).toEqual([start + 1, start + 2]);
    expect((await createKeyring({ secretHex }).jwks(scratch.db)).keys).toHaveLength(start + 3);
  });

  // @see docs/security.md#k-reliability-under-concurrency K9
  it.runIf(dialect === 'postgres')(
    'a rotation that waited on another reports the key it follows as the other one, not the one newest when it began',
    async () => {
      // `signoff keys rotate` audits the old and the new key. Rotation A holds its new generation
      // uncommitted while rotation B, begun on the same newest key, waits to insert that
      // generation; once A commits, B adds the next one and must name A's key as its previous.
      const start = await createKeyring({ secretHex }).current(scratch.db);
      const other = scratch.connect();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let aRotated!: (r: { previous: { kid: string }; next: { kid: string; generation: number } }) => void;
      const aDone = new Promise<Parameters<typeof aRotated>[0]>((resolve) => (aRotated = resolve));
      const a = scratch.db.transaction().execute(async (tx) => {
        aRotated(await createKeyring({ secretHex }).rotate(tx));
        await held;
      });
      const first = await aDone;
      const b = other.db.transaction().execute((tx) => createKeyring({ secretHex }).rotate(tx));
      const waiting = sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      while ((await waiting.execute(scratch.db)).rows[0]!.n < 1) await new Promise((resolve) => setTimeout(resolve, 10));
      release();
      await a;
      const second = await b;
      expect(first.previous.kid).toBe(start.kid);
      expect(second.previous.kid).toBe(first.next.kid);
      expect(second.next.generation).toBe(first.next.generation + 1);
    },
  );

  it('treats a recorded key as recorded whichever unique column a second insert collides on (generation or kid)', async () => {
    // Two instances recording generation 0 at once can collide on `kid` rather than on the
    // primary key (PostgreSQL checks the other unique index without the conflict clause): that
    // answered 500 once in CI. Any collision means "already recorded".
    const newest = await scratch.db.selectFrom('signing_keys').selectAll().orderBy('generation', 'desc').executeTakeFirstOrThrow();
    expect(await insertGeneration(scratch.db, { ...newest })).toBe(false);
    expect(await insertGeneration(scratch.db, { ...newest, generation: Number(newest.generation) + 100 })).toBe(false);
    expect(await scratch.db.selectFrom('signing_keys').select('generation').where('kid', '=', newest.kid).execute()).toHaveLength(1);
  });

  it('refuses to sign with a secret that did not record the current generation', async () => {
    const stranger = createKeyring({ secretHex: randomBytes(32).toString('hex') });
    await expect(stranger.current(scratch.db)).rejects.toThrow(SigningKeyMismatch);
  });
});
