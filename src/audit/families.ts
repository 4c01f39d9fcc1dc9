// Event families: the words auditors use ("login", "2fa", "approval") mapped to the event types
// of events.ts. An auditor searching the trail thinks in families, not in dotted type strings,
// so the audit page offers these and the API resolves free words to them.
import { AUDIT_EVENTS, type AuditEventType } from './events.ts';

type Family = { types: readonly AuditEventType[]; words: readonly string[] };

/** Every event type belongs to exactly one family (checked by families.test.ts). */
export const AUDIT_FAMILIES = {
  sign_in: {
    types: ['login.succeeded', 'login.failed', 'logout.succeeded', 'sso.authenticated', 'sso.identity_linked', 'setup.completed'],
    words: [
      'sign-in',
      'sign in',
      'signin',
      'sign-ins',
      'login',
      'log in',
      'logins',
      'logon',
      'logout',
      'log out',
      'sign out',
      'sign-out',
      'sso',
      'session',
      'sessions',
    ],
  },
  two_factor: {
    types: [
      'factor.enrollment_started',
      'factor.activated',
      'factor.removed',
      'factor.disabled',
      'backup_codes.generated',
      'backup_codes.used',
      'second_factor.verified',
      'second_factor.failed',
      'email_code.sent',
      'trusted_device.added',
      'trusted_device.revoked',
      'two_factor.enrollment_added',
      'two_factor.revoked',
      'two_factor.recovery_requested',
      'two_factor.recovered',
      'two_factor.reset_requested',
      'two_factor.reset_refused',
      'two_factor.reset_approved',
      'two_factor.reset_rejected',
      'two_factor.reminder_sent',
      'two_factor.admins_notified',
    ],
    words: [
      '2fa',
      'two-factor',
      'two factor',
      'mfa',
      'multi-factor',
      'second factor',
      'factor',
      'factors',
      'otp',
      'totp',
      'authenticator',
      'passkey',
      'passkeys',
      'webauthn',
      'security key',
      'backup code',
      'backup codes',
      'recovery',
      'trusted device',
      'device',
      'devices',
      'code',
      'codes',
      'step-up',
    ],
  },
  password: {
    types: ['password_reset.requested', 'password_reset.completed'],
    words: ['password', 'passwords', 'password reset', 'reset', 'credentials'],
  },
  approval: {
    types: [
      'workflow.created',
      'workflow.updated',
      'item.submitted',
      'item.revised',
      'item.cancelled',
      'item.closed',
      'item.commented',
      'step.closed',
      'decision.recorded',
      'step.reminder_sent',
      'step.overdue',
      'step.escalated',
      'delegation.set',
      'delegation.ended',
    ],
    words: [
      'approval',
      'approvals',
      'approve',
      'approved',
      'reject',
      'rejected',
      'decision',
      'decisions',
      'review',
      'item',
      'items',
      'workflow',
      'workflows',
      'submit',
      'cancel',
      'revision',
      'revised',
      'comment',
      'comments',
      'due',
      'overdue',
      'escalation',
      'delegation',
      'delegate',
      'out of office',
    ],
  },
  signature: {
    types: ['signature.applied', 'signature.failed', 'signature.locked', 'sso.reauthenticated', 'signature_report.generated'],
    words: ['signature', 'signatures', 'e-signature', 'esignature', 'e-sign', 'esign', 'sign', 'signed', 'part 11', 'signature report'],
  },
  people: {
    types: ['user.created', 'user.updated', 'user.invitation_resent', 'group.created', 'group.updated', 'group.deleted'],
    words: ['user', 'users', 'people', 'person', 'account', 'accounts', 'group', 'groups', 'member', 'members', 'role', 'roles', 'deactivate'],
  },
  settings: {
    types: ['settings.changed'],
    words: ['settings', 'setting', 'policy', 'policies', 'configuration', 'config', 'enforcement'],
  },
  guest: {
    types: ['guest.invited', 'guest.invite_resent', 'guest.invite_revoked', 'guest.code_sent', 'guest.verified', 'guest.code_failed'],
    words: ['guest', 'guests', 'invite', 'invites', 'invitation', 'external'],
  },
  audit: {
    types: ['audit.exported', 'audit.checkpointed', 'evidence_key.rotated'],
    words: ['audit', 'export', 'exports', 'checkpoint', 'checkpoints', 'witness', 'evidence', 'key', 'keys', 'signing key'],
  },
} as const satisfies Record<string, Family>;

export type AuditFamily = keyof typeof AUDIT_FAMILIES;
export const AUDIT_FAMILY_KEYS = Object.keys(AUDIT_FAMILIES) as AuditFamily[];

const normalise = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .replace(/\s*-\s*/g, '-');

/**
 * The families a person's words name: each comma-separated term is a family key, one of its
 * words, or an event type or type prefix ("login.failed", "factor"). Empty when nothing matches.
 */
export function familiesForWords(q: string): AuditFamily[] {
  const found = new Set<AuditFamily>();
  for (const raw of q.split(',')) {
    const term = normalise(raw);
    if (!term) continue;
    for (const key of AUDIT_FAMILY_KEYS) {
      const family: Family = AUDIT_FAMILIES[key];
      const spaced = key.replace(/_/g, ' ');
      if (term === spaced || term === key || family.words.some((w) => normalise(w) === term)) found.add(key);
    }
  }
  return [...found];
}

/** Event types a term names directly: an exact type ("login.failed") or a type prefix ("factor."). */
export function typesForTerm(q: string): AuditEventType[] {
  const term = q.trim().toLowerCase();
  if (!/^[a-z_]+(\.[a-z_]*)?$/.test(term)) return [];
  return (Object.keys(AUDIT_EVENTS) as AuditEventType[]).filter((t) => t === term || (term.includes('.') ? false : t.startsWith(`${term}.`)));
}

export const typesOf = (families: readonly AuditFamily[]): AuditEventType[] => families.flatMap((f) => [...AUDIT_FAMILIES[f].types]);
