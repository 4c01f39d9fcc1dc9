// What callers hand the outbox: plain data naming a template and its variables. The outbox
// renders it at enqueue time, so the row holds exactly what will be sent on every retry.

export type MailTemplateName = 'password-reset' | 'account-invite' | 'security-notice' | 'email-code' | 'enrollment-reminder' | 'review-request' | 'item-outcome' | 'guest-invite' | 'audit-checkpoint';

/** A file sent with a message (small, text: a checkpoint's JSON); stored on the outbox row. */
export type MailAttachment = { filename: string; contentType: string; content: string };

export type MailMessage = MailMessageBody & { attachments?: MailAttachment[] | undefined };

type MailMessageBody =
  | { orgId: string | null; to: string; template: 'password-reset'; vars: { name: string; link: string; expiresMinutes: number } }
  | { orgId: string | null; to: string; template: 'account-invite'; vars: { name: string; organization: string; link: string; expiresMinutes: number; invitedBy: string } }
  | { orgId: string | null; to: string; template: 'security-notice'; vars: { name: string; event: string; detail: string } }
  | { orgId: string | null; to: string; template: 'email-code'; vars: { name: string; code: string; purpose: string; expiresMinutes: number; guest?: boolean | undefined } }
  | { orgId: string | null; to: string; template: 'enrollment-reminder'; vars: { name: string; mode: 'soft' | 'hard'; link: string } }
  | { orgId: string | null; to: string; template: 'review-request'; vars: { name: string; title: string; stepName: string; submittedBy: string; protectedStep: boolean; link: string } }
  | { orgId: string | null; to: string; template: 'item-outcome'; vars: { name: string; title: string; outcome: 'approved' | 'rejected' | 'returned'; stepName: string; link: string } }
  | { orgId: string | null; to: string; template: 'guest-invite'; vars: { name: string; invitedBy: string; organization: string; title: string; stepName: string; link: string; expiresMinutes: number } }
  | { orgId: string | null; to: string; template: 'audit-checkpoint'; vars: { organization: string; seq: number; headHash: string; at: string; kid: string; filename: string } };

/** A rendered message: both parts carry the same content (RFC 2046 multipart/alternative). */
export type RenderedMail = { subject: string; text: string; html: string };

/** What every template needs to know about the installation. */
export type MailSite = { siteName: string; baseUrl: string };
