// Response shapes, inferred from the server's zod contract (STYLE.md: web/ imports
// src/http/contract only). `import type` keeps zod and the schemas out of the bundle.
import type { z } from 'zod';
import type { groupSchema } from '../../../src/http/contract/admin.ts';
import type { auditEntrySchema, auditVerifySchema } from '../../../src/http/contract/audit.ts';
import type { loginResponseSchema, sessionResponseSchema, sessionStateSchema, setupResponseSchema } from '../../../src/http/contract/auth.ts';
import type { organizationSchema, roleSchema, userSchema, userTypeSchema } from '../../../src/http/contract/common.ts';
import type { mailboxSchema } from '../../../src/http/contract/mailbox.ts';

export type UserType = z.infer<typeof userTypeSchema>;
export type Role = z.infer<typeof roleSchema>;
export const USER_TYPES: readonly UserType[] = ['staff', 'client', 'contractor'];
export const ROLES: readonly Role[] = ['admin', 'owner', 'reviewer'];

export type Organization = z.infer<typeof organizationSchema>;
export type User = z.infer<typeof userSchema>;
export type SessionState = z.infer<typeof sessionStateSchema>;
export type Session = z.infer<typeof sessionResponseSchema>;
export type LoginResult = z.infer<typeof loginResponseSchema>;
export type SetupResult = z.infer<typeof setupResponseSchema>;

export type Group = z.infer<typeof groupSchema>;
export type GroupMember = Group['members'][number];

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;

export type MailMessage = z.infer<typeof mailboxSchema>['messages'][number];
