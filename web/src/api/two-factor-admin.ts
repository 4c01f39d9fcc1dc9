// Administration of 2FA (API.md "Administration"): enrollments and organisation settings.
import { api } from './client.ts';
import type { Coverage, Enrollments, OrgSettings, Proof, ResetRequest, TwoFactorExplanation } from './types.ts';

export const listEnrollments = () => api.get<Enrollments>('/admin/two-factor/enrollments');
export const addEnrollments = (userIds: string[]) => api.post<void>('/admin/two-factor/enrollments', { userIds });
/** Undefined when the reset happened (204); the pending request where a second admin must approve it (202). */
export const revokeEnrollment = (userId: string) =>
  api.delete<{ status: 'pending'; request: ResetRequest } | undefined>(`/admin/two-factor/enrollments/${encodeURIComponent(userId)}`);
export const listResetRequests = () => api.get<{ requests: ResetRequest[] }>('/admin/two-factor/reset-requests').then((r) => r.requests);
export const approveResetRequest = (id: string) => api.post<ResetRequest>(`/admin/two-factor/reset-requests/${encodeURIComponent(id)}/approve`);
export const rejectResetRequest = (id: string) => api.post<ResetRequest>(`/admin/two-factor/reset-requests/${encodeURIComponent(id)}/reject`);

export const getCoverage = () => api.get<Coverage>('/admin/two-factor/coverage');
export const explainUserTwoFactor = (userId: string) => api.get<TwoFactorExplanation>(`/admin/users/${encodeURIComponent(userId)}/two-factor`);

export const getSettings = () => api.get<OrgSettings>('/admin/settings');
/** Each top-level part sent replaces the stored one whole; an admin with a factor adds a fresh proof. */
export const updateSettings = (patch: Partial<OrgSettings>, secondFactor?: Proof) =>
  api.patch<OrgSettings>('/admin/settings', secondFactor ? { ...patch, secondFactor } : patch);
