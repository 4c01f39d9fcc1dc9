// API.md "Setup and login" (second factor) and "Own factors".
import { z } from 'zod';
import { challengeIdSchema, emailSchema } from './common.ts';
import { CHALLENGE_METHODS, METHODS } from './methods.ts';

export const methodSchema = z.enum(METHODS);
export const challengeMethodSchema = z.enum(CHALLENGE_METHODS);

/** A second-factor proof. `code` is a string of digits; its exact format is the method's to judge. */
export const proofSchema = z.object({
  method: methodSchema,
  code: z.string().max(64).optional(),
  challengeId: challengeIdSchema.optional(),
  credential: z.record(z.string(), z.unknown()).optional(),
});
export type ProofBody = z.infer<typeof proofSchema>;

export const secondFactorBodySchema = proofSchema.extend({ trustDevice: z.boolean().optional() });
export const secondFactorResponseSchema = z.object({
  state: z.literal('active'),
  token: z.string(),
  csrfToken: z.string(),
  deviceToken: z.string().optional(),
  method: methodSchema,
});
/** `sentTo`: for an emailed code, the masked address it went to ("r•••@acme.test"). */
export const challengeResponseSchema = z.object({ challengeId: z.string(), webauthnOptions: z.unknown().optional(), sentTo: z.string().optional() });
export const openChallengeBodySchema = z.object({ method: challengeMethodSchema });

/** Changing factors proves an existing one (H1): optional only for a user with none yet. */
export const withProofSchema = z.object({ secondFactor: proofSchema.optional() });

const factorSchema = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
const deviceSchema = z.object({ id: z.string(), label: z.string(), createdAt: z.string(), expiresAt: z.string(), lastUsedAt: z.string().nullable() });
export const myFactorsSchema = z.object({ factors: z.array(factorSchema), backupCodesRemaining: z.number().int(), trustedDevices: z.array(deviceSchema) });

export const totpStartResponseSchema = z.object({
  id: z.string(),
  status: z.literal('pending'),
  secret: z.string(),
  otpauthUri: z.string(),
  qrCodeSvg: z.string(),
});
export const confirmBodySchema = z.object({ code: z.string().max(64) });
/** Activation rotates the session: the new token replaces the old one (cookie clients get a new cookie). */
export const activatedResponseSchema = z.object({
  id: z.string(),
  status: z.literal('active'),
  backupCodes: z.array(z.string()).optional(),
  token: z.string(),
  csrfToken: z.string(),
});
export const emailFactorBodySchema = withProofSchema.extend({ email: emailSchema });
export const pendingResponseSchema = z.object({ id: z.string(), status: z.literal('pending') });
export const passkeyOptionsResponseSchema = z.object({ challengeId: z.string(), options: z.unknown() });
export const passkeyFinishBodySchema = z.object({
  challengeId: challengeIdSchema,
  credential: z.record(z.string(), z.unknown()),
  label: z.string().trim().min(1).max(60).default('Passkey'),
});
export const backupCodesResponseSchema = z.object({ codes: z.array(z.string()) });
export const recoveryConfirmBodySchema = z.object({ token: z.string().min(20).max(100) });

/** POST /me/two-factor/notify-admins: how many administrators were emailed. */
export const notifyAdminsResponseSchema = z.object({ notified: z.number().int() });
