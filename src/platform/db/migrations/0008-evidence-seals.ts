// Seals a third party can check (issue 10): every e-signature record and every vote carries an
// Ed25519 signature by the deployment's evidence key (its kid beside it), over the record's
// canonical fields; a vote also keeps the decision binding it was proven for and, for a
// passkey, the WebAuthn assertion and the challenge's random nonce, so a verifier without the
// server recomputes the challenge from the decision and checks the authenticator's signature.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // ADD COLUMN leaves the append-only triggers of 0006 in place on both databases.
  await db.schema.alterTable('signatures').addColumn('seal', 'text').execute();
  await db.schema.alterTable('signatures').addColumn('seal_kid', 'text').execute();
  await db.schema.alterTable('votes').addColumn('content_hash', 'text').execute();
  await db.schema.alterTable('votes').addColumn('binding', 'text').execute();
  await db.schema.alterTable('votes').addColumn('passkey_evidence', 'text').execute();
  await db.schema.alterTable('votes').addColumn('seal', 'text').execute();
  await db.schema.alterTable('votes').addColumn('seal_kid', 'text').execute();
  await db.schema.alterTable('challenges').addColumn('webauthn_nonce', 'text').execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
