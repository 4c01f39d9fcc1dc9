// API.md "Setup and login".
import { z } from 'zod';
import { emailSchema, lineSchema, nameSchema, organizationSchema, passwordSchema, userSchema } from './common.ts';

export const setupStatusSchema = z.object({ setUp: z.boolean() });
export const setupBodySchema = z.object({ organization: lineSchema(100), name: nameSchema, email: emailSchema, password: passwordSchema });
export const setupResponseSchema = z.object({ organization: organizationSchema, user: userSchema, token: z.string(), csrfToken: z.string() });

export const sessionStateSchema = z.enum(['active', 'second_factor_required', 'enrollment_required']);
export const loginBodySchema = z.object({ email: emailSchema, password: passwordSchema, organization: lineSchema(100).optional() });
/** `trustedDeviceDays`: how long "trust this device" lasts here, or null when the organisation turned it off. */
export const loginResponseSchema = z.object({
  token: z.string(),
  csrfToken: z.string(),
  state: sessionStateSchema,
  user: userSchema,
  methods: z.array(z.string()),
  trustedDeviceDays: z.number().int().nullable(),
});

export const sessionResponseSchema = z.object({
  state: sessionStateSchema,
  user: userSchema,
  aal: z.number().int(),
  csrfToken: z.string(),
  methods: z.array(z.string()),
  trustedDeviceDays: z.number().int().nullable(),
  // `canEnroll`: whether the user may set a factor up themself (admin-controlled enrollment: only once added).
  enforcement: z.object({ mode: z.enum(['off', 'soft', 'hard']), required: z.boolean(), enrolled: z.boolean(), canEnroll: z.boolean() }),
});

export const resetRequestBodySchema = z.object({ email: emailSchema, organization: lineSchema(100).optional() });
export const resetConfirmBodySchema = z.object({ token: z.string().min(20).max(100), password: passwordSchema });
