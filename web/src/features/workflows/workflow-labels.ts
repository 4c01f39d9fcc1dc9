// How workflow parts read on screen: thresholds, reviewers, what a rejection does.
import type { ReviewerView, Threshold } from '../../api/workflow-types.ts';

export function thresholdLabel(t: Threshold): string {
  switch (t.type) {
    case 'all':
      return 'All must approve';
    case 'any':
      return 'Any one approves';
    case 'count':
      return `At least ${t.n} must approve`;
  }
}

/**
 * Where an open step's votes stand, against what the step needs: "0 of 2 approved" suits an
 * "all" step; an "any one" step with two reviewers needs one approval, not two.
 */
export function votesLabel(t: Threshold, votes: { approve: number; reject: number; reviewers: number }): string {
  const needed = t.type === 'all' ? votes.reviewers : t.type === 'any' ? 1 : Math.min(t.n, votes.reviewers);
  const approved =
    t.type === 'all'
      ? `${votes.approve} of ${votes.reviewers} approved`
      : `${votes.approve} of ${needed} needed ${needed === 1 ? 'approval' : 'approvals'} (${votes.reviewers} ${votes.reviewers === 1 ? 'reviewer' : 'reviewers'})`;
  return votes.reject ? `${approved}, ${votes.reject} rejected` : approved;
}

export const REVIEWER_KIND_LABELS: Record<ReviewerView['kind'], string> = {
  user: 'User',
  group: 'Group',
  role: 'Role',
  guest: 'Guest',
};

export const ROLE_NAMES: Record<string, string> = {
  admin: 'Administrators',
  owner: 'Workflow owners',
  reviewer: 'Reviewers',
};

/** "Rita Reviewer <rita@acme.test>" → "Rita Reviewer": the server's label carries the address. */
export const shortLabel = (r: ReviewerView) => r.label.replace(/\s*<[^>]*>\s*$/, '') || r.label;

export const onRejectLabel = (onReject: 'end' | 'previous') =>
  onReject === 'previous' ? 'A rejection sends it back to the previous step' : 'A rejection ends the item';

export const stepCount = (n: number) => `${n} ${n === 1 ? 'step' : 'steps'}`;
