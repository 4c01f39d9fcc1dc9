// API.md "Administration": users and groups.
import { z } from 'zod';
import { emailSchema, groupIdSchema, lineSchema, nameSchema, passwordSchema, roleSchema, userIdSchema, userSchema, userTypeSchema } from './common.ts';

export const createUserBodySchema = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema.optional(),
  userType: userTypeSchema.default('staff'),
  roles: z.array(roleSchema).max(3).default(['reviewer']),
  groups: z.array(groupIdSchema).max(100).default([]),
});
export const updateUserBodySchema = z.object({
  name: nameSchema.optional(),
  userType: userTypeSchema.optional(),
  roles: z.array(roleSchema).max(3).optional(),
  groups: z.array(groupIdSchema).max(100).optional(),
  active: z.boolean().optional(),
});
/**
 * The admin list: each user with `invited` (never set a password nor signed in through SSO: the
 * invitation is pending) and `twoFactor` (active: has a factor; pending: added, not set up; none).
 */
const adminUserSchema = userSchema.extend({ invited: z.boolean(), twoFactor: z.enum(['active', 'pending', 'none']) });
export const usersResponseSchema = z.object({ users: z.array(adminUserSchema) });

const memberSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export const groupSchema = z.object({ id: z.string(), name: z.string(), members: z.array(memberSchema) });
export const createGroupBodySchema = z.object({ name: lineSchema(100), members: z.array(userIdSchema).max(10_000).optional() });
export const updateGroupBodySchema = z.object({ name: lineSchema(100).optional(), members: z.array(userIdSchema).max(10_000).optional() });
export const groupsResponseSchema = z.object({ groups: z.array(groupSchema) });
