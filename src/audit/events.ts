// THE catalogue of audit events. Every event Signoff writes is declared here with what it
// records; append() accepts nothing else, so the trail's vocabulary is reviewable in one file.
// Types are dotted, lowercase, past tense. Changes carry `old` and `new` values.

export const AUDIT_EVENTS = {
  'setup.completed': 'First-run setup created the organisation and its first admin',
  'login.succeeded': 'A user signed in with their password',
  'login.failed': 'A password sign-in was refused (wrong password, inactive account, or several organisations matched)',
  'logout.succeeded': 'A user signed out',
  'password_reset.requested': 'A password reset link was emailed',
  'password_reset.completed': 'A password was set through a reset or invitation link; all sessions ended',
  'user.created': 'An admin created a user',
  'user.updated': 'An admin changed a user (old and new values)',
  'group.created': 'An admin created a group',
  'group.updated': 'An admin changed a group (old and new values)',
  'group.deleted': 'An admin deleted a group',
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENTS;

export type AuditEvent = {
  orgId: string;
  type: AuditEventType;
  actor?: { userId?: string; label: string } | undefined;
  target?: { type: string; id: string } | undefined;
  data?: Record<string, unknown>;
  ip?: string | undefined;
  requestId?: string | undefined;
};
