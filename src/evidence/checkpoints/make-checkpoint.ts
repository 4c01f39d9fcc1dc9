// Signs an organisation's chain at one entry and stores the checkpoint, with one email per
// witness, in one transaction: the row and its emails commit together or not at all. Signing
// happens outside any audit transaction (it reads a committed entry's hash, which never
// changes), so audited writes never wait for it.
//
// At most once per (organisation, seq): the insert is ON CONFLICT DO NOTHING on the primary
// key, so a second instance (or a second request) that signs the same entry inserts nothing
// and sends nothing; both answer with the stored checkpoint.
import type { Actor, RequestMeta } from '../../accounts/index.ts';
import type { OrgId } from '../../platform/ids.ts';
import { Problem } from '../../platform/problems.ts';
import { checkpointFileName, signCheckpoint, toCheckpoint, type Checkpoint } from './checkpoint.ts';
import type { CheckpointsDeps } from './checkpoints-deps.ts';
import { findCheckpoint, insertCheckpoint } from './checkpoints.store.ts';

export type CheckpointCause = 'entries' | 'hourly' | 'first' | 'on_demand';

export async function makeCheckpoint(
  deps: CheckpointsDeps,
  orgId: OrgId,
  seq: number,
  cause: CheckpointCause,
  by?: { actor: Actor; meta: RequestMeta },
): Promise<{ checkpoint: Checkpoint; created: boolean }> {
  const { db, clock } = deps;
  const existing = await findCheckpoint(db, orgId, seq);
  if (existing) return alreadyMade(deps, orgId, toCheckpoint(existing), by);
  const entry = await deps.audit.entryAt(db, orgId, seq);
  if (!entry) throw new Problem('not_found', { detail: `The audit trail has no entry ${seq}` });
  const [org, key, witnesses] = await Promise.all([deps.accounts.findOrganization(db, orgId), deps.keyring.current(db), deps.witnesses(db, orgId)]);
  if (!org) throw new Problem('not_found');
  const at = clock.now();
  const checkpoint = signCheckpoint(key, { organization: orgId, seq, headHash: entry.hash, at: new Date(at).toISOString() });

  const created = await db.transaction().execute(async (tx) => {
    const inserted = await insertCheckpoint(tx, {
      org_id: orgId,
      seq,
      organization: checkpoint.organization,
      head_hash: checkpoint.headHash,
      at,
      kid: checkpoint.kid,
      signature: checkpoint.signature,
      cause,
    });
    if (!inserted) return false;
    const filename = checkpointFileName(checkpoint);
    const attachment = { filename, contentType: 'application/json', content: `${JSON.stringify(checkpoint, null, 2)}\n` };
    for (const to of witnesses) {
      await deps.mail.enqueue(tx, {
        orgId,
        to,
        template: 'audit-checkpoint',
        vars: { organization: org.name, seq, headHash: checkpoint.headHash, at: checkpoint.at, kid: checkpoint.kid, filename },
        attachments: [attachment],
      });
    }
    if (by) {
      await deps.audit.append(tx, {
        orgId,
        type: 'audit.checkpointed',
        actor: { userId: by.actor.userId, label: by.actor.label },
        target: { type: 'organization', id: orgId },
        data: { seq, headHash: checkpoint.headHash, kid: checkpoint.kid, witnesses: witnesses.length },
        ip: by.meta.ip,
        requestId: by.meta.requestId,
      });
    }
    return true;
  });
  if (created) return { checkpoint, created };
  // Another instance stored this seq between our read and our insert: theirs is the checkpoint.
  return alreadyMade(deps, orgId, toCheckpoint((await findCheckpoint(db, orgId, seq))!), by);
}

/** The head was signed already (by the job, or a request a moment earlier): an admin's request is still recorded. */
async function alreadyMade(deps: CheckpointsDeps, orgId: OrgId, checkpoint: Checkpoint, by?: { actor: Actor; meta: RequestMeta }) {
  if (by) {
    await deps.db.transaction().execute((tx) =>
      deps.audit.append(tx, {
        orgId,
        type: 'audit.checkpointed',
        actor: { userId: by.actor.userId, label: by.actor.label },
        target: { type: 'organization', id: orgId },
        data: { seq: checkpoint.seq, headHash: checkpoint.headHash, kid: checkpoint.kid, existing: true },
        ip: by.meta.ip,
        requestId: by.meta.requestId,
      }),
    );
  }
  return { checkpoint, created: false };
}
