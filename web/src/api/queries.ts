// Every server read the signed-in app caches: one query key per resource, and the function that
// loads it. Keys are arrays so a prefix invalidates a family: `['items']` marks every list and
// every item stale; `['users']` also covers one user's 2FA explanation. A mutation invalidates
// the keys it changed (never a hand-placed reload). Query defaults are in query-client.ts.
import { queryOptions } from '@tanstack/react-query';
import { listGroups, listUsers } from './admin.ts';
import { searchAudit, type AuditSearchParams } from './audit.ts';
import { listComments } from './comments.ts';
import { getMyDelegation } from './delegation.ts';
import { searchDirectory } from './directory.ts';
import { getMyFactors } from './factors.ts';
import { getItem, listInvites, listItems, listTasks } from './items.ts';
import { listMailboxMessages } from './mailbox.ts';
import { discoverSso } from './sso.ts';
import { getSsoSettings } from './sso-admin.ts';
import { explainUserTwoFactor, getCoverage, getSettings, listEnrollments, listResetRequests } from './two-factor-admin.ts';
import type { ItemStatus } from './workflow-types.ts';
import { getWorkflow, listWorkflows } from './workflows.ts';

export const queryKeys = {
  users: ['users'] as const,
  userTwoFactor: (userId: string) => ['users', userId, 'two-factor'] as const,
  groups: ['groups'] as const,
  directory: ['directory'] as const,
  settings: ['settings'] as const,
  /** Enrollments, coverage and reset requests: an enrollment change moves all three. */
  twoFactor: ['two-factor'] as const,
  ssoSettings: ['sso', 'settings'] as const,
  ssoDiscovery: (organization: string) => ['sso', 'discovery', organization] as const,
  audit: (params: AuditSearchParams) => ['audit', params] as const,
  mailbox: ['mailbox'] as const,
  workflows: ['workflows'] as const,
  workflow: (workflowId: string, version?: number) => ['workflows', workflowId, version ?? 'latest'] as const,
  /** Lists, items, their comments and invites; tasks are items waiting for someone. */
  items: ['items'] as const,
  itemLists: ['items', 'list'] as const,
  itemList: (filter: { status?: ItemStatus | undefined; mine: boolean }) => ['items', 'list', filter] as const,
  item: (itemId: string) => ['items', 'one', itemId] as const,
  comments: (itemId: string) => ['items', 'one', itemId, 'comments'] as const,
  invites: (itemId: string) => ['items', 'one', itemId, 'invites'] as const,
  tasks: ['tasks'] as const,
  myFactors: ['me', 'factors'] as const,
  myDelegation: ['me', 'delegation'] as const,
  firstRun: (userId: string) => ['first-run', userId] as const,
};

export const usersQuery = queryOptions({ queryKey: queryKeys.users, queryFn: listUsers });
export const userTwoFactorQuery = (userId: string) => queryOptions({ queryKey: queryKeys.userTwoFactor(userId), queryFn: () => explainUserTwoFactor(userId) });
export const groupsQuery = queryOptions({ queryKey: queryKeys.groups, queryFn: listGroups });
export const directoryQuery = queryOptions({ queryKey: queryKeys.directory, queryFn: () => searchDirectory() });
export const settingsQuery = queryOptions({ queryKey: queryKeys.settings, queryFn: getSettings });
export const enrollmentsQuery = queryOptions({ queryKey: [...queryKeys.twoFactor, 'enrollments'], queryFn: listEnrollments });
export const coverageQuery = queryOptions({ queryKey: [...queryKeys.twoFactor, 'coverage'], queryFn: getCoverage });
export const resetRequestsQuery = queryOptions({ queryKey: [...queryKeys.twoFactor, 'reset-requests'], queryFn: listResetRequests });
export const ssoSettingsQuery = queryOptions({ queryKey: queryKeys.ssoSettings, queryFn: getSsoSettings });
export const ssoDiscoveryQuery = (organization: string) =>
  queryOptions({ queryKey: queryKeys.ssoDiscovery(organization), queryFn: () => discoverSso(organization) });
export const auditQuery = (params: AuditSearchParams) => queryOptions({ queryKey: queryKeys.audit(params), queryFn: () => searchAudit(params) });
export const mailboxQuery = queryOptions({ queryKey: queryKeys.mailbox, queryFn: listMailboxMessages });
export const workflowsQuery = queryOptions({ queryKey: queryKeys.workflows, queryFn: listWorkflows });
export const workflowQuery = (workflowId: string, version?: number) =>
  queryOptions({ queryKey: queryKeys.workflow(workflowId, version), queryFn: () => getWorkflow(workflowId, version) });
export const itemListQuery = (filter: { status?: ItemStatus | undefined; mine: boolean }) =>
  queryOptions({ queryKey: queryKeys.itemList(filter), queryFn: () => listItems(filter) });
export const itemQuery = (itemId: string) => queryOptions({ queryKey: queryKeys.item(itemId), queryFn: () => getItem(itemId) });
export const commentsQuery = (itemId: string) => queryOptions({ queryKey: queryKeys.comments(itemId), queryFn: () => listComments(itemId) });
export const invitesQuery = (itemId: string) => queryOptions({ queryKey: queryKeys.invites(itemId), queryFn: () => listInvites(itemId) });
export const tasksQuery = queryOptions({ queryKey: queryKeys.tasks, queryFn: listTasks });
export const myFactorsQuery = queryOptions({ queryKey: queryKeys.myFactors, queryFn: getMyFactors });
export const myDelegationQuery = queryOptions({ queryKey: queryKeys.myDelegation, queryFn: getMyDelegation });
