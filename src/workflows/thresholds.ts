// Pure threshold arithmetic (docs/guide.md §5): when does a step close, and how? A step needs
// `needed` approvals out of `reviewers`: all of them, any one, or at least N (never more than
// there are reviewers). It is approved once approvals reach that number and rejected as soon
// as the reviewers who have not voted could no longer reach it. 2FA never changes this.
import type { Threshold } from './types.ts';

export type Tally = { approvals: number; rejections: number; reviewers: number };
export type StepOutcome = 'open' | 'approved' | 'rejected';

export function neededApprovals(threshold: Threshold, reviewers: number): number {
  if (reviewers < 1) throw new TypeError('a step needs at least one reviewer');
  if (threshold.type === 'all') return reviewers;
  if (threshold.type === 'any') return 1;
  return Math.min(threshold.n, reviewers);
}

export function evaluateThreshold(threshold: Threshold, t: Tally): StepOutcome {
  if (t.approvals < 0 || t.rejections < 0 || t.approvals + t.rejections > t.reviewers) throw new TypeError(`impossible tally ${JSON.stringify(t)}`);
  const needed = neededApprovals(threshold, t.reviewers);
  if (t.approvals >= needed) return 'approved';
  const undecided = t.reviewers - t.approvals - t.rejections;
  return t.approvals + undecided < needed ? 'rejected' : 'open';
}
