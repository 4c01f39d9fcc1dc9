import { api } from './client.ts';
import type { AuditPage, AuditVerifyResult } from './types.ts';

/** The audit page's search: filters and a `before`/`after` cursor, as GET /admin/audit takes them. */
export type AuditSearchParams = {
  q?: string | undefined;
  actor?: string | undefined;
  item?: string | undefined;
  type?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: string | undefined;
  after?: string | undefined;
  limit?: number;
};

export function searchAudit(params: AuditSearchParams) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return api.get<AuditPage>(`/admin/audit?${q.toString()}`);
}

export const verifyAuditChain = () => api.get<AuditVerifyResult>('/admin/audit/verify');

/**
 * The export download address (GET /admin/audit/export). Used as a link's href, not fetched:
 * the browser sends the session cookie with it, and a GET needs no CSRF token.
 */
export type AuditExportFilter = {
  type?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  itemId?: string | undefined;
  /** The audit page's filters, as GET /admin/audit takes them: the export holds what the page shows. */
  q?: string | undefined;
  actor?: string | undefined;
  item?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export function auditExportUrl(format: 'json' | 'csv', filter: AuditExportFilter = {}) {
  const q = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
  return `/api/v1/admin/audit/export?${q.toString()}`;
}
