// API.md "Administration": the audit trail.
import { z } from 'zod';
import { idSchema, organizationSchema } from './common.ts';

/** The event families of src/audit/families.ts (test/contract/audit-families.test.ts keeps them equal). */
export const AUDIT_FAMILY_KEYS = ['sign_in', 'two_factor', 'password', 'approval', 'signature', 'people', 'settings', 'guest', 'audit'] as const;
export const auditFamilySchema = z.enum(AUDIT_FAMILY_KEYS);
/** A `seq` cursor: a positive safe integer, so no out-of-range number reaches the database. */
const seqCursor = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const searchText = (max: number) => z.string().trim().min(1).max(max);

// API.md's `type`, `since` and `limit`, plus the audit page's filters and keyset paging (issue 12 item 9).
export const auditQuerySchema = z
  .object({
    type: z
      .string()
      .max(64)
      .regex(/^[a-z_.]+$/)
      .optional(),
    since: z.string().datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    actor: searchText(200)
      .optional()
      .describe('Who acted: a user id, or part of a name or email (also matches the recorded label of guests and refused sign-ins)'),
    item: searchText(200).optional().describe('An item id, or part of an item title: entries about those items'),
    from: z.string().datetime({ offset: true }).optional().describe('Entries at or after this time (ISO 8601 with its offset)'),
    to: z.string().datetime({ offset: true }).optional().describe('Entries before this time (exclusive)'),
    family: auditFamilySchema.optional().describe('One event family'),
    q: searchText(100)
      .optional()
      .describe('Words people use ("login", "2fa, passkey", "approval"), comma-separated, or an event type or type prefix: resolved to event families'),
    before: seqCursor.optional().describe('Entries with a lower seq: the `nextBefore` of the previous page'),
    after: seqCursor.optional().describe('Entries with a higher seq, the nearest first: the `newerAfter` of a page'),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'must be later than from' })
  .refine((q) => q.before === undefined || q.after === undefined, { path: ['after'], message: 'give before or after, not both' });
export const auditEntrySchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.string(),
  type: z.string(),
  actor: z.object({ userId: z.string().nullable(), label: z.string().nullable() }),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  data: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export const auditListSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextBefore: z.number().int().optional().describe('More entries are older: pass as `before` for the next page'),
  newerAfter: z.number().int().optional().describe('More entries are newer: pass as `after` for the page above'),
  families: z.array(auditFamilySchema).optional().describe('The families that `q` and `family` searched'),
});
export const auditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  headHash: z.string(),
  firstBadEntry: z.object({ id: z.string(), seq: z.number().int(), reason: z.string() }).optional(),
});

// GET /api/v1/admin/audit/export: the whole trail, oldest first, as JSON or CSV.
// `since` is inclusive and `until` exclusive; `itemId` keeps the entries about one item.
const isoTime = z.string().datetime({ offset: true });
// Besides those, the audit page's filters (as GET /admin/audit takes them), so an export holds
// exactly the entries the page shows: `q`, `family`, `actor`, `item`, `from`, `to`. All hold together.
const searchShape = auditQuerySchema.shape;
export const auditExportQuerySchema = z
  .object({
    format: z.enum(['json', 'csv']).default('json'),
    type: auditQuerySchema.shape.type,
    since: isoTime.optional(),
    until: isoTime.optional(),
    itemId: idSchema.optional(),
    q: searchShape.q,
    family: searchShape.family,
    actor: searchShape.actor,
    item: searchShape.item,
    from: searchShape.from,
    to: searchShape.to,
  })
  .refine((q) => !q.since || !q.until || Date.parse(q.since) < Date.parse(q.until), { path: ['until'], message: 'must be later than since' })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'must be later than from' });

export const auditExportSchema = z
  .object({
    organization: organizationSchema,
    exportedAt: z.string(),
    filter: z.object({
      type: z.string().optional(),
      since: z.string().optional(),
      until: z.string().optional(),
      itemId: z.string().optional(),
      q: z.string().optional(),
      family: z.string().optional(),
      actor: z.string().optional(),
      item: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
    }),
    headHash: z.string().describe('The chain head when the export began; an unfiltered export ends at it'),
    entries: z.array(auditEntrySchema),
  })
  .describe(
    'With format=csv: text/csv, one row per entry with the columns seq, at, type, actor_user_id, actor_label, target_type, target_id, data (canonical JSON), ip, request_id, prev_hash, hash',
  );
