// Reads of the stored trail that checkpoints and their verification need: the head as recorded,
// and the stored entries at given sequence numbers.
import type { Executor } from '../platform/db/connect.ts';
import { findEntriesAt, findHead } from './audit.store.ts';
import { GENESIS_HASH } from './chain.ts';

// Seqs per IN list when checking checkpoints (well under SQLite's and PostgreSQL's parameter limits).
const ENTRIES_AT_BATCH = 500;

/** The organisation's chain head as recorded (seq 0 and the genesis hash before the first entry). */
export async function readHead(db: Executor, orgId: string): Promise<{ seq: number; headHash: string }> {
  const head = await findHead(db, orgId);
  return head ? { seq: Number(head.seq), headHash: head.head_hash } : { seq: 0, headHash: GENESIS_HASH };
}

/** The stored entries at many seqs, read in batches: seq → {id, hash}; absent seqs are missing from the map. */
export async function readEntriesAt(db: Executor, orgId: string, seqs: Iterable<number>): Promise<Map<number, { id: string; hash: string }>> {
  const wanted = [...new Set(seqs)];
  const found = new Map<number, { id: string; hash: string }>();
  for (let i = 0; i < wanted.length; i += ENTRIES_AT_BATCH) {
    for (const r of await findEntriesAt(db, orgId, wanted.slice(i, i + ENTRIES_AT_BATCH))) found.set(Number(r.seq), { id: r.id, hash: r.hash });
  }
  return found;
}
