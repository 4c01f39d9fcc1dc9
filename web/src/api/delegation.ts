// Out-of-office delegation (API.md "Workflow revisions, reasons, due dates, delegation").
// `import type` keeps zod and the schemas out of the bundle.
import type { z } from 'zod';
import type { delegateSearchSchema, delegationBodySchema, delegationStateSchema, delegationViewSchema } from '../../../src/http/contract/delegation.ts';
import { api } from './client.ts';

export type DelegationBody = z.input<typeof delegationBodySchema>;
export type DelegationView = z.infer<typeof delegationViewSchema>;
export type DelegationState = z.infer<typeof delegationStateSchema>;
export type DelegateCandidate = z.infer<typeof delegateSearchSchema>['users'][number];

export const getMyDelegation = () => api.get<DelegationState>('/me/delegation');
export const setMyDelegation = (body: DelegationBody) => api.put<DelegationView>('/me/delegation', body);
export const endMyDelegation = () => api.delete('/me/delegation');
export const findDelegates = (q: string) =>
  api.get<{ users: DelegateCandidate[] }>(`/me/delegation/candidates?q=${encodeURIComponent(q)}`).then((r) => r.users);
