import { api } from './client.ts';
import type { Group, Role, User, UserType } from './types.ts';

export type NewUser = { email: string; name: string; password?: string; userType: UserType; roles: Role[]; groups: string[] };
export type UserChanges = { name?: string; userType?: UserType; roles?: Role[]; groups?: string[]; active?: boolean };

const id = encodeURIComponent;

/** A user as the admin list shows them: `invited` (never accepted the invitation) and their 2FA state. */
export type AdminUser = User & { invited?: boolean; twoFactor?: 'active' | 'pending' | 'none' };
export const listUsers = () => api.get<{ users: AdminUser[] }>('/admin/users').then((r) => r.users);
/** A new invitation link by email; earlier links stop working (3 an hour per user). */
export const resendInvitation = (userId: string) => api.post<Record<string, never>>(`/admin/users/${id(userId)}/invitation`, {});
export const createUser = (body: NewUser) => api.post<User>('/admin/users', body);
export const updateUser = (userId: string, body: UserChanges) => api.patch<User>(`/admin/users/${id(userId)}`, body);

export const listGroups = () => api.get<{ groups: Group[] }>('/admin/groups').then((r) => r.groups);
export const createGroup = (body: { name: string; members?: string[] }) => api.post<Group>('/admin/groups', body);
export const updateGroup = (groupId: string, body: { name?: string; members?: string[] }) => api.patch<Group>(`/admin/groups/${id(groupId)}`, body);
export const deleteGroup = (groupId: string) => api.delete(`/admin/groups/${id(groupId)}`);
