// Sent when an administrator creates an account for someone: the link lets them set a
// password. It names who invited them, so the reader can judge whether to trust it.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';
import { formatDuration } from './format-duration.ts';

export type AccountInviteVars = { name: string; organization: string; link: string; expiresMinutes: number; invitedBy: string };

export function accountInvite(vars: AccountInviteVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `${vars.invitedBy} invited you to ${vars.organization} on ${site.siteName}`,
    heading: `Hello ${vars.name},`,
    paragraphs: [
      `${vars.invitedBy} invited you to join ${vars.organization} on ${site.siteName}, where approvals are requested and signed.`,
      `Set your password with the link below. It works once and expires in ${formatDuration(vars.expiresMinutes)}.`,
    ],
    action: { label: 'Set your password', url: vars.link },
    after: [`If you did not expect this invitation, ignore this email; no account is usable until a password is set.`],
  });
}
