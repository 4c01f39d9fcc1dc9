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
