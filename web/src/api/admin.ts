import { api } from './client.ts';
import type { Group, Role, User, UserType } from './types.ts';

export type NewUser = { email: string; name: string; password?: string; userType: UserType; roles: Role[]; groups: string[] };
export type UserChanges = { name?: string; userType?: UserType; roles?: Role[]; groups?: string[]; active?: boolean };

const id = encodeURIComponent;

export const listUsers = () => api.get<{ users: User[] }>('/admin/users').then((r) => r.users);
export const createUser = (body: NewUser) => api.post<User>('/admin/users', body);
export const updateUser = (userId: string, body: UserChanges) => api.patch<User>(`/admin/users/${id(userId)}`, body);

export const listGroups = () => api.get<{ groups: Group[] }>('/admin/groups').then((r) => r.groups);
export const createGroup = (body: { name: string; members?: string[] }) => api.post<Group>('/admin/groups', body);
export const updateGroup = (groupId: string, body: { name?: string; members?: string[] }) =>
  api.patch<Group>(`/admin/groups/${id(groupId)}`, body);
export const deleteGroup = (groupId: string) => api.delete(`/admin/groups/${id(groupId)}`);
