// API.md "Administration": the audit trail.
import { z } from 'zod';

export const auditQuerySchema = z.object({
  type: z.string().max(64).regex(/^[a-z_.]+$/).optional(),
  since: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const auditEntrySchema = z.object({
  id: z.string(), seq: z.number().int(), at: z.string(), type: z.string(),
  actor: z.object({ userId: z.string().nullable(), label: z.string().nullable() }),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  data: z.unknown(), ip: z.string().nullable(), requestId: z.string().nullable(), prevHash: z.string(), hash: z.string(),
});
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });
export const auditVerifySchema = z.object({
  ok: z.boolean(), entries: z.number().int(), headHash: z.string(),
  firstBadEntry: z.object({ id: z.string(), seq: z.number().int(), reason: z.string() }).optional(),
});
