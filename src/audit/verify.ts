// Walks an organisation's chain from the genesis and names the first entry whose hash, link or
// sequence number does not hold. Reads in pages, so a long trail does not load into memory.
import type { Executor } from '../platform/db/connect.ts';
import { findHead, listEntries, type AuditRow } from './audit.store.ts';
import { GENESIS_HASH, entryHash } from './chain.ts';

export type VerifyResult = {
  ok: boolean;
  entries: number;
  headHash: string;
  firstBadEntry?: { id: string; seq: number; reason: 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'head_mismatch' | 'rewritten_since_checkpoint' };
};

const PAGE = 1000;

/** `onProgress`: the entries checked so far, after each page (the CLI shows it: a long trail takes minutes). */
export async function verifyChain(db: Executor, orgId: string, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await listEntries(db, orgId, { afterSeq: expectedSeq - 1, limit: PAGE, order: 'asc' });
    for (const row of rows) {
      const bad = check(row, expectedSeq, prevHash);
      if (bad) return { ok: false, entries: count, headHash: prevHash, firstBadEntry: { id: row.id, seq: Number(row.seq), reason: bad } };
      prevHash = row.hash;
      expectedSeq++;
      count++;
    }
    onProgress?.(count);
    if (rows.length < PAGE) break;
  }
  const head = await findHead(db, orgId);
  if (head && (Number(head.seq) !== count || head.head_hash !== prevHash)) {
    return { ok: false, entries: count, headHash: prevHash, firstBadEntry: { id: 'head', seq: Number(head.seq), reason: 'head_mismatch' } };
  }
  return { ok: true, entries: count, headHash: prevHash };
}

type BadReason = NonNullable<VerifyResult['firstBadEntry']>['reason'];

function check(row: AuditRow, expectedSeq: number, prevHash: string): BadReason | undefined {
  if (Number(row.seq) !== expectedSeq) return 'sequence_gap';
  if (row.prev_hash !== prevHash) return 'broken_link';
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch {
    return 'hash_mismatch';
  }
  const recomputed = entryHash({
    orgId: row.org_id,
    seq: Number(row.seq),
    at: Number(row.at),
    type: row.type,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    targetType: row.target_type,
    targetId: row.target_id,
    data,
    ip: row.ip,
    requestId: row.request_id,
    prevHash: row.prev_hash,
  });
  return recomputed === row.hash ? undefined : 'hash_mismatch';
}
