// The builder's editable copy of a workflow: what the form holds (strings while typing, a
// label beside each reviewer), turned into the API body on save and checked before it.
import { DEFAULT_MEANINGS, type Reviewer, type ReviewerView, type StepView, type WorkflowBody, type WorkflowView } from '../../api/workflow-types.ts';
import { ROLE_NAMES } from './workflow-labels.ts';

export type ReviewerDraft = { reviewer: Reviewer; view: ReviewerView };

export type StepDraft = {
  /** Stable React key: steps move. */
  key: string;
  name: string;
  reviewers: ReviewerDraft[];
  threshold: 'all' | 'any' | 'count';
  count: string;
  requireTwoFactor: boolean;
  requireSignature: boolean;
  meanings: string[];
  onReject: 'end' | 'previous';
  showCommentsToGuests: boolean;
  requireReasonOnApprove: boolean;
  /** Hours until the step is due, as typed ('' = no due date). */
  dueInHours: string;
  onOverdue: 'notify' | 'escalate' | 'reject';
  escalateTo: ReviewerDraft[];
};

/** `onRevision`: where a revised item starts again (the first step, or the step it was in). */
export type WorkflowDraft = { name: string; steps: StepDraft[]; onRevision: 'restart' | 'current_step' };

let nextKey = 0;
const newKey = () => `step-${++nextKey}`;

export const emptyStep = (): StepDraft => ({
  key: newKey(),
  name: '',
  reviewers: [],
  threshold: 'all',
  count: '2',
  requireTwoFactor: false,
  requireSignature: false,
  meanings: [...DEFAULT_MEANINGS],
  onReject: 'end',
  showCommentsToGuests: false,
  requireReasonOnApprove: false,
  dueInHours: '',
  onOverdue: 'notify',
  escalateTo: [],
});

export const emptyDraft = (): WorkflowDraft => ({ name: '', steps: [emptyStep()], onRevision: 'restart' });

/** A reviewer as the API takes it, from the view the API gave (user/group ids, role, guest email). */
function reviewerOf(v: ReviewerView): Reviewer | undefined {
  if (v.kind === 'user' && v.id) return { user: v.id };
  if (v.kind === 'group' && v.id) return { group: v.id };
  if (v.kind === 'role' && v.role) return { role: v.role };
  if (v.kind === 'guest' && v.email) return { guest: { email: v.email, ...(v.label && v.label !== v.email ? { name: v.label } : {}) } };
  return undefined;
}

export function draftOf(w: WorkflowView): WorkflowDraft {
  return {
    name: w.name,
    steps: w.steps.map((s) => ({
      key: newKey(),
      name: s.name,
      reviewers: s.reviewers.flatMap((view) => {
        const reviewer = reviewerOf(view);
        return reviewer ? [{ reviewer, view }] : [];
      }),
      threshold: s.threshold.type,
      count: s.threshold.type === 'count' ? String(s.threshold.n) : '2',
      requireTwoFactor: s.requireTwoFactor,
      requireSignature: s.requireSignature,
      meanings: s.signatureMeanings.length ? [...s.signatureMeanings] : [...DEFAULT_MEANINGS],
      onReject: s.onReject,
      showCommentsToGuests: s.showCommentsToGuests,
      requireReasonOnApprove: s.requireReasonOnApprove,
      dueInHours: s.dueInHours ? String(s.dueInHours) : '',
      onOverdue: s.onOverdue,
      escalateTo: (s.escalateTo ?? []).flatMap((view) => {
        const reviewer = reviewerOf(view);
        return reviewer ? [{ reviewer, view }] : [];
      }),
    })),
    onRevision: w.onRevision,
  };
}

const countOf = (s: StepDraft) => Number.parseInt(s.count, 10);

export function bodyOf(d: WorkflowDraft): WorkflowBody {
  return {
    name: d.name.trim(),
    steps: d.steps.map((s, i) => ({
      name: s.name.trim(),
      reviewers: s.reviewers.map((r) => r.reviewer),
      threshold: s.threshold === 'count' ? { type: 'count', n: countOf(s) } : { type: s.threshold },
      requireTwoFactor: s.requireTwoFactor,
      requireSignature: s.requireSignature,
      ...(s.requireSignature ? { signatureMeanings: s.meanings.map((m) => m.trim()).filter(Boolean) } : {}),
      onReject: i === 0 ? 'end' : s.onReject,
      showCommentsToGuests: s.showCommentsToGuests,
      requireReasonOnApprove: s.requireReasonOnApprove,
      ...dueOf(s),
    })),
    onRevision: d.onRevision,
  };
}

/** The due-date fields of a step's body: none without a due time; escalateTo only with escalation. */
function dueOf(s: StepDraft): Pick<WorkflowBody['steps'][number], 'dueInHours' | 'onOverdue' | 'escalateTo'> {
  const hours = Number.parseInt(s.dueInHours, 10);
  if (!s.dueInHours.trim() || !Number.isInteger(hours)) return { onOverdue: 'notify' };
  return { dueInHours: hours, onOverdue: s.onOverdue, ...(s.onOverdue === 'escalate' ? { escalateTo: s.escalateTo.map((r) => r.reviewer) } : {}) };
}

/** Field errors keyed like the server's pointers (`name`, `steps.0.reviewers`). */
export function validateDraft(d: WorkflowDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!d.name.trim()) errors['name'] = 'Give the workflow a name.';
  d.steps.forEach((s, i) => {
    if (!s.name.trim()) errors[`steps.${i}.name`] = 'Give the step a name.';
    if (s.reviewers.length === 0) errors[`steps.${i}.reviewers`] = 'Add at least one reviewer.';
    if (s.threshold === 'count') {
      const n = countOf(s);
      if (!Number.isInteger(n) || n < 1 || n > 100) errors[`steps.${i}.threshold`] = 'Enter a number from 1 to 100.';
    }
    if (s.requireSignature && !s.meanings.some((m) => m.trim())) errors[`steps.${i}.signatureMeanings`] = 'Keep at least one meaning.';
    if (s.dueInHours.trim()) {
      const h = Number(s.dueInHours);
      if (!Number.isInteger(h) || h < 1 || h > 8760) errors[`steps.${i}.dueInHours`] = 'Enter whole hours from 1 to 8760 (a year).';
      else if (s.onOverdue === 'escalate' && s.escalateTo.length === 0) errors[`steps.${i}.escalateTo`] = 'Add someone to escalate to.';
    }
  });
  return errors;
}

/** The draft as the picture draws it (the same shape as a saved step). */
export function stepViewOf(s: StepDraft, index: number): StepView {
  const n = countOf(s);
  return {
    index,
    name: s.name.trim() || `Step ${index + 1}`,
    reviewers: s.reviewers.map((r) => r.view),
    threshold: s.threshold === 'count' ? { type: 'count', n: Number.isInteger(n) && n > 0 ? n : 1 } : { type: s.threshold },
    requireTwoFactor: s.requireTwoFactor,
    requireSignature: s.requireSignature,
    signatureMeanings: s.meanings.filter((m) => m.trim()),
    onReject: index === 0 ? 'end' : s.onReject,
    showCommentsToGuests: s.showCommentsToGuests,
    requireReasonOnApprove: s.requireReasonOnApprove,
    ...(s.dueInHours.trim() && Number.isInteger(Number(s.dueInHours)) ? { dueInHours: Number(s.dueInHours) } : {}),
    onOverdue: s.dueInHours.trim() ? s.onOverdue : 'notify',
    ...(s.onOverdue === 'escalate' && s.escalateTo.length ? { escalateTo: s.escalateTo.map((r) => r.view) } : {}),
  };
}

export const roleReviewer = (role: 'admin' | 'owner' | 'reviewer'): ReviewerDraft => ({
  reviewer: { role },
  view: { kind: 'role', role, label: ROLE_NAMES[role] ?? role },
});

/** Two drafts name the same reviewer (so the picker does not add one twice). */
export function sameReviewer(a: Reviewer, b: Reviewer): boolean {
  if ('user' in a && 'user' in b) return a.user === b.user;
  if ('group' in a && 'group' in b) return a.group === b.group;
  if ('role' in a && 'role' in b) return a.role === b.role;
  if ('guest' in a && 'guest' in b) return a.guest.email.toLowerCase() === b.guest.email.toLowerCase();
  return false;
}
