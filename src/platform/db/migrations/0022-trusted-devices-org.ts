// The live trusted devices of an organisation, found by an index (session 23's planning list):
// an admin turning trusted devices off revokes every live one of the organisation in the
// transaction that holds its settings (docs/security.md G3), and without an index on `org_id`
// that update read the devices of every organisation. Partial: only live devices are ever
// looked up by organisation, and revoked ones stay for the record.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('trusted_devices_org_live_idx').on('trusted_devices').column('org_id').where(sql.ref('revoked_at'), 'is', null).execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
