// The audit trail: append-only, hash-chained per organisation. A sink: callers hand it plain data.
import type { Clock } from '../platform/clock.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import { iso } from '../platform/clock.ts';
import { appendAudit } from './append.ts';
import { listEntries, listOrgIdsWithAudit, type AuditRow } from './audit.store.ts';
import type { AuditEvent } from './events.ts';
import { verifyChain } from './verify.ts';

export { AUDIT_EVENTS, type AuditEvent, type AuditEventType } from './events.ts';
export { canonicalJson } from './canonical.ts';
export type { VerifyResult } from './verify.ts';

export type AuditEntryView = {
  id: string; seq: number; at: string; type: string;
  actor: { userId: string | null; label: string | null };
  target: { type: string; id: string } | null;
  data: unknown; ip: string | null; requestId: string | null; prevHash: string; hash: string;
};

export const toEntryView = (r: AuditRow): AuditEntryView => ({
  id: r.id, seq: Number(r.seq), at: iso(Number(r.at)), type: r.type,
  actor: { userId: r.actor_user_id, label: r.actor_label },
  target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
  data: JSON.parse(r.data), ip: r.ip, requestId: r.request_id, prevHash: r.prev_hash, hash: r.hash,
});

export type Audit = ReturnType<typeof createAudit>;

export function createAudit(deps: { clock: Clock }) {
  return {
    append: (tx: Tx, event: AuditEvent) => appendAudit(tx, deps.clock, event),
    verify: (db: Executor, orgId: string) => verifyChain(db, orgId),
    async list(db: Executor, orgId: string, q: { type?: string | undefined; since?: number | undefined; limit: number }) {
      return (await listEntries(db, orgId, { ...q, order: 'desc' })).map(toEntryView);
    },
    listOrgIds: (db: Executor) => listOrgIdsWithAudit(db),
  };
}
