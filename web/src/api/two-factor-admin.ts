// Administration of 2FA (API.md "Administration"): enrollments and organisation settings.
import { api } from './client.ts';
import type { Enrollments, OrgSettings } from './types.ts';

export const listEnrollments = () => api.get<Enrollments>('/admin/two-factor/enrollments');
export const addEnrollments = (userIds: string[]) => api.post<void>('/admin/two-factor/enrollments', { userIds });
export const revokeEnrollment = (userId: string) => api.delete(`/admin/two-factor/enrollments/${encodeURIComponent(userId)}`);

export const getSettings = () => api.get<OrgSettings>('/admin/settings');
export const updateSettings = (patch: Partial<OrgSettings>) => api.patch<OrgSettings>('/admin/settings', patch);
