import type { Role, UserType } from '../../../api/types.ts';

export const USER_TYPE_LABELS: Record<UserType, string> = {
  staff: 'Staff',
  client: 'Client',
  contractor: 'Contractor',
};

export const ROLE_LABELS: Record<Role, { label: string; hint: string }> = {
  admin: { label: 'Administrator', hint: 'Manages users, groups, security settings and the audit trail.' },
  owner: { label: 'Workflow owner', hint: 'Designs workflows and submits items for approval.' },
  reviewer: { label: 'Reviewer', hint: 'Approves or rejects items at the steps they are named in.' },
};
