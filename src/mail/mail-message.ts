// What callers hand the outbox: plain data naming a template and its variables. The outbox
// renders it at enqueue time, so the row holds exactly what will be sent on every retry.
import type { RequestFacts } from './templates/request-facts.ts';

import type { DelegationNoticeVars } from './templates/delegation-notice.ts';
import type { ReviewReminderVars } from './templates/review-reminder.ts';

export type MailTemplateName =
  | 'password-reset'
  | 'account-invite'
  | 'security-notice'
  | 'email-code'
  | 'enrollment-reminder'
  | 'review-request'
  | 'item-outcome'
  | 'guest-invite'
  | 'two-factor-recovery'
  | 'audit-checkpoint'
  | 'comment-mention'
  | 'delegation-notice'
  | 'review-reminder'
  | 'step-overdue';

/**
 * THE one place that says which messages carry a credential: a link or code that lets its
 * reader set a password, remove factors, sign in, decide or act as a guest. The admin mailbox
 * page shows such a message addressed to someone else only as a placeholder (unless
 * SIGNOFF_DEV_MAILBOX=1), so an admin cannot take over an account through it (21 CFR
 * 11.200(a)(3): using another's signature must need two people).
 */
export const MAIL_TEMPLATES = {
  'password-reset': { carriesCredential: true },
  'account-invite': { carriesCredential: true },
  'two-factor-recovery': { carriesCredential: true },
  'email-code': { carriesCredential: true },
  'guest-invite': { carriesCredential: true },
  'security-notice': { carriesCredential: false },
  'enrollment-reminder': { carriesCredential: false },
  'review-request': { carriesCredential: false },
  'item-outcome': { carriesCredential: false },
  'audit-checkpoint': { carriesCredential: false },
  'comment-mention': { carriesCredential: false },
  'delegation-notice': { carriesCredential: false },
  /** A guest's reminder carries a fresh invitation link. */
  'review-reminder': { carriesCredential: true },
  'step-overdue': { carriesCredential: false },
} as const satisfies Record<MailTemplateName, { carriesCredential: boolean }>;

type CredentialTemplate = { [T in MailTemplateName]: (typeof MAIL_TEMPLATES)[T]['carriesCredential'] extends true ? T : never }[MailTemplateName];
/**
 * Every message carrying a credential names its validity (`expiresMinutes`, absent only when this
 * message carries none: a reminder to a member): its body is not kept past it (outbox.ts).
 */
export type CredentialVars = Extract<MailMessage, { template: CredentialTemplate }>['vars'];
true satisfies 'expiresMinutes' extends keyof CredentialVars ? true : never;

/** Whether a stored template name carries a credential; an unknown name counts as one. */
export const carriesCredential = (template: string): boolean =>
  (MAIL_TEMPLATES as Record<string, { carriesCredential: boolean }>)[template]?.carriesCredential ?? true;

/** A file sent with a message (small, text: a checkpoint's JSON); stored on the outbox row. */
export type MailAttachment = { filename: string; contentType: string; content: string };

export type MailMessage = MailMessageBody & { attachments?: MailAttachment[] | undefined };

type MailMessageBody =
  | { orgId: string | null; to: string; template: 'password-reset'; vars: { name: string; link: string; expiresMinutes: number } }
  | {
      orgId: string | null;
      to: string;
      template: 'account-invite';
      vars: { name: string; organization: string; link: string; expiresMinutes: number; invitedBy: string };
    }
  | { orgId: string | null; to: string; template: 'security-notice'; vars: { name: string; event: string; detail: string } & RequestFacts }
  | {
      orgId: string | null;
      to: string;
      template: 'email-code';
      vars: { name: string; code: string; purpose: string; expiresMinutes: number; guest?: boolean | undefined };
    }
  | { orgId: string | null; to: string; template: 'enrollment-reminder'; vars: { name: string; mode: 'soft' | 'hard'; link: string } }
  | {
      orgId: string | null;
      to: string;
      template: 'review-request';
      vars: { name: string; title: string; stepName: string; submittedBy: string; protectedStep: boolean; link: string };
    }
  | {
      orgId: string | null;
      to: string;
      template: 'item-outcome';
      vars: { name: string; title: string; outcome: 'approved' | 'rejected' | 'returned'; stepName: string; link: string };
    }
  | { orgId: string | null; to: string; template: 'two-factor-recovery'; vars: { name: string; link: string; expiresMinutes: number } & RequestFacts }
  | {
      orgId: string | null;
      to: string;
      template: 'guest-invite';
      vars: { name: string; invitedBy: string; organization: string; title: string; stepName: string; link: string; expiresMinutes: number };
    }
  | {
      orgId: string | null;
      to: string;
      template: 'audit-checkpoint';
      vars: { organization: string; seq: number; headHash: string; at: string; kid: string; filename: string };
    }
  | { orgId: string | null; to: string; template: 'comment-mention'; vars: { name: string; author: string; title: string; revision: number; link: string } }
  | { orgId: string | null; to: string; template: 'delegation-notice'; vars: DelegationNoticeVars }
  | {
      orgId: string | null;
      to: string;
      template: 'review-reminder';
      vars: ReviewReminderVars;
    }
  | {
      orgId: string | null;
      to: string;
      template: 'step-overdue';
      vars: { name: string; title: string; stepName: string; dueAt: string; action: 'notify' | 'escalate' | 'reject'; link: string };
    };

export type { MailSite, RenderedMail } from './templates/rendered-mail.ts';
