// Second factors: factor rows (one per authenticator: totp, email, webauthn, and the set of
// backup codes), accepted TOTP time steps (the replay record), backup codes, challenges
// (pending verifications bound to a session or a decision), trusted devices and admin-added
// enrollments. Same portable rules as 0001.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('email', 'text')
    .addColumn('credential_id', 'text', (c) => c.unique())
    .addColumn('public_key', 'text')
    .addColumn('sign_count', 'bigint')
    .addColumn('transports', 'text')
    .addColumn('last_used_step', 'bigint')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('activated_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('disabled_at', 'bigint')
    .execute();
  await db.schema.createIndex('factors_user_idx').on('factors').columns(['user_id', 'status']).execute();
  await db.schema.createIndex('factors_org_idx').on('factors').column('org_id').execute();

  // The replay record: one row per accepted time step and user. The primary key is the
  // single-use guarantee (RFC 6238 §5.2), across requests and instances.
  await db.schema
    .createTable('totp_accepted_steps')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('factor_id', 'text', (c) => c.notNull().references('factors.id'))
    .addColumn('accepted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('totp_accepted_steps_pk', ['user_id', 'step'])
    .execute();
  await db.schema.createIndex('totp_accepted_steps_factor_idx').on('totp_accepted_steps').column('factor_id').execute();

  await db.schema
    .createTable('backup_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('factor_id', 'text', (c) => c.notNull().references('factors.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('backup_codes_factor_idx').on('backup_codes').columns(['factor_id', 'used_at']).execute();
  await db.schema.createIndex('backup_codes_user_idx').on('backup_codes').column('user_id').execute();

  await db.schema
    .createTable('challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('session_id', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('binding', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('factor_id', 'text', (c) => c.references('factors.id'))
    .addColumn('code_hash', 'text')
    .addColumn('webauthn_challenge', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .execute();
  await db.schema.createIndex('challenges_user_idx').on('challenges').columns(['user_id', 'purpose']).execute();
  await db.schema.createIndex('challenges_factor_idx').on('challenges').column('factor_id').execute();

  await db.schema
    .createTable('trusted_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('trusted_devices_user_idx').on('trusted_devices').column('user_id').execute();

  // Admin-controlled enrollment: users an admin added (pending until their first factor is active).
  await db.schema
    .createTable('two_factor_enrollments')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('added_by', 'text')
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('two_factor_enrollments_org_idx').on('two_factor_enrollments').column('org_id').execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
