// Response shapes, inferred from the server's zod contract (docs/architecture.md: web/ imports
// src/http/contract only). `import type` keeps zod and the schemas out of the bundle.
import type { z } from 'zod';
import type { groupSchema } from '../../../src/http/contract/admin.ts';
import type { auditEntrySchema, auditFamilySchema, auditListSchema, auditVerifySchema } from '../../../src/http/contract/audit.ts';
import type { loginResponseSchema, sessionResponseSchema, sessionStateSchema, setupResponseSchema } from '../../../src/http/contract/auth.ts';
import type { roleSchema, userSchema, userTypeSchema } from '../../../src/http/contract/common.ts';
import type { mailboxSchema } from '../../../src/http/contract/mailbox.ts';
import type {
  activatedResponseSchema,
  challengeResponseSchema,
  myFactorsSchema,
  passkeyOptionsResponseSchema,
  pendingResponseSchema,
  proofSchema,
  secondFactorResponseSchema,
  totpStartResponseSchema,
} from '../../../src/http/contract/factors.ts';
import type { enrollmentsSchema, twoFactorCoverageSchema, twoFactorExplanationSchema } from '../../../src/http/contract/two-factor-admin.ts';

export type UserType = z.infer<typeof userTypeSchema>;
export type Role = z.infer<typeof roleSchema>;
export const USER_TYPES: readonly UserType[] = ['staff', 'client', 'contractor'];
export const ROLES: readonly Role[] = ['admin', 'owner', 'reviewer'];

export type User = z.infer<typeof userSchema>;
export type SessionState = z.infer<typeof sessionStateSchema>;
export type Session = z.infer<typeof sessionResponseSchema>;
export type LoginResult = z.infer<typeof loginResponseSchema>;
export type SetupResult = z.infer<typeof setupResponseSchema>;

export type Group = z.infer<typeof groupSchema>;

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditPage = z.infer<typeof auditListSchema>;
export type AuditFamily = z.infer<typeof auditFamilySchema>;
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;

export type MailMessage = z.infer<typeof mailboxSchema>['messages'][number];

// Second factors (API.md "Setup and login", "Own factors", Administration 2FA).
// The method names are the contract's own constants (a module without imports, so no zod in the bundle).
import type { Method } from '../../../src/http/contract/methods.ts';
export { METHODS, type ChallengeMethod, type Method } from '../../../src/http/contract/methods.ts';
/** As sent (`z.input`): the server brands the challenge id it reads. */
export type Proof = z.input<typeof proofSchema>;
export type SecondFactorResult = z.infer<typeof secondFactorResponseSchema>;
export type Challenge = z.infer<typeof challengeResponseSchema>;
export type MyFactors = z.infer<typeof myFactorsSchema>;
export type Factor = MyFactors['factors'][number];
export type TotpStart = z.infer<typeof totpStartResponseSchema>;
export type Activated = z.infer<typeof activatedResponseSchema>;
export type PendingFactor = z.infer<typeof pendingResponseSchema>;
export type PasskeyOptions = z.infer<typeof passkeyOptionsResponseSchema>;
export type Enrollments = z.infer<typeof enrollmentsSchema>;
export type EnrollmentEntry = Enrollments['pending'][number];
export type { ResetRequest } from '../../../src/http/contract/two-factor-admin.ts';
/** GET /admin/users/{id}/two-factor: which policies require 2FA of one user, and why. */
export type TwoFactorExplanation = z.infer<typeof twoFactorExplanationSchema>;
export type EnforcementMode = 'off' | 'soft' | 'hard';

/**
 * GET /admin/two-factor/coverage: of the users a policy covers, how many are enrolled, pending
 * (added by an admin, setup not finished) or not enrolled; per user type; reminders sent.
 */
export type Coverage = z.infer<typeof twoFactorCoverageSchema>;

/**
 * Organisation settings (API.md "Administration"). Written out here because the server keeps
 * their zod schema in src/policies/, which the web UI may not import (boundaries test).
 */
export type Scope = { everyone?: boolean; userTypes?: UserType[]; roles?: Role[]; groups?: string[]; users?: string[] };
export type OrgSettings = {
  enrollmentMode: 'self_service' | 'admin_controlled';
  loginTwoFactor: { scope: Scope };
  enforcement: { mode: EnforcementMode; scope: Scope };
  trustedDevices: { enabled: boolean; days: number };
  recovery: 'email' | 'admin';
  stepUpMethods: Method[];
  sso: Record<string, unknown>;
  financialIntegration: { connected: boolean };
  /** Who receives every signed audit checkpoint by email (up to 10 addresses). */
  audit: { witnesses: string[] };
};
