// The checkpoint job: every instance runs one on a timer (like the reminder scheduler); each
// pass walks the organisations that have an audit trail and makes the checkpoints they are due
// (due-checkpoints.ts). The table is the state: the primary key on (organisation, seq) keeps a
// checkpoint, and its witness emails, to one however many instances pass at the same moment.
// Time comes from the injected clock, so tests move it instead of waiting.
import { retryWhileBusy } from '../../platform/db/connect.ts';
import type { OrgId } from '../../platform/ids.ts';
import { periodicJob } from '../../platform/periodic-job.ts';
import type { CheckpointsDeps } from './checkpoints-deps.ts';
import { findLatestCheckpoint } from './checkpoints.store.ts';
import { dueCheckpoints } from './due-checkpoints.ts';
import { makeCheckpoint } from './make-checkpoint.ts';

/** How often each instance looks for checkpoints due: well under the hourly cadence. */
const CHECKPOINT_PASS_MS = 60_000;

export type CheckpointLog = { error(obj: object, msg: string): void };

export type CheckpointScheduler = { runOnce(): Promise<number>; start(): void; stop(): Promise<void> };

/** Makes what one organisation is due now; returns how many checkpoints this call stored. */
async function checkpointOrg(deps: CheckpointsDeps, orgId: OrgId): Promise<number> {
  const [head, latest] = await Promise.all([deps.audit.head(deps.db, orgId), findLatestCheckpoint(deps.db, orgId)]);
  let made = 0;
  for (const due of dueCheckpoints(head.seq, latest && { seq: Number(latest.seq), at: Number(latest.at) }, deps.clock.now())) {
    if ((await makeCheckpoint(deps, orgId, due.seq, due.cause)).created) made++;
  }
  return made;
}

export function createCheckpointScheduler(deps: CheckpointsDeps & { intervalMs?: number; log?: CheckpointLog }): CheckpointScheduler {
  async function runOnce(): Promise<number> {
    let made = 0;
    for (const orgId of await deps.audit.listOrgIds(deps.db)) {
      // One organisation's failure does not stop the others; the next pass retries it. Another
      // process holding SQLite's write lock (a backup, a bulk import) is waited out, as the mail worker does.
      try {
        made += await retryWhileBusy(() => checkpointOrg(deps, orgId as OrgId));
      } catch (err) {
        deps.log?.error({ orgId, error: err instanceof Error ? err.message : String(err) }, 'audit checkpoint failed for an organisation');
      }
    }
    return made;
  }
  const job = periodicJob({
    intervalMs: deps.intervalMs ?? CHECKPOINT_PASS_MS,
    run: runOnce,
    onError: (err) => deps.log?.error({ error: err instanceof Error ? err.message : String(err) }, 'audit checkpoint pass failed'),
  });
  return { runOnce, start: job.start, stop: job.stop };
}
