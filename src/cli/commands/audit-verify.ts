import type { Config } from '../../platform/config.ts';
import { createSignoff } from '../../main.ts';

/** `signoff audit verify [--organization slug]`: exits 1 when any chain is broken. */
export async function auditVerify(config: Config, flags: Record<string, string | true>): Promise<number> {
  const signoff = await createSignoff(config, { logger: false });
  try {
    const { db } = signoff.services;
    let orgIds = await signoff.services.audit.listOrgIds(db);
    if (typeof flags.organization === 'string') {
      const org = await signoff.services.accounts.findOrganizationBySlug(flags.organization);
      orgIds = org ? [org.id] : [];
      if (!org) { console.error(`no organisation ${flags.organization}`); return 2; }
    }
    let broken = 0;
    for (const orgId of orgIds) {
      const r = await signoff.services.audit.verify(db, orgId);
      if (r.ok) console.log(`${orgId}: ok, ${r.entries} entries, head ${r.headHash}`);
      else { broken++; console.log(`${orgId}: BROKEN at entry ${r.firstBadEntry?.id} (seq ${r.firstBadEntry?.seq}, ${r.firstBadEntry?.reason}) after ${r.entries} good entries`); }
    }
    return broken === 0 ? 0 : 1;
  } finally {
    await signoff.stop();
  }
}
