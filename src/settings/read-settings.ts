// Settings live on the organisation row (accounts owns the table); this file is the one place
// that reads and writes them.
import type { Accounts } from '../accounts/index.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';
import { parseSettings, type OrgSettings } from './settings.ts';

export async function readSettings(accounts: Accounts, db: Executor, orgId: OrgId): Promise<OrgSettings> {
  return parseSettings(await accounts.readSettings(db, orgId));
}

/**
 * The settings a change starts from, held until its transaction ends: two admins changing
 * different settings at the same moment would otherwise both start from the same document, and
 * the second write would undo the first while the audit trail recorded both as made.
 */
export async function readSettingsForUpdate(accounts: Accounts, tx: Executor, orgId: OrgId): Promise<OrgSettings> {
  await accounts.lockSettings(tx, orgId);
  return readSettings(accounts, tx, orgId);
}

export async function writeSettings(accounts: Accounts, tx: Executor, orgId: OrgId, settings: OrgSettings): Promise<void> {
  await accounts.writeSettings(tx, orgId, JSON.stringify(settings));
}
