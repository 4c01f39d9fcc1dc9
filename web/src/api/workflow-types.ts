// Workflows, items, tasks, decisions and guests (API.md "Workflows and decisions", "Guests"),
// inferred from the server's zod contract. `import type` keeps zod out of the bundle.
import type { z } from 'zod';
import type {
  decisionBodySchema,
  decisionResponseSchema,
  guestItemSchema,
  guestViewSchema,
  historyEntrySchema,
  inviteStatusSchema,
  inviteViewSchema,
  itemBodySchema,
  itemContentSchema,
  itemCreatedSchema,
  itemListSchema,
  itemStatusSchema,
  itemStepSchema,
  itemViewSchema,
  myTaskSchema,
  reviewerSchema,
  reviewerViewSchema,
  signatureViewSchema,
  stepViewSchema,
  taskListSchema,
  taskSchema,
  thresholdSchema,
  uploadResponseSchema,
  workflowBodySchema,
  workflowCreatedSchema,
  workflowListSchema,
  workflowViewSchema,
} from '../../../src/http/contract/workflows.ts';

/** As sent (`z.input`): the server brands the user and group ids it reads. */
export type Reviewer = z.input<typeof reviewerSchema>;
export type ReviewerView = z.infer<typeof reviewerViewSchema>;
export type Threshold = z.infer<typeof thresholdSchema>;
export type WorkflowBody = z.input<typeof workflowBodySchema>;
export type WorkflowCreated = z.infer<typeof workflowCreatedSchema>;
export type StepView = z.infer<typeof stepViewSchema>;
export type WorkflowView = z.infer<typeof workflowViewSchema>;
export type WorkflowSummary = z.infer<typeof workflowListSchema>['workflows'][number];

export type ItemBody = z.input<typeof itemBodySchema>;
export type ItemCreated = z.infer<typeof itemCreatedSchema>;
export type Upload = z.infer<typeof uploadResponseSchema>;
export type ItemStatus = z.infer<typeof itemStatusSchema>;
export type ItemView = z.infer<typeof itemViewSchema>;
export type ItemStep = z.infer<typeof itemStepSchema>;
export type ItemContent = z.infer<typeof itemContentSchema>;
export type ItemSummary = z.infer<typeof itemListSchema>['items'][number];
export type MyTask = z.infer<typeof myTaskSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type SignatureView = z.infer<typeof signatureViewSchema>;

export type Task = z.infer<typeof taskSchema>;
export type TaskList = z.infer<typeof taskListSchema>;

export type Decision = 'approve' | 'reject';
export type DecisionBody = z.input<typeof decisionBodySchema>;
export type DecisionResult = z.infer<typeof decisionResponseSchema>;

export type InviteStatus = z.infer<typeof inviteStatusSchema>;
export type Invite = z.infer<typeof inviteViewSchema>;

export type GuestView = z.infer<typeof guestViewSchema>;
export type GuestItem = z.infer<typeof guestItemSchema>;

/**
 * The meanings the builder proposes for a new e-signature step: the server's default when a
 * step names none (DEFAULT_SIGNATURE_MEANINGS in src/workflows/types.ts, which web/ may not
 * import); keep the two in step.
 */
export const DEFAULT_MEANINGS: readonly string[] = ['approved', 'reviewed', 'rejected', 'responsible'];
