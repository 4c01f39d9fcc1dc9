// One audit entry as the API, the exports and the evidence bundle show it.
import { iso } from '../platform/clock.ts';
import type { AuditRow } from './audit.store.ts';

export type AuditEntryView = {
  id: string;
  seq: number;
  at: string;
  type: string;
  actor: { userId: string | null; label: string | null };
  target: { type: string; id: string } | null;
  data: unknown;
  ip: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
};

export const toEntryView = (r: AuditRow): AuditEntryView => ({
  id: r.id,
  seq: Number(r.seq),
  at: iso(Number(r.at)),
  type: r.type,
  actor: { userId: r.actor_user_id, label: r.actor_label },
  target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
  data: JSON.parse(r.data),
  ip: r.ip,
  requestId: r.request_id,
  prevHash: r.prev_hash,
  hash: r.hash,
});
