import { api } from './client.ts';
import type { AuditEntry, AuditVerifyResult } from './types.ts';

export function listAuditEntries(filter: { type?: string; since?: string; limit?: number } = {}) {
  const q = new URLSearchParams();
  if (filter.type) q.set('type', filter.type);
  if (filter.since) q.set('since', filter.since);
  if (filter.limit) q.set('limit', String(filter.limit));
  const qs = q.toString();
  return api.get<{ entries: AuditEntry[] }>(`/admin/audit${qs ? `?${qs}` : ''}`).then((r) => r.entries);
}

export const verifyAuditChain = () => api.get<AuditVerifyResult>('/admin/audit/verify');
