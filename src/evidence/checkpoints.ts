// Signed audit checkpoints (issue 10): the service handed to HTTP, the CLI and the evidence
// bundle. See checkpoints/ for the pieces.
import type { Actor, RequestMeta } from '../accounts/index.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';
import { toCheckpoint, type Checkpoint } from './checkpoints/checkpoint.ts';
import { createCheckpointScheduler, type CheckpointLog } from './checkpoints/checkpoint-scheduler.ts';
import type { CheckpointsDeps } from './checkpoints/checkpoints-deps.ts';
import { findLatestCheckpoint, listCheckpoints } from './checkpoints/checkpoints.store.ts';
import { makeCheckpoint } from './checkpoints/make-checkpoint.ts';
import { verifyWithCheckpoints } from './checkpoints/verify-checkpoints.ts';

export type Checkpoints = ReturnType<typeof createCheckpoints>;

export function createCheckpoints(deps: CheckpointsDeps & { intervalMs?: number; log?: CheckpointLog }) {
  const scheduler = createCheckpointScheduler(deps);
  return {
    /** The organisation's checkpoint of the highest seq, or null before the first. */
    async latestCheckpoint(db: Executor, orgId: string): Promise<Checkpoint | null> {
      const row = await findLatestCheckpoint(db, orgId);
      return row ? toCheckpoint(row) : null;
    },
    /** Checkpoints made at or after `since` (ms), oldest first. */
    async list(db: Executor, orgId: string, q: { since?: number | undefined; limit: number }): Promise<Checkpoint[]> {
      return (await listCheckpoints(db, orgId, q)).map(toCheckpoint);
    },
    /** On demand (admins): signs the head now, emails the witnesses, records `audit.checkpointed`. */
    async checkpointNow(actor: Actor, meta: RequestMeta): Promise<{ checkpoint: Checkpoint; created: boolean }> {
      const head = await deps.audit.head(deps.db, actor.orgId);
      return makeCheckpoint(deps, actor.orgId, head.seq, 'on_demand', { actor, meta });
    },
    /** The chain walk plus every checkpoint known: the caller's and the server's own. */
    verify: (db: Executor, orgId: OrgId, submitted: readonly Checkpoint[] = [], onProgress?: (checked: number) => void) =>
      verifyWithCheckpoints(deps, db, orgId, submitted, onProgress),
    /** The periodic job (every instance): runOnce for tests and the CLI, start/stop for serve. */
    scheduler,
  };
}
