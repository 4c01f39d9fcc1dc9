// Statements of the stores that must find their rows through an index made for them: without
// it each would read a whole table (every organisation's, every user's) at a moment that matters.
import type { Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from '../../../test/api/mail/scratch-database.ts';
import { statementPlan } from '../../../test/support/query-plan.ts';
import { EXPIRED_PASSWORD_TOKENS } from '../../accounts/password-tokens.store.ts';
import { EXPIRED_SESSIONS, revokeSessionLineageQuery } from '../../accounts/sessions.store.ts';
import { EXPIRED_CHALLENGES } from '../../factors/challenges.store.ts';
import { EXPIRED_TRUSTED_DEVICES } from '../../factors/trusted-devices/trusted-devices.store.ts';
import { EXPIRED_SSO_FLOWS } from '../../policies/sso/sso.store.ts';
import { EXPIRED_GUEST_SESSIONS } from '../../workflows/guests/guests.store.ts';
import { expiredRowsStatement } from './expired-rows.ts';
import { expiredCredentialBodiesQuery } from '../../mail/mail.store.ts';
import { revokeOrgTrustedDevicesQuery } from '../../factors/trusted-devices/trusted-devices.store.ts';
import type { OrgId, UserId } from '../ids.ts';
import type { Executor } from './connect.ts';

const STATEMENTS: [what: string, statement: (db: Executor) => Compilable, index: string][] = [
  // Migration 0022: turning trusted devices off revokes the organisation's live ones in the settings' transaction.
  ["revoking an organisation's live trusted devices", (db) => revokeOrgTrustedDevicesQuery(db, 'org_x' as OrgId, 1), 'trusted_devices_org_live_idx'],
  // Migration 0023: a sign-out ends the live sessions of its session's lineage.
  ["a sign-out ending its sign-in's live sessions", (db) => revokeSessionLineageQuery(db, 'usr_x' as UserId, 'h', 1), 'sessions_user_lineage_live_idx'],
  // Migrations 0025 and 0027: the sweep of expired rows deletes each table's a batch at a time.
  ...(
    [
      [EXPIRED_SESSIONS, 'sessions_expires_idx'],
      [EXPIRED_PASSWORD_TOKENS, 'password_tokens_expires_idx'],
      [EXPIRED_CHALLENGES, 'challenges_expires_idx'],
      [EXPIRED_TRUSTED_DEVICES, 'trusted_devices_expires_idx'],
      [EXPIRED_SSO_FLOWS, 'sso_flows_expires_idx'],
      [EXPIRED_GUEST_SESSIONS, 'guest_sessions_expires_idx'],
    ] as const
  ).map(([rule, index]): (typeof STATEMENTS)[number] => [
    `the sweep of expired ${rule.table}`,
    (db) => ({ compile: () => expiredRowsStatement(db, rule, 1, 500) }),
    index,
  ]),
  // Migration 0026: the mail sweep finds the bodies whose link or code has expired, a batch at a time.
  ['the sweep of expired credentials in sent mail', (db) => expiredCredentialBodiesQuery(db, 1, 500), 'mail_bodies_credential_expires_idx'],
];

describe.each(DIALECTS)('%s: statements through their index', (dialect) => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await openScratchDatabase(dialect);
  });
  afterAll(() => database.drop());

  it.each(STATEMENTS)('%s reads them through %s', async (_what, statement, index) => {
    expect(await statementPlan(database, statement(database.db).compile())).toContain(index);
  });
});
