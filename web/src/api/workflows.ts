// Workflow definitions (API.md "Workflows and decisions"). Saving an existing workflow makes
// a new version; items keep the version they started with.
import { api } from './client.ts';
import type { WorkflowBody, WorkflowCreated, WorkflowSummary, WorkflowView } from './workflow-types.ts';

const id = encodeURIComponent;

export const listWorkflows = () => api.get<{ workflows: WorkflowSummary[] }>('/workflows').then((r) => r.workflows);
export const getWorkflow = (workflowId: string, version?: number) =>
  api.get<WorkflowView>(`/workflows/${id(workflowId)}${version ? `?version=${version}` : ''}`);
export const createWorkflow = (body: WorkflowBody) => api.post<WorkflowCreated>('/workflows', body);
export const updateWorkflow = (workflowId: string, body: WorkflowBody) => api.put<WorkflowCreated>(`/workflows/${id(workflowId)}`, body);
