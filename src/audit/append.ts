// Appends events to their organisation's chain, inside the caller's transaction: the entries
// commit with the change they record, or not at all.
//
// An append only records the event (its time, id and a snapshot of its data) in the
// transaction's audit buffer. The buffer is chained in the transaction's before-commit step
// (platform/db/commit-hooks.ts), per organisation: one statement claims the seqs and reads the
// head hash (locking the head), the hashes are computed in memory, one INSERT stores the
// entries and one UPDATE moves the head hash. So the head is held from that step to COMMIT,
// not from the first append: audited writes of one organisation overlap until their last step.
// Entries keep the order they were appended in, and their `at` is the time of the append.
import type { Clock } from '../platform/clock.ts';
import { commitHook, type CommitHook } from '../platform/db/commit-hooks.ts';
import type { Tx } from '../platform/db/connect.ts';
import { newId } from '../platform/ids.ts';
import { claimSeqs, insertEntries, type AuditRow } from './audit.store.ts';
import { GENESIS_HASH, entryHash } from './chain.ts';
import type { AuditEvent } from './events.ts';

type Pending = {
  id: string;
  at: number;
  type: string;
  actorUserId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  /** The data as stored (JSON text) and as hashed (parsed back from that text, as verify reads it). */
  dataText: string;
  data: unknown;
  ip: string | null;
  requestId: string | null;
};

const AUDIT_BUFFER = Symbol('audit.append');

class AuditBuffer implements CommitHook {
  private readonly byOrg = new Map<string, Pending[]>();

  add(orgId: string, entry: Pending): void {
    const list = this.byOrg.get(orgId);
    if (list) list.push(entry);
    else this.byOrg.set(orgId, [entry]);
  }

  async beforeCommit(tx: Tx): Promise<void> {
    // Organisations in a fixed order, so two transactions that both chain several never deadlock.
    for (const orgId of [...this.byOrg.keys()].sort()) await chain(tx, orgId, this.byOrg.get(orgId)!);
  }
}

async function chain(tx: Tx, orgId: string, pending: readonly Pending[]): Promise<void> {
  const { lastSeq, prevHash: head } = await claimSeqs(tx, orgId, pending.length, GENESIS_HASH);
  let seq = lastSeq - pending.length;
  let prevHash = head;
  const rows: AuditRow[] = pending.map((p) => {
    seq += 1;
    const hash = entryHash({
      orgId,
      seq,
      at: p.at,
      type: p.type,
      actorUserId: p.actorUserId,
      actorLabel: p.actorLabel,
      targetType: p.targetType,
      targetId: p.targetId,
      data: p.data,
      ip: p.ip,
      requestId: p.requestId,
      prevHash,
    });
    const row: AuditRow = {
      id: p.id,
      org_id: orgId,
      seq,
      at: p.at,
      type: p.type,
      actor_user_id: p.actorUserId,
      actor_label: p.actorLabel,
      target_type: p.targetType,
      target_id: p.targetId,
      data: p.dataText,
      ip: p.ip,
      request_id: p.requestId,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  await insertEntries(tx, orgId, rows);
}

/**
 * Records `event` for the transaction's final step. Throws when `tx` will not run that step
 * (not opened with `db.transaction()` on a database from connectDatabase, or already ending).
 */
export function appendAudit(tx: Tx, clock: Clock, event: AuditEvent): void {
  const buffer = commitHook(tx, AUDIT_BUFFER, () => new AuditBuffer());
  const dataText = JSON.stringify(event.data ?? {});
  buffer.add(event.orgId, {
    id: newId('aud'),
    at: clock.now(),
    type: event.type,
    actorUserId: event.actor?.userId ?? null,
    actorLabel: event.actor?.label ?? null,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    dataText,
    data: JSON.parse(dataText) as unknown,
    ip: event.ip ?? null,
    requestId: event.requestId ?? null,
  });
}
