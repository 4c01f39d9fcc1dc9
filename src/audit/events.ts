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
  'user.invitation_resent': 'An admin sent an invited user a new invitation link; earlier links stopped working',
  'group.created': 'An admin created a group',
  'group.updated': 'An admin changed a group (old and new values)',
  'group.deleted': 'An admin deleted a group',
  'factor.enrollment_started': 'A user started setting up a factor (pending until confirmed)',
  'factor.activated': 'A factor was confirmed and became active',
  'factor.removed': 'A factor was removed (by its user, or by an admin revoking 2FA)',
  'factor.disabled': 'A factor was disabled after 100 consecutive failures (NIST SP 800-63B RL-2)',
  'backup_codes.generated': 'A new set of backup codes replaced any earlier set',
  'backup_codes.used': 'A backup code was used (single use)',
  'second_factor.verified': 'A second factor was verified (method and purpose recorded)',
  'second_factor.failed': 'A second-factor proof was refused (the security log of failed attempts)',
  'email_code.sent': 'A one-time code was emailed (the code itself is never recorded)',
  'trusted_device.added': 'A user trusted a device after a second-factor sign-in',
  'trusted_device.revoked': 'Trusted devices were revoked (by the user, or by a factor, password or 2FA change)',
  'two_factor.enrollment_added':
    'An admin added users to two-factor authentication (admin-controlled mode); `by: "policy"` when a policy requiring 2FA added them',
  'two_factor.admins_notified': 'A user who cannot set up 2FA themself asked their administrators to add them (every admin emailed; once a day)',
  'two_factor.revoked': "An admin revoked a user's two-factor authentication: every factor and trusted device removed",
  'two_factor.recovery_requested': 'A user asked for 2FA recovery instructions by email',
  'two_factor.recovered': 'A user reset their two-factor authentication through the emailed recovery link',
  'two_factor.reset_requested':
    "An admin asked to reset a user's two-factor authentication in an organisation with e-signature steps; a second admin must approve (21 CFR 11.200(a)(3))",
  'two_factor.reset_refused':
    "An admin asked to reset a user's two-factor authentication but no second admin exists to approve it; the user was told to recover by email",
  'two_factor.reset_approved': 'A second admin approved a reset request; the reset followed (`two_factor.revoked`)',
  'two_factor.reset_rejected': 'An admin rejected a reset request; nothing changed',
  'two_factor.reminder_sent':
    'The scheduler emailed a user in the enforcement scope a reminder to set up 2FA (mode, period, message id); one per user per period',
  'evidence_key.rotated':
    'An operator rotated the evidence signing key (`signoff keys rotate`): old and new generation and key id; earlier keys stay published',
  'settings.changed': 'An admin changed organisation settings (old and new values)',
  'sso.authenticated':
    "The organisation's OpenID Connect provider vouched for a user (issuer, subject, amr, auth_time) and whether SSO stood in for the login prompt",
  'sso.reauthenticated': "The organisation's OpenID Connect provider re-authenticated a user (prompt=login, max_age=0) for an electronic signature",
  'sso.identity_linked': "An identity at the organisation's OpenID Connect provider was linked to a user by its verified email",
  'workflow.created': 'A workflow definition was created (its version 1 and steps)',
  'workflow.updated': 'A workflow got a new version (old and new definitions); items keep the version they started with',
  'item.submitted': 'An item was submitted for review (content SHA-256, workflow version)',
  'item.cancelled': 'An item was cancelled by its submitter or an admin, with the reason given',
  'item.revised': 'The submitter or an admin uploaded a new content version (revision, content SHA-256, note); earlier approvals no longer count',
  'item.commented': 'Someone who can read an item commented on it (content version, SHA-256 and length of the text, the people mentioned and emailed)',
  'item.closed': 'An item reached its end: approved or rejected',
  'step.closed': 'A step closed by its threshold: approved (next step), rejected (end or back to the previous step)',
  'step.reminder_sent': 'A due-date reminder of an open step went to the reviewers who had not decided (half time or a day before)',
  'step.overdue': 'An open step passed its due time: marked overdue, the submitter and the workflow owners emailed',
  'step.escalated': 'An overdue step got its escalation reviewers (for threshold "all" in place of those who had not decided)',
  'decision.recorded': 'A reviewer approved or rejected a step (method of the fresh second factor when the step is protected)',
  'signature.applied': 'An electronic signature was applied (printed name, meaning, content SHA-256; 21 CFR 11.50)',
  'signature.failed': 'An e-signature attempt was refused (wrong password or meaning); the security log',
  'signature.locked': 'Signing was locked for a user after repeated failed signature attempts; admins were alerted',
  'guest.invited': 'A guest reviewer was invited by email to a step',
  'guest.invite_resent': 'The owner resent a guest invitation',
  'guest.invite_revoked': 'The owner revoked a guest invitation',
  'guest.code_sent': 'A guest asked for a one-time code; it was emailed to the invited address for that guest session only',
  'guest.verified': 'A guest confirmed the emailed code in their session',
  'guest.code_failed': 'A guest code was refused (wrong, expired, or from another guest session); the security log',
  'audit.exported': 'The audit trail was exported (format and number of entries)',
  'audit.checkpointed': 'An admin had the chain head signed on demand (checkpoint seq, head hash, key id)',
  'signature_report.generated': 'A printable signature report (PDF) of an item was generated',
  'delegation.set': 'A user (or an admin for them) named an out-of-office delegate for a period (delegate, from, until, note)',
  'delegation.ended': 'An out-of-office delegation was ended before its end (by the user or an admin)',
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
