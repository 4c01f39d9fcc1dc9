// Appends events to their organisation's chain, inside the caller's transaction: the entries
// commit with the change they record, or not at all.
//
// An append only records the event (its time, id and a snapshot of its data) in the
// transaction's audit buffer. The buffer is chained in the transaction's before-commit step
// (platform/db/commit-hooks.ts), per organisation: one statement claims the seqs and reads the
// head hash (locking the head), the hashes are computed in memory, one INSERT stores the
// entries and one UPDATE moves the head hash. So the head is held from that step to COMMIT,
// not from the first append: audited writes of one organisation overlap until their last step.
// When the head is still where this instance's last chaining left it, the entries are chained on
// that in memory and one conditional UPDATE claims the seqs and moves the hash at once (it
// changes nothing if the head moved since, and the chaining then claims the head as above).
// Entries keep the order they were appended in, and their `at` is the time of the append.
import type { Clock } from '../platform/clock.ts';
import { commitHook, type CommitHook } from '../platform/db/commit-hooks.ts';
import type { Tx } from '../platform/db/connect.ts';
import { newId } from '../platform/ids.ts';
import { advanceHead, claimSeqs, insertEntries, moveHeadHash, type AuditRow } from './audit.store.ts';
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

type Head = { seq: number; hash: string };

/**
 * Per database: the head of each organisation as this instance's last chaining left it, learnt
 * before that transaction commits: the next transaction on this instance (on SQLite, the next
 * member of the same commit group) chains on from it. Only ever a guess that saves the claim:
 * advanceHead moves the head from it only if it is the head in the database (on PostgreSQL it
 * waits for the row lock of a transaction that has not committed yet, and then finds the head
 * moved, or back where it was after a rollback), and otherwise the chaining claims the head as it is.
 */
const lastHeads = new WeakMap<object, Map<string, Head>>();

class AuditBuffer implements CommitHook {
  private readonly byOrg = new Map<string, Pending[]>();
  private readonly heads: Map<string, Head>;

  constructor(heads: Map<string, Head>) {
    this.heads = heads;
  }

  add(orgId: string, entry: Pending): void {
    const list = this.byOrg.get(orgId);
    if (list) list.push(entry);
    else this.byOrg.set(orgId, [entry]);
  }

  async beforeCommit(tx: Tx): Promise<void> {
    // Organisations in a fixed order, so two transactions that both chain several never deadlock.
    for (const orgId of [...this.byOrg.keys()].sort()) {
      const known = this.heads.get(orgId);
      // Taken as it is: a head that went back (a restored backup) is guessed from there on.
      this.heads.set(orgId, await chain(tx, orgId, this.byOrg.get(orgId)!, known));
    }
  }
}

/**
 * Stores the entries after the organisation's head and moves it to the last: from `known` (the
 * head this instance's last chaining left) in two statements while it is still the head, else claiming
 * the seqs (which locks the head), storing and moving the head hash, in three.
 */
async function chain(tx: Tx, orgId: string, pending: readonly Pending[], known: Head | undefined): Promise<Head> {
  if (known) {
    const rows = chained(orgId, pending, known);
    const head = { seq: known.seq + rows.length, hash: rows.at(-1)!.hash };
    if (await advanceHead(tx, orgId, known, rows.length, head.hash)) {
      await insertEntries(tx, rows);
      return head;
    }
  }
  const { lastSeq, prevHash } = await claimSeqs(tx, orgId, pending.length, GENESIS_HASH);
  const rows = chained(orgId, pending, { seq: lastSeq - pending.length, hash: prevHash });
  await insertEntries(tx, rows);
  await moveHeadHash(tx, orgId, rows.at(-1)!.hash);
  return { seq: lastSeq, hash: rows.at(-1)!.hash };
}

/** The entries as stored after `after`: numbered on from its seq, each hash linked to the one before. */
function chained(orgId: string, pending: readonly Pending[], after: Head): AuditRow[] {
  let seq = after.seq;
  let prevHash = after.hash;
  return pending.map((p) => {
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
}

/**
 * Records `event` for the transaction's final step. Throws when `tx` will not run that step
 * (not opened with `db.transaction()` on a database from connectDatabase, or already ending).
 */
export function appendAudit(tx: Tx, clock: Clock, event: AuditEvent): void {
  const buffer = commitHook(tx, AUDIT_BUFFER, (db) => {
    let heads = lastHeads.get(db);
    if (!heads) lastHeads.set(db, (heads = new Map()));
    return new AuditBuffer(heads);
  });
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
