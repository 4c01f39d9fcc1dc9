// Migration 0022: an organisation's live trusted devices are found through an index, so turning
// the feature off (which revokes them all in the settings' transaction) reads only that
// organisation's live devices, not every organisation's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openScratchDatabase, type ScratchDatabase } from '../../../test/api/mail/scratch-database.ts';
import { statementPlan } from '../../../test/support/query-plan.ts';
import type { OrgId } from '../../platform/ids.ts';
import { revokeOrgTrustedDevicesQuery } from './trusted-devices.store.ts';

describe.each(DIALECTS)('%s: trusted devices by organisation', (dialect) => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await openScratchDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('revoking an organisation’s live devices reads them through trusted_devices_org_live_idx', async () => {
    const update = revokeOrgTrustedDevicesQuery(database.db, 'org_x' as OrgId, 1).compile();
    expect(await statementPlan(database, update)).toContain('trusted_devices_org_live_idx');
  });
});
