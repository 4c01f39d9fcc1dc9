// Verification against checkpoints. The chain walk (audit.verify) finds an entry edited in
// place, a deleted or reordered entry; it cannot find a rewrite whose author recomputed every
// hash after the edit and the head, because that chain is self-consistent again. A checkpoint
// remembers the hash of entry `seq` outside the author's reach (a witness's mailbox, an
// auditor's file): if the stored entry `seq` no longer has that hash, the trail was rewritten.
//
// One head hash cannot say which entry changed. Using every checkpoint known (the caller's and
// the server's own table), the rewrite lies after the newest checkpoint that still matches and
// at or before the first that does not: firstBadEntry names the start of that window.
// The server's own checkpoints are checked too, but an owner can rewrite those as well: only
// a copy kept elsewhere (witnesses) settles it.
import type { VerifyResult } from '../../audit/index.ts';
import type { Executor } from '../../platform/db/connect.ts';
import type { OrgId } from '../../platform/ids.ts';
import { checkpointSignatureValid, toCheckpoint, type Checkpoint } from './checkpoint.ts';
import type { CheckpointsDeps } from './checkpoints-deps.ts';
import { listAllCheckpoints } from './checkpoints.store.ts';

// A checkpoint of another organisation counts as altered (its `organization` is not this trail's).
type CheckpointProblem = 'bad_checkpoint_signature' | 'rewritten_since_checkpoint';

type CheckpointCheck = {
  seq: number;
  ok: boolean;
  /** `submitted` by the caller, or `stored` in the server's own table. */
  source: 'submitted' | 'stored';
  problem?: CheckpointProblem;
  /** With rewritten_since_checkpoint: the rewrite lies in entries seq..throughSeq. */
  firstBadEntry?: { seq: number; throughSeq: number };
};

export type VerifyWithCheckpoints = VerifyResult & { checkpoints: CheckpointCheck[] };

export async function verifyWithCheckpoints(
  deps: Pick<CheckpointsDeps, 'audit' | 'keyring'>,
  db: Executor,
  orgId: OrgId,
  submitted: readonly Checkpoint[],
  onProgress?: (checked: number) => void,
): Promise<VerifyWithCheckpoints> {
  const [chain, jwks, stored] = await Promise.all([deps.audit.verify(db, orgId, onProgress), deps.keyring.jwks(db), listAllCheckpoints(db, orgId)]);
  const all = [...submitted.map((c) => ({ c, source: 'submitted' as const })), ...stored.map((r) => ({ c: toCheckpoint(r), source: 'stored' as const }))];
  const storedEntries = await deps.audit.entriesAt(
    db,
    orgId,
    all.map(({ c }) => c.seq).filter((seq) => Number.isSafeInteger(seq) && seq > 0),
  );
  const entryAt = async (seq: number) => storedEntries.get(seq) ?? (await deps.audit.entryAt(db, orgId, seq));

  const judged: { c: Checkpoint; source: 'submitted' | 'stored'; problem?: CheckpointProblem }[] = [];
  for (const { c, source } of all) {
    if (!checkpointSignatureValid(c, jwks.keys) || c.organization !== orgId) judged.push({ c, source, problem: 'bad_checkpoint_signature' });
    else if ((await entryAt(c.seq))?.hash !== c.headHash) judged.push({ c, source, problem: 'rewritten_since_checkpoint' });
    else judged.push({ c, source });
  }
  const matching = judged.filter((j) => !j.problem).map((j) => j.c.seq);

  const checkpoints: CheckpointCheck[] = judged.map(({ c, source, problem }) => {
    if (!problem) return { seq: c.seq, ok: true, source };
    if (problem !== 'rewritten_since_checkpoint') return { seq: c.seq, ok: false, source, problem };
    const newestGood = Math.max(0, ...matching.filter((s) => s < c.seq));
    return { seq: c.seq, ok: false, source, problem, firstBadEntry: { seq: newestGood + 1, throughSeq: c.seq } };
  });

  const result: VerifyWithCheckpoints = { ...chain, checkpoints };
  if (checkpoints.some((c) => !c.ok)) result.ok = false;
  const rewritten = checkpoints.filter((c) => c.firstBadEntry).sort((a, b) => a.firstBadEntry!.seq - b.firstBadEntry!.seq)[0];
  if (chain.ok && rewritten) {
    const seq = rewritten.firstBadEntry!.seq;
    result.firstBadEntry = { id: (await entryAt(seq))?.id ?? 'missing', seq, reason: 'rewritten_since_checkpoint' };
  }
  return result;
}
