// Which checkpoints an organisation is due (the cadence): one at every 100th entry (seq 100,
// 200, …), so "at least every 100 entries" holds exactly however fast entries arrive between
// passes; and, when an hour has passed since the newest checkpoint and entries arrived since,
// one at the head. An organisation with entries and no checkpoint yet gets one at its head at
// once (an existing trail is not back-filled at every 100th entry of its past).
const CHECKPOINT_EVERY_ENTRIES = 100;
export const CHECKPOINT_EVERY_MS = 60 * 60_000;
/** Checkpoints made per organisation per pass at most; the next pass continues. */
export const MAX_CHECKPOINTS_PER_PASS = 20;

export type DueCheckpoint = { seq: number; cause: 'entries' | 'hourly' | 'first' };

export function dueCheckpoints(headSeq: number, latest: { seq: number; at: number } | undefined, now: number): DueCheckpoint[] {
  if (headSeq <= 0) return [];
  if (!latest) return [{ seq: headSeq, cause: 'first' }];
  if (headSeq <= latest.seq) return [];
  const due: DueCheckpoint[] = [];
  const first = (Math.floor(latest.seq / CHECKPOINT_EVERY_ENTRIES) + 1) * CHECKPOINT_EVERY_ENTRIES;
  for (let seq = first; seq <= headSeq && due.length < MAX_CHECKPOINTS_PER_PASS; seq += CHECKPOINT_EVERY_ENTRIES) due.push({ seq, cause: 'entries' });
  if (due.length) return due;
  return now - latest.at >= CHECKPOINT_EVERY_MS ? [{ seq: headSeq, cause: 'hourly' }] : [];
}
