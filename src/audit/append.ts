// Appends one event to its organisation's chain, inside the caller's transaction: the entry
// commits with the change it records, or not at all.
import type { Clock } from '../platform/clock.ts';
import type { Tx } from '../platform/db/connect.ts';
import { newId } from '../platform/ids.ts';
import { claimNextSeq, ensureHead, insertEntry } from './audit.store.ts';
import { GENESIS_HASH, entryHash } from './chain.ts';
import type { AuditEvent } from './events.ts';

export async function appendAudit(tx: Tx, clock: Clock, event: AuditEvent): Promise<{ seq: number; hash: string }> {
  await ensureHead(tx, event.orgId, GENESIS_HASH);
  const { seq, prevHash } = await claimNextSeq(tx, event.orgId);
  const fields = {
    orgId: event.orgId,
    seq,
    at: clock.now(),
    type: event.type,
    actorUserId: event.actor?.userId ?? null,
    actorLabel: event.actor?.label ?? null,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    data: event.data ?? {},
    ip: event.ip ?? null,
    requestId: event.requestId ?? null,
    prevHash,
  };
  const hash = entryHash(fields);
  await insertEntry(tx, {
    id: newId('aud'), org_id: fields.orgId, seq, at: fields.at, type: fields.type,
    actor_user_id: fields.actorUserId, actor_label: fields.actorLabel, target_type: fields.targetType, target_id: fields.targetId,
    data: JSON.stringify(fields.data), ip: fields.ip, request_id: fields.requestId, prev_hash: prevHash, hash,
  });
  return { seq, hash };
}
