// API.md "Workflows and decisions" and "Guests": definitions, items, tasks, decisions with
// step-up and e-signatures, guest invites. Imports only zod: the web UI reuses these shapes.
import { z } from 'zod';
import {
  emailSchema,
  groupIdSchema,
  idSchema,
  inviteIdSchema,
  itemIdSchema,
  lineSchema,
  nameSchema,
  roleSchema,
  userIdSchema,
  workflowIdSchema,
} from './common.ts';
import { challengeMethodSchema, methodSchema, proofSchema } from './factors.ts';
import { commentViewSchema } from './comments.ts';

export const reviewerSchema = z.union([
  z.object({ user: userIdSchema }).strict(),
  z.object({ group: groupIdSchema }).strict(),
  z.object({ role: roleSchema }).strict(),
  z.object({ guest: z.object({ email: emailSchema, name: nameSchema.optional() }).strict() }).strict(),
]);

export const thresholdSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }).strict(),
  z.object({ type: z.literal('any') }).strict(),
  z.object({ type: z.literal('count'), n: z.number().int().min(1).max(100) }).strict(),
]);

const onRevisionSchema = z.enum(['restart', 'current_step']);

const stepBodySchema = z
  .object({
    name: lineSchema(120),
    reviewers: z.array(reviewerSchema).min(1).max(50),
    threshold: thresholdSchema.default({ type: 'all' }),
    requireTwoFactor: z.boolean().default(false),
    requireSignature: z.boolean().default(false),
    signatureMeanings: z.array(lineSchema(60)).min(1).max(10).optional(),
    onReject: z.enum(['end', 'previous']).default('end'),
    /** Guests invited to this step see the reviewers' comments in the item's history (off: they see none but their own). */
    showCommentsToGuests: z.boolean().default(false),
    /** Approving needs a comment too (a rejection always needs one). */
    requireReasonOnApprove: z.boolean().default(false),
    /** The step is due this many hours after it opens (reminders at half the time and a day before; overdue after). */
    dueInHours: z.number().int().min(1).max(8760).optional(),
    /** What happens at the due time besides marking the step overdue and emailing the submitter and the workflow's owners. */
    onOverdue: z.enum(['notify', 'escalate', 'reject']).default('notify'),
    /** Reviewers added to the open step when it is overdue (onOverdue "escalate" only, and required there). */
    escalateTo: z.array(reviewerSchema).min(1).max(50).optional(),
  })
  .strict();

export const workflowBodySchema = z
  .object({
    name: lineSchema(200),
    steps: z.array(stepBodySchema).min(1).max(20),
    /** Where a revised item starts again: the first step, or the step it was in (for a rejected item, the step that rejected it). */
    onRevision: onRevisionSchema.default('restart'),
  })
  .strict();
export const workflowCreatedSchema = z.object({ id: z.string(), version: z.number().int() });

/** A reviewer as shown: what it is and a readable label (the user's or group's name). */
export const reviewerViewSchema = z.object({
  kind: z.enum(['user', 'group', 'role', 'guest']),
  id: z.string().optional(),
  role: roleSchema.optional(),
  email: z.string().optional(),
  label: z.string(),
});
export const stepViewSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  reviewers: z.array(reviewerViewSchema),
  threshold: thresholdSchema,
  requireTwoFactor: z.boolean(),
  requireSignature: z.boolean(),
  signatureMeanings: z.array(z.string()),
  onReject: z.enum(['end', 'previous']),
  showCommentsToGuests: z.boolean(),
  requireReasonOnApprove: z.boolean(),
  dueInHours: z.number().int().optional(),
  onOverdue: z.enum(['notify', 'escalate', 'reject']),
  escalateTo: z.array(reviewerViewSchema).optional(),
});
export const workflowViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  steps: z.array(stepViewSchema),
  onRevision: onRevisionSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const workflowListSchema = z.object({
  workflows: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      version: z.number().int(),
      steps: z.number().int(),
      protectedSteps: z.number().int(),
      signatureSteps: z.number().int(),
      updatedAt: z.string(),
    }),
  ),
});
export const workflowQuerySchema = z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() });

// Items ---------------------------------------------------------------------------------------

/** Content is text (`content`) or a file uploaded first (`uploadId` from POST /api/v1/uploads). */
export const itemBodySchema = z
  .object({
    workflowId: workflowIdSchema,
    title: lineSchema(200),
    description: z.string().max(10_000).optional(),
    content: z.string().min(1).max(1_000_000).optional(),
    uploadId: idSchema.optional(),
  })
  .strict();
export const uploadResponseSchema = z.object({ uploadId: z.string(), name: z.string(), size: z.number().int(), sha256: z.string() });
export const uploadQuerySchema = z.object({ name: lineSchema(200).optional() });

export const itemStatusSchema = z.enum(['in_review', 'approved', 'rejected', 'cancelled']);
const badgeSchema = z.enum(['2fa_verified', 'e_signed']);

const personSchema = z.object({ id: z.string().optional(), name: z.string(), email: z.string(), guest: z.boolean().optional() });
export const signatureViewSchema = z.object({
  id: z.string(),
  printedName: z.string(),
  email: z.string(),
  meaning: z.string(),
  signedAt: z.string(),
  contentHash: z.string(),
  decision: z.enum(['approve', 'reject']),
  /** False when the record no longer matches the item's content or was altered (J2). */
  valid: z.boolean(),
  /**
   * Set when the signer's password or second factors were reset in the 24 hours before this
   * signature (derived from the audit trail): when, by which event, and by whom (the user
   * themself, or the admin(s) who revoked or requested and approved). Null otherwise.
   */
  credentialsReset: z
    .object({
      at: z.string(),
      event: z.enum(['password_reset.completed', 'two_factor.revoked', 'two_factor.recovered']),
      by: z.array(z.object({ userId: z.string().nullable(), label: z.string() })),
    })
    .nullable(),
  /** The item revision it was given for; `superseded` once the item has a newer one (it no longer counts, and stays valid for that version). */
  revision: z.number().int().optional(),
  superseded: z.boolean().optional(),
});
export const historyEntrySchema = z.object({
  at: z.string(),
  actor: personSchema.nullable(),
  action: z.enum([
    'submitted',
    'decided',
    'step_approved',
    'step_rejected',
    'returned',
    'approved',
    'rejected',
    'cancelled',
    'invited',
    'revised',
    'overdue',
    'escalated',
  ]),
  step: z.number().int().optional(),
  stepName: z.string().optional(),
  decision: z.enum(['approve', 'reject']).optional(),
  comment: z.string().optional(),
  badges: z.array(badgeSchema),
  method: methodSchema.optional(),
  signature: signatureViewSchema.optional(),
  /** On decisions: false when the entry no longer matches its Ed25519-sealed vote, the seal fails, or its e-signature is missing or not valid. */
  valid: z.boolean().optional(),
  /** The item's revision when it happened (a decision counts only while it is the current one). */
  revision: z.number().int().optional(),
  /** A delegate's decision: the person whose task it decided (the actor is the delegate). */
  onBehalfOf: personSchema.optional(),
});
export const itemContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('file'), name: z.string(), size: z.number().int(), downloadUrl: z.string() }),
]);
const itemVersionSchema = z.object({
  revision: z.number().int(),
  contentHash: z.string(),
  note: z.string().nullable(),
  at: z.string(),
  by: personSchema,
  content: itemContentSchema,
});
/** A new version of an item's content (text or an upload), with a note saying what changed. */
export const revisionBodySchema = z
  .object({
    content: z.string().min(1).max(1_000_000).optional(),
    uploadId: idSchema.optional(),
    note: z.string().max(2000),
  })
  .strict();
export const revisionParamsSchema = z.object({ id: itemIdSchema, revision: z.coerce.number().int().min(1).max(1_000_000) });
/** Cancelling needs a reason (recorded in the history, the audit trail, the evidence and the report). */
export const cancelBodySchema = z.object({ reason: z.string().max(2000).optional() }).strict();
export const itemStepSchema = stepViewSchema.extend({
  status: z.enum(['pending', 'open', 'approved', 'rejected']),
  votes: z.object({ approve: z.number().int(), reject: z.number().int(), reviewers: z.number().int() }).optional(),
  /** On the open step of a step with dueInHours: when it is due, and whether that time has passed. */
  dueAt: z.string().optional(),
  overdue: z.boolean().optional(),
});
/** What the signed-in user may do on the open step (for the decision screen). */
export const myTaskSchema = z.object({
  step: z.number().int(),
  canDecide: z.boolean(),
  reason: z.string().optional(),
  /** With reason second_factor_not_enrolled: whether the user may set up a factor themself (self-service, or added by an admin). */
  canSetUp: z.boolean().optional(),
  requireTwoFactor: z.boolean(),
  requireSignature: z.boolean(),
  signatureMeanings: z.array(z.string()),
  /** Methods accepted for this decision (the user's usable methods ∩ the organisation's stepUpMethods). */
  methods: z.array(methodSchema),
  /** The reader decides as an out-of-office delegate, for this person: send `onBehalfOf: id` with the decision. */
  onBehalfOf: personSchema.optional(),
});
export const itemViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: itemStatusSchema,
  currentStep: z.number().int().nullable(),
  contentHash: z.string(),
  content: itemContentSchema,
  workflow: z.object({ id: z.string(), name: z.string(), version: z.number().int() }),
  submitter: personSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  steps: z.array(itemStepSchema),
  history: z.array(historyEntrySchema),
  myTask: myTaskSchema.optional(),
  canCancel: z.boolean(),
  /** 1 at submission, +1 per revision; every version with its note and content (text inline, a file by its download URL). */
  revision: z.number().int().optional(),
  versions: z.array(itemVersionSchema).optional(),
  /** May the reader upload a new version (the submitter or an admin, on an item in review or rejected)? */
  canRevise: z.boolean().optional(),
});
export const itemCreatedSchema = z.object({ id: z.string(), status: itemStatusSchema, currentStep: z.number().int().nullable(), contentHash: z.string() });
export const itemListQuerySchema = z.object({
  status: itemStatusSchema.optional(),
  mine: z.enum(['submitted']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const itemListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: itemStatusSchema,
      currentStep: z.number().int().nullable(),
      stepName: z.string().nullable(),
      workflowName: z.string(),
      submitter: personSchema,
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
});

// Tasks ---------------------------------------------------------------------------------------

export const taskSchema = z.object({
  itemId: z.string(),
  step: z.number().int(),
  stepName: z.string(),
  title: z.string(),
  workflowName: z.string(),
  submitter: personSchema,
  requireTwoFactor: z.boolean(),
  requireSignature: z.boolean(),
  assignedAt: z.string(),
  /** The task of someone the reader stands in for as their out-of-office delegate. */
  onBehalfOf: personSchema.optional(),
  /** When the step is due (null: no due date) and whether it is overdue; overdue tasks come first. */
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
});
export const taskListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a nextBefore value')
    .optional(),
});
export const taskListSchema = z.object({ tasks: z.array(taskSchema), nextBefore: z.string().optional() });

// Decisions -----------------------------------------------------------------------------------

const decisionSchema = z.enum(['approve', 'reject']);
const commentSchema = z.string().max(4000);
/** The step as its index (`currentStep`) or its name. */
const stepRefSchema = z.union([z.number().int().min(0).max(99), lineSchema(120)]);
/** The password, or for SSO users the token of a fresh re-authentication at the provider (GET /api/v1/auth/sso/reauthenticate). */
const signatureBodySchema = z
  .object({ password: z.string().min(1).max(256).optional(), reauthToken: z.string().min(20).max(100).optional(), meaning: lineSchema(60) })
  .strict();
/** The item revision the decider read: a decision naming an older one is refused (409 item_revised). */
const revisionRefSchema = z.number().int().min(1).max(1_000_000);
export const decisionBodySchema = z
  .object({
    step: stepRefSchema,
    decision: decisionSchema,
    comment: commentSchema.optional(),
    revision: revisionRefSchema.optional(),
    secondFactor: proofSchema.optional(),
    signature: signatureBodySchema.optional(),
    /** A delegate deciding the task of the person they stand in for (their user id). */
    onBehalfOf: userIdSchema.optional(),
  })
  .strict();
export const decisionChallengeBodySchema = z
  .object({
    step: stepRefSchema,
    decision: decisionSchema,
    comment: commentSchema.optional(),
    revision: revisionRefSchema.optional(),
    method: challengeMethodSchema,
    onBehalfOf: userIdSchema.optional(),
  })
  .strict();
const decisionViewSchema = z.object({
  id: z.string(),
  step: z.number().int(),
  decision: decisionSchema,
  comment: z.string().optional(),
  at: z.string(),
  method: methodSchema.optional(),
  signature: signatureViewSchema.optional(),
  onBehalfOf: z.string().optional(),
});
/** A cookie session is rotated after a step-up or a signature; the new token comes back here. */
export const decisionResponseSchema = z.object({
  decision: decisionViewSchema,
  item: itemViewSchema,
  token: z.string().optional(),
  csrfToken: z.string().optional(),
});

// Guests --------------------------------------------------------------------------------------

export const guestTokenParamsSchema = z.object({ token: z.string().min(20).max(100) });
export const guestSessionBodySchema = z.object({ guestSession: z.string().min(20).max(100).optional() }).strict();
export const guestVerifyBodySchema = z.object({ guestSession: z.string().min(20).max(100).optional(), code: z.string().max(64) }).strict();
export const guestDecisionBodySchema = z
  .object({ guestSession: z.string().min(20).max(100).optional(), decision: decisionSchema, comment: commentSchema.optional() })
  .strict();
export const guestItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: itemStatusSchema,
  contentHash: z.string(),
  content: itemContentSchema,
  step: z.object({ index: z.number().int(), name: z.string() }),
  guest: z.object({ email: z.string(), name: z.string() }),
  decided: z.boolean(),
  canDecide: z.boolean(),
  history: z.array(historyEntrySchema),
  /** The conversation as the guest may read it: their own comments, others' only with showCommentsToGuests. */
  comments: z.array(commentViewSchema),
});
export const guestViewSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('code_required'), siteName: z.string() }),
  z.object({ state: z.literal('verified'), item: guestItemSchema }),
]);
export const guestCodeResponseSchema = z.object({ guestSession: z.string() });
/** Confirming renews the guest session token (the cookie is replaced too). */
export const guestVerifiedSchema = z.object({ state: z.literal('verified'), guestSession: z.string() });
export const guestDecisionResponseSchema = z.object({ decision: decisionViewSchema, item: guestItemSchema });
export const inviteStatusSchema = z.enum(['pending', 'verified', 'decided', 'expired', 'revoked', 'closed']);
export const inviteViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  step: z.number().int(),
  status: inviteStatusSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  lastSentAt: z.string(),
});
export const inviteListSchema = z.object({ invites: z.array(inviteViewSchema) });
export const inviteParamsSchema = z.object({ id: itemIdSchema, inviteId: inviteIdSchema });
