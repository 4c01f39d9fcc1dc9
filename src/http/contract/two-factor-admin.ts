// API.md "Administration": 2FA enrollments and settings.
import { z } from 'zod';
import { userIdSchema } from './common.ts';

const entrySchema = z.object({ userId: z.string(), email: z.string(), name: z.string(), addedAt: z.string().nullable(), methods: z.array(z.string()) });
export const enrollmentsSchema = z.object({ pending: z.array(entrySchema), active: z.array(entrySchema), notEnrolledInScope: z.array(entrySchema) });
export const addEnrollmentsBodySchema = z.object({ userIds: z.array(userIdSchema).min(1).max(1000) });
export const userIdParamsSchema = z.object({ userId: userIdSchema });

/** GET /admin/users/{id}/two-factor: the user's effective requirement, with reasons. */
export const twoFactorExplanationSchema = z.object({
  userId: z.string(),
  enrolled: z.boolean(),
  methods: z.array(z.string()),
  login: z.object({ required: z.boolean(), inScope: z.boolean(), reasons: z.array(z.string()) }),
  enforcement: z.object({ mode: z.enum(['off', 'soft', 'hard']), required: z.boolean(), reasons: z.array(z.string()), locked: z.boolean() }),
  stepUpMethods: z.array(z.string()),
});

/**
 * GET /admin/two-factor/coverage: numbers for the coverage chart. `inScope` counts active users
 * in the login 2FA scope or the enforcement scope (while soft or hard; everyone while locked),
 * each once; it splits into `enrolled + pending + notEnrolled`, where `pending` means added by
 * an admin and not set up yet. `byUserType` lists every user type, zeros included.
 */
export const twoFactorCoverageSchema = z.object({
  inScope: z.number().int(),
  enrolled: z.number().int(),
  pending: z.number().int(),
  notEnrolled: z.number().int(),
  remindersSent: z.object({ last7Days: z.number().int(), total: z.number().int() }),
  outsideScope: z
    .object({ enrolled: z.number().int(), pending: z.number().int() })
    .describe('Active members no policy covers: enrolled anyway, or added by an admin and not set up yet (the admin lists show everyone)'),
  byUserType: z.array(z.object({ userType: z.string(), inScope: z.number().int(), enrolled: z.number().int() })),
  mode: z.enum(['off', 'soft', 'hard']),
  locked: z.boolean(),
});

/** Two-person resets (21 CFR 11.200(a)(3)): an admin's request that a second admin approves or rejects. */
const personSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export const resetRequestSchema = z.object({
  id: z.string(),
  user: personSchema,
  requestedBy: personSchema,
  requestedAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
  decidedBy: personSchema.nullable(),
  decidedAt: z.string().nullable(),
});
export type ResetRequest = z.infer<typeof resetRequestSchema>;
export const resetRequestsSchema = z.object({ requests: z.array(resetRequestSchema) });
/** DELETE …/enrollments/{userId} in an organisation with e-signature steps: 202, waiting for a second admin. */
export const resetPendingSchema = z.object({ status: z.literal('pending'), request: resetRequestSchema });
