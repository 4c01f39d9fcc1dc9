import { api } from './client.ts';
import type { LoginResult, Session, SetupResult } from './types.ts';

export const getSetupStatus = () => api.get<{ setUp: boolean }>('/setup/status');

export const setUp = (body: { organization: string; name: string; email: string; password: string }) => api.post<SetupResult>('/setup', body);

export const logIn = (body: { email: string; password: string; organization?: string }) => api.post<LoginResult>('/auth/login', body);

export const getSession = () => api.get<Session>('/auth/session');

export const logOut = () => api.post<void>('/auth/logout');

export const requestPasswordReset = (body: { email: string; organization?: string }) => api.post<void>('/auth/password-reset', body);

export const confirmPasswordReset = (body: { token: string; password: string }) => api.post<void>('/auth/password-reset/confirm', body);
