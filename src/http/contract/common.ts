// Shared request/response shapes (API.md "Conventions"). Imports only zod and the dependency-free
// email rule: the web UI reuses them.
import { z } from 'zod';
import { EMAIL_MAX_LENGTH, EMAIL_MIN_LENGTH, EMAIL_PATTERN } from '../../platform/email-address.ts';

// Control characters are refused in every stored line of text: PostgreSQL cannot store NUL
// (the driver error would be a 500), and CR/LF have no place in names, emails or mail headers.
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
/** One trimmed, non-empty line of text of at most `max` characters. */
export const lineSchema = (max: number) => z.string().trim().min(1).max(max).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');
/** Every email field of the API: the same rule the mail layer checks before it stores a recipient. */
export const emailSchema = z.string().trim().min(EMAIL_MIN_LENGTH).max(EMAIL_MAX_LENGTH).regex(EMAIL_PATTERN, 'must be an email address');
export const nameSchema = lineSchema(200);
export const passwordSchema = z.string().min(1).max(256);
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z]{3}_[a-z2-7]{26}$/, 'must be an id');
// The id a request names, branded with what it claims to be (src/platform/ids.ts uses zod's brand):
// the one place a text from outside becomes a UserId, an ItemId… Types only: `.brand()` returns the
// same schema, so the check, the OpenAPI document and the web app's inputs (z.input) are unchanged.
export const userIdSchema = idSchema.brand<'UserId'>();
export const groupIdSchema = idSchema.brand<'GroupId'>();
const factorIdSchema = idSchema.brand<'FactorId'>();
export const challengeIdSchema = idSchema.brand<'ChallengeId'>();
export const workflowIdSchema = idSchema.brand<'WorkflowId'>();
export const itemIdSchema = idSchema.brand<'ItemId'>();
export const inviteIdSchema = idSchema.brand<'InviteId'>();
export const userTypeSchema = z.enum(['staff', 'client', 'contractor']);
export const roleSchema = z.enum(['admin', 'owner', 'reviewer']);

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details; `code` is stable');

export const organizationSchema = z.object({ id: z.string(), name: z.string(), slug: z.string() });

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  userType: userTypeSchema,
  roles: z.array(roleSchema),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  active: z.boolean(),
  createdAt: z.string(),
  organization: organizationSchema.optional(),
});

export const idParamsSchema = z.object({ id: idSchema });
export const userParamsSchema = z.object({ id: userIdSchema });
export const groupParamsSchema = z.object({ id: groupIdSchema });
export const factorParamsSchema = z.object({ id: factorIdSchema });
export const workflowParamsSchema = z.object({ id: workflowIdSchema });
export const itemParamsSchema = z.object({ id: itemIdSchema });
