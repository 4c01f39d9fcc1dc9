import type { Config } from '../../platform/config.ts';
import { createSignoff } from '../../main.ts';
import { UsageError } from '../args.ts';

/**
 * `signoff keys rotate`: records the next signing-key generation (derived from the shared
 * SIGNOFF_SECRET_KEY, so no new secret is needed). Every instance signs with it from its next
 * signature; the earlier public keys stay in the JWKS. `signoff keys list` shows them.
 */
export async function keys(config: Config, sub: string | undefined): Promise<number> {
  if (sub !== 'rotate' && sub !== 'list') throw new UsageError('keys rotate|list');
  const signoff = await createSignoff(config, { logger: false });
  try {
    const { db } = signoff.services;
    if (sub === 'rotate') {
      const key = await signoff.keyring.rotate(db);
      console.log(`signing key generation ${key.generation}: ${key.kid}`);
    }
    const current = await signoff.keyring.current(db);
    for (const k of (await signoff.keyring.jwks(db)).keys) console.log(`${k.kid}${k.kid === current.kid ? ' (current)' : ''}`);
    return 0;
  } finally {
    await signoff.stop();
  }
}
