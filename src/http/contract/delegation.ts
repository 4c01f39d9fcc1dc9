// Out-of-office delegation (API.md "Workflow revisions, reasons, due dates, delegation"):
// `PUT /api/v1/me/delegation` and its GET/DELETE, and the admin routes for another user.
import { z } from 'zod';
import { userIdSchema } from './common.ts';

/** An RFC 3339 time with its offset (the browser sends the time zone the user chose). */
const instantSchema = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/, 'must be an RFC 3339 time with a time zone')
  .refine((s) => Number.isFinite(Date.parse(s)), 'must be a real time');

export const delegationBodySchema = z
  .object({
    delegateUserId: userIdSchema,
    from: instantSchema,
    until: instantSchema,
    /** Line breaks and tabs allowed; other control characters are not. */
    note: z
      .string()
      .trim()
      .max(500)
      .regex(/^[^\u0000-\u0008\u000b-\u001f\u007f]*$/, 'must not contain control characters')
      .optional(),
  })
  .strict();

const personRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export const delegationViewSchema = z.object({
  user: personRefSchema,
  delegate: personRefSchema,
  from: z.string(),
  until: z.string(),
  note: z.string().optional(),
  /** Whether it runs now (false before `from`). */
  active: z.boolean(),
  setBy: personRefSchema,
  setAt: z.string(),
});
export const delegateSearchQuerySchema = z.object({ q: z.string().trim().min(2).max(100) });
export const delegateSearchSchema = z.object({ users: z.array(personRefSchema) });
export const delegationStateSchema = z.object({
  /** The delegation still running or still to come; null when none. */
  delegation: delegationViewSchema.nullable(),
  /** The people this user stands in for now. */
  standingInFor: z.array(personRefSchema),
});
