import { hostname, userInfo } from 'node:os';
import type { Config } from '../../platform/config.ts';
import { createSignoff } from '../../main.ts';
import { UsageError } from '../args.ts';

/**
 * `signoff keys rotate`: records the next signing-key generation (derived from the shared
 * SIGNOFF_SECRET_KEY, so no new secret is needed). Every instance signs with it from its next
 * signature; the earlier public keys stay in the JWKS. `signoff keys list` shows them.
 * The rotation is recorded in every organisation's audit trail in the same transaction (an
 * auditor sees when evidence started to be signed by another key, and by whose command).
 */
export async function keys(config: Config, sub: string | undefined): Promise<number> {
  if (sub !== 'rotate' && sub !== 'list') throw new UsageError('keys rotate|list');
  const signoff = await createSignoff(config, { logger: false });
  try {
    const { db } = signoff.services;
    if (sub === 'rotate') {
      const key = await db.transaction().execute(async (tx) => {
        const { previous, next } = await signoff.keyring.rotate(tx);
        for (const orgId of await signoff.services.accounts.listOrganizationIds(tx)) {
          await signoff.services.audit.append(tx, {
            orgId,
            type: 'evidence_key.rotated',
            actor: { label: `signoff keys rotate (${userInfo().username}@${hostname()})` },
            data: { old: { generation: previous.generation, kid: previous.kid }, new: { generation: next.generation, kid: next.kid } },
          });
        }
        return next;
      });
      console.log(`signing key generation ${key.generation}: ${key.kid}`);
    }
    const current = await signoff.keyring.current(db);
    for (const k of (await signoff.keyring.jwks(db)).keys) console.log(`${k.kid}${k.kid === current.kid ? ' (current)' : ''}`);
    return 0;
  } finally {
    await signoff.stop();
  }
}
