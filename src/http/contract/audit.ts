// API.md "Administration": the audit trail.
import { z } from 'zod';
import { idSchema, organizationSchema } from './common.ts';

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

// GET /api/v1/admin/audit/export: the whole trail, oldest first, as JSON or CSV.
// `since` is inclusive and `until` exclusive; `itemId` keeps the entries about one item.
const isoTime = z.string().datetime({ offset: true });
export const auditExportQuerySchema = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  type: auditQuerySchema.shape.type,
  since: isoTime.optional(),
  until: isoTime.optional(),
  itemId: idSchema.optional(),
}).refine((q) => !q.since || !q.until || Date.parse(q.since) < Date.parse(q.until), { path: ['until'], message: 'must be later than since' });
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;

export const auditExportSchema = z.object({
  organization: organizationSchema,
  exportedAt: z.string(),
  filter: z.object({ type: z.string().optional(), since: z.string().optional(), until: z.string().optional(), itemId: z.string().optional() }),
  headHash: z.string().describe('The chain head when the export began; an unfiltered export ends at it'),
  entries: z.array(auditEntrySchema),
}).describe('With format=csv: text/csv, one row per entry with the columns seq, at, type, actor_user_id, actor_label, target_type, target_id, data (canonical JSON), ip, request_id, prev_hash, hash');
