// The domain's own shapes. The HTTP contract (src/http/contract/workflows.ts) describes the
// same things as zod schemas for the wire; the route's response schema checks that they agree.
import type { Method } from '../factors/index.ts';
import type { Role } from '../accounts/index.ts';

export const DEFAULT_SIGNATURE_MEANINGS = ['approved', 'reviewed', 'rejected', 'responsible'] as const;

export type Reviewer = { user: string } | { group: string } | { role: Role } | { guest: { email: string; name?: string | undefined } };
export type Threshold = { type: 'all' } | { type: 'any' } | { type: 'count'; n: number };
export type Decision = 'approve' | 'reject';
export type ItemStatus = 'in_review' | 'approved' | 'rejected' | 'cancelled';

export type StepBody = {
  name: string; reviewers: Reviewer[]; threshold: Threshold; requireTwoFactor: boolean; requireSignature: boolean;
  signatureMeanings?: string[] | undefined; onReject: 'end' | 'previous'; showCommentsToGuests?: boolean | undefined;
  dueInHours?: number | undefined; onOverdue?: OnOverdue | undefined; escalateTo?: Reviewer[] | undefined;
};
export type OnOverdue = 'notify' | 'escalate' | 'reject';
export type WorkflowBody = { name: string; steps: StepBody[] };
export type ItemBody = { workflowId: string; title: string; description?: string | undefined; content?: string | undefined; uploadId?: string | undefined };
export type DecisionBody = {
  step: number | string; decision: Decision; comment?: string | undefined;
  secondFactor?: { method: Method; code?: string | undefined; challengeId?: string | undefined; credential?: unknown } | undefined;
  signature?: { password?: string | undefined; reauthToken?: string | undefined; meaning: string } | undefined;
};

export type ReviewerView = { kind: 'user' | 'group' | 'role' | 'guest'; id?: string; role?: Role; email?: string; label: string };
export type StepView = {
  index: number; name: string; reviewers: ReviewerView[]; threshold: Threshold; requireTwoFactor: boolean; requireSignature: boolean;
  signatureMeanings: string[]; onReject: 'end' | 'previous'; showCommentsToGuests: boolean;
  dueInHours?: number; onOverdue: OnOverdue; escalateTo?: ReviewerView[];
};
export type WorkflowView = { id: string; name: string; version: number; steps: StepView[]; createdAt: string; updatedAt: string };

export type Person = { id?: string; name: string; email: string; guest?: boolean };
export type CredentialsReset = { at: string; event: 'password_reset.completed' | 'two_factor.revoked' | 'two_factor.recovered'; by: { userId: string | null; label: string }[] };
export type SignatureView = { id: string; printedName: string; email: string; meaning: string; signedAt: string; contentHash: string; decision: Decision; valid: boolean; credentialsReset: CredentialsReset | null };
export type HistoryAction = 'submitted' | 'decided' | 'step_approved' | 'step_rejected' | 'returned' | 'approved' | 'rejected' | 'cancelled' | 'invited'
  | 'overdue' | 'escalated';
export type HistoryEntry = {
  at: string; actor: Person | null; action: HistoryAction; step?: number; stepName?: string; decision?: Decision; comment?: string;
  badges: ('2fa_verified' | 'e_signed')[]; method?: Method; signature?: SignatureView;
};
export type MyTask = { step: number; canDecide: boolean; reason?: string; requireTwoFactor: boolean; requireSignature: boolean; signatureMeanings: string[]; methods: Method[] };
export type ItemView = {
  id: string; title: string; description: string; status: ItemStatus; currentStep: number | null; contentHash: string;
  content: { type: 'text'; text: string } | { type: 'file'; name: string; size: number; downloadUrl: string };
  workflow: { id: string; name: string; version: number }; submitter: Person; createdAt: string; updatedAt: string;
  steps: (StepView & { status: 'pending' | 'open' | 'approved' | 'rejected'; votes?: { approve: number; reject: number; reviewers: number }
    dueAt?: string; overdue?: boolean })[];
  history: HistoryEntry[]; myTask?: MyTask; canCancel: boolean;
};
export type Task = {
  itemId: string; step: number; stepName: string; title: string; workflowName: string; submitter: Person;
  requireTwoFactor: boolean; requireSignature: boolean; assignedAt: string; dueAt: string | null; overdue: boolean;
};
