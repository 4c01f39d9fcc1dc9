// Items, tasks, decisions and the owner's guest invites (API.md "Workflows and decisions").
import { api, uploadFile } from './client.ts';
import type { Challenge, ChallengeMethod } from './types.ts';
import type {
  Decision,
  DecisionBody,
  DecisionResult,
  Invite,
  ItemBody,
  ItemCreated,
  ItemStatus,
  ItemSummary,
  ItemView,
  TaskList,
  Upload,
} from './workflow-types.ts';

const id = encodeURIComponent;

/** Sends a file's bytes first; the item then names it by `uploadId`. */
export const uploadContent = (file: File, onProgress: (fraction: number) => void) => uploadFile<Upload>(`/uploads?name=${id(file.name)}`, file, onProgress);
export const createItem = (body: ItemBody) => api.post<ItemCreated>('/items', body);

export function listItems(filter: { status?: ItemStatus | undefined; mine?: boolean } = {}) {
  const q = new URLSearchParams();
  if (filter.status) q.set('status', filter.status);
  if (filter.mine) q.set('mine', 'submitted');
  const qs = q.toString();
  return api.get<{ items: ItemSummary[] }>(`/items${qs ? `?${qs}` : ''}`).then((r) => r.items);
}
export const getItem = (itemId: string) => api.get<ItemView>(`/items/${id(itemId)}`);
export const cancelItem = (itemId: string, reason: string) => api.post<ItemView>(`/items/${id(itemId)}/cancel`, { reason });
/** A new version of the item (text or an uploaded file) with a note saying what changed. */
export const reviseItem = (itemId: string, body: { content?: string; uploadId?: string; note: string }) =>
  api.post<ItemView>(`/items/${id(itemId)}/revisions`, body);

export const listTasks = () => api.get<TaskList>('/tasks');

export const decide = (itemId: string, body: DecisionBody) => api.post<DecisionResult>(`/items/${id(itemId)}/decisions`, body);
/** Email code: the code is sent now. Passkey: `webauthnOptions` go to the browser's prompt. */
export const openDecisionChallenge = (
  itemId: string,
  body: { step: number; decision: Decision; comment?: string; revision?: number; method: ChallengeMethod; onBehalfOf?: string },
) => api.post<Challenge>(`/items/${id(itemId)}/decisions/challenge`, body);

export const listInvites = (itemId: string) => api.get<{ invites: Invite[] }>(`/items/${id(itemId)}/invites`).then((r) => r.invites);
export const resendInvite = (itemId: string, inviteId: string) => api.post<Invite>(`/items/${id(itemId)}/invites/${id(inviteId)}/resend`);
export const revokeInvite = (itemId: string, inviteId: string) => api.post<Invite>(`/items/${id(itemId)}/invites/${id(inviteId)}/revoke`);

export const signatureReportUrl = (itemId: string) => `/api/v1/items/${id(itemId)}/signature-report`;
export const evidenceUrl = (itemId: string) => `/api/v1/items/${id(itemId)}/evidence`;
