// The domain's own shapes. The HTTP contract (src/http/contract/workflows.ts) describes the
// same things as zod schemas for the wire; the route's response schema checks that they agree.
import type { Method } from '../factors/index.ts';
import type { Role } from '../accounts/index.ts';
import type { ChallengeId, GroupId, UserId, WorkflowId } from '../platform/ids.ts';

export const DEFAULT_SIGNATURE_MEANINGS = ['approved', 'reviewed', 'rejected', 'responsible'] as const;

export type Reviewer = { user: UserId } | { group: GroupId } | { role: Role } | { guest: { email: string; name?: string | undefined } };
export type Threshold = { type: 'all' } | { type: 'any' } | { type: 'count'; n: number };
export type Decision = 'approve' | 'reject';
type ItemStatus = 'in_review' | 'approved' | 'rejected' | 'cancelled';

export type StepBody = {
  name: string;
  reviewers: Reviewer[];
  threshold: Threshold;
  requireTwoFactor: boolean;
  requireSignature: boolean;
  signatureMeanings?: string[] | undefined;
  onReject: 'end' | 'previous';
  showCommentsToGuests?: boolean | undefined;
  requireReasonOnApprove?: boolean | undefined;
  dueInHours?: number | undefined;
  onOverdue?: OnOverdue | undefined;
  escalateTo?: Reviewer[] | undefined;
};
export type OnRevision = 'restart' | 'current_step';
export type OnOverdue = 'notify' | 'escalate' | 'reject';
export type WorkflowBody = { name: string; steps: StepBody[]; onRevision?: OnRevision | undefined };
export type ItemBody = { workflowId: WorkflowId; title: string; description?: string | undefined; content?: string | undefined; uploadId?: string | undefined };
export type DecisionBody = {
  step: number | string;
  decision: Decision;
  comment?: string | undefined;
  revision?: number | undefined;
  secondFactor?: { method: Method; code?: string | undefined; challengeId?: ChallengeId | undefined; credential?: unknown } | undefined;
  signature?: { password?: string | undefined; reauthToken?: string | undefined; meaning: string } | undefined;
  /** A delegate deciding the task of the person they stand in for (delegation.ts). */
  onBehalfOf?: UserId | undefined;
};

type ReviewerView = { kind: 'user' | 'group' | 'role' | 'guest'; id?: string; role?: Role; email?: string; label: string };
export type StepView = {
  index: number;
  name: string;
  reviewers: ReviewerView[];
  threshold: Threshold;
  requireTwoFactor: boolean;
  requireSignature: boolean;
  signatureMeanings: string[];
  onReject: 'end' | 'previous';
  showCommentsToGuests: boolean;
  requireReasonOnApprove: boolean;
  dueInHours?: number;
  onOverdue: OnOverdue;
  escalateTo?: ReviewerView[];
};
export type WorkflowView = { id: string; name: string; version: number; steps: StepView[]; onRevision: OnRevision; createdAt: string; updatedAt: string };

type Person = { id?: string; name: string; email: string; guest?: boolean };
type CredentialsReset = {
  at: string;
  event: 'password_reset.completed' | 'two_factor.revoked' | 'two_factor.recovered';
  by: { userId: string | null; label: string }[];
};
type SignatureView = {
  id: string;
  printedName: string;
  email: string;
  meaning: string;
  signedAt: string;
  contentHash: string;
  decision: Decision;
  valid: boolean;
  credentialsReset: CredentialsReset | null;
  revision?: number;
  superseded?: boolean;
};
type HistoryAction =
  | 'submitted'
  | 'decided'
  | 'step_approved'
  | 'step_rejected'
  | 'returned'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'invited'
  | 'revised'
  | 'overdue'
  | 'escalated';
export type HistoryEntry = {
  at: string;
  actor: Person | null;
  action: HistoryAction;
  step?: number;
  stepName?: string;
  decision?: Decision;
  comment?: string;
  badges: ('2fa_verified' | 'e_signed')[];
  method?: Method;
  signature?: SignatureView;
  /** The item's revision when it happened. */
  revision?: number;
  /** A delegate's decision: the person whose task it decided. */
  onBehalfOf?: Person;
};
type MyTask = {
  step: number;
  canDecide: boolean;
  reason?: string;
  requireTwoFactor: boolean;
  requireSignature: boolean;
  signatureMeanings: string[];
  methods: Method[];
  /** The reader decides as a delegate: for this person (send it back as the decision's onBehalfOf). */
  onBehalfOf?: Person;
};
export type ItemView = {
  id: string;
  title: string;
  description: string;
  status: ItemStatus;
  currentStep: number | null;
  contentHash: string;
  content: { type: 'text'; text: string } | { type: 'file'; name: string; size: number; downloadUrl: string };
  workflow: { id: string; name: string; version: number };
  submitter: Person;
  createdAt: string;
  updatedAt: string;
  steps: (StepView & {
    status: 'pending' | 'open' | 'approved' | 'rejected';
    votes?: { approve: number; reject: number; reviewers: number };
    dueAt?: string;
    overdue?: boolean;
  })[];
  history: HistoryEntry[];
  myTask?: MyTask;
  canCancel: boolean;
  revision?: number;
  versions?: ItemVersionView[];
  canRevise?: boolean;
};
type ItemContent = ItemView['content'];
export type ItemVersionView = { revision: number; contentHash: string; note: string | null; at: string; by: Person; content: ItemContent };
export type Task = {
  itemId: string;
  step: number;
  stepName: string;
  title: string;
  workflowName: string;
  submitter: Person;
  requireTwoFactor: boolean;
  requireSignature: boolean;
  assignedAt: string;
  dueAt: string | null;
  overdue: boolean;
  /** A task of someone the reader stands in for (delegation.ts). */
  onBehalfOf?: Person;
};
