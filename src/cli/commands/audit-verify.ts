import { readFile } from 'node:fs/promises';
import type { Config } from '../../platform/config.ts';
import type { OrgId } from '../../platform/ids.ts';
import { createSignoff } from '../../main.ts';
import { parseCheckpoint, type Checkpoint } from '../../evidence/index.ts';
import type { Flags } from '../args.ts';
import { progress } from '../progress.ts';

/**
 * `signoff audit verify [--organization slug] [--checkpoint FILE...]`: walks each chain, checks
 * it against the server's stored checkpoints and the given files (a witness email's
 * attachment); exits 1 when any chain is broken, rewritten or a checkpoint does not verify.
 */
export async function auditVerify(config: Config, flags: Flags, files: readonly string[] = []): Promise<number> {
  const given: { file: string; checkpoint: Checkpoint }[] = [];
  for (const file of files) {
    let checkpoint: Checkpoint | undefined;
    try {
      checkpoint = parseCheckpoint(JSON.parse(await readFile(file, 'utf8')));
    } catch (err) {
      console.error(`${file}: cannot read a checkpoint (${err instanceof Error ? err.message : String(err)})`);
      return 2;
    }
    if (!checkpoint) {
      console.error(`${file}: not a checkpoint {organization, seq, headHash, at, kid, signature}`);
      return 2;
    }
    given.push({ file, checkpoint });
  }
  const signoff = await createSignoff(config, { logger: false });
  try {
    const { db } = signoff.services;
    let orgIds = await signoff.services.audit.listOrgIds(db);
    const named = typeof flags.organization === 'string';
    if (named) {
      const org = await signoff.services.accounts.findOrganizationBySlug(flags.organization as string);
      orgIds = org ? [org.id] : [];
      if (!org) {
        console.error(`no organisation ${flags.organization}`);
        return 2;
      }
    }
    let broken = 0;
    // Without --organization, each file goes to the trail it names.
    for (const { file, checkpoint } of given) {
      if (!named && !orgIds.includes(checkpoint.organization)) {
        broken++;
        console.log(`${file}: names organisation ${checkpoint.organization}, which has no audit trail here`);
      }
    }
    for (const orgId of orgIds) {
      const mine = given.filter((g) => named || g.checkpoint.organization === orgId);
      const { seq: total } = await signoff.services.audit.head(db, orgId);
      const shown = progress(process.stderr, { label: orgId, total, unit: 'entries' });
      const r = await signoff.services.checkpoints.verify(
        db,
        orgId as OrgId,
        mine.map((g) => g.checkpoint),
        (checked) => shown.update(checked),
      );
      shown.end();
      if (r.ok) console.log(`${orgId}: ok, ${r.entries} entries, head ${r.headHash}, ${r.checkpoints.length} checkpoints match`);
      else {
        broken++;
        console.log(
          `${orgId}: BROKEN at entry ${r.firstBadEntry?.id} (seq ${r.firstBadEntry?.seq}, ${r.firstBadEntry?.reason}) after ${r.entries} good entries`,
        );
      }
      r.checkpoints.forEach((c, i) => {
        if (c.ok) return;
        const where = c.source === 'submitted' ? mine[i]!.file : 'stored checkpoint';
        const window = c.firstBadEntry ? `: rewritten in entries ${c.firstBadEntry.seq}..${c.firstBadEntry.throughSeq}` : '';
        console.log(`  ${where} (seq ${c.seq}): ${c.problem}${window}`);
      });
    }
    return broken === 0 ? 0 : 1;
  } finally {
    await signoff.stop();
  }
}
