// How items, their history and decisions read on screen.
import type { HistoryEntry, InviteStatus, ItemStatus } from '../../api/workflow-types.ts';
import type { Method } from '../../api/types.ts';

type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

export const ITEM_STATUS: Record<ItemStatus, { label: string; tone: Tone }> = {
  in_review: { label: 'In review', tone: 'accent' },
  approved: { label: 'Approved', tone: 'success' },
  rejected: { label: 'Rejected', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const ITEM_STATUSES: readonly ItemStatus[] = ['in_review', 'approved', 'rejected', 'cancelled'];

/** The method behind a "2FA verified" badge, in words. */
export const VERIFIED_WITH: Record<Method, string> = {
  totp: 'authenticator app',
  backup_code: 'backup code',
  email_code: 'email code',
  webauthn: 'passkey',
};

export const INVITE_STATUS: Record<InviteStatus, { label: string; tone: Tone }> = {
  pending: { label: 'Invited', tone: 'accent' },
  verified: { label: 'Code confirmed', tone: 'accent' },
  decided: { label: 'Decided', tone: 'success' },
  expired: { label: 'Expired', tone: 'warning' },
  revoked: { label: 'Revoked', tone: 'neutral' },
  closed: { label: 'Step closed', tone: 'neutral' },
};

const stepRef = (e: HistoryEntry) => (e.stepName ? `“${e.stepName}”` : e.step !== undefined ? `step ${e.step + 1}` : 'the step');

/** "approved “Legal review”", "submitted the item": what happened, after the actor's name. */
export function historyText(e: HistoryEntry): string {
  switch (e.action) {
    case 'submitted':
      return 'submitted the item';
    case 'decided':
      return `${e.decision === 'reject' ? 'rejected' : 'approved'} at ${stepRef(e)}`;
    case 'step_approved':
      return `step ${stepRef(e)} approved: it has the approvals it needs`;
    case 'step_rejected':
      return `step ${stepRef(e)} rejected`;
    case 'returned':
      return `sent back to ${stepRef(e)}`;
    case 'approved':
      return 'the item is approved';
    case 'rejected':
      return 'the item is rejected';
    case 'cancelled':
      return 'cancelled the item';
    case 'invited':
      return `invited to ${stepRef(e)}`;
    case 'revised':
      return `uploaded revision ${e.revision ?? ''}: review starts again at ${stepRef(e)}`;
    case 'overdue':
      return `step ${stepRef(e)} is overdue: it passed its due time`;
    case 'escalated':
      return `step ${stepRef(e)} escalated: more reviewers were asked`;
  }
}

export const decisionVerb = (d: 'approve' | 'reject') => (d === 'approve' ? 'approving' : 'rejecting');
