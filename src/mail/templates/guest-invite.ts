// Invites a guest reviewer. The link opens a page that shows nothing of the item until the
// guest confirms a second, emailed code in the same browser (docs/guide.md §6), so a mail
// scanner that follows the link learns and changes nothing. The item's title is named so the
// reader can tell a real request from a phishing one; its content is not in the email.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { formatDuration } from './format-duration.ts';
import { renderLayout } from './layout.ts';

export type GuestInviteVars = { name: string; invitedBy: string; organization: string; title: string; stepName: string; link: string; expiresMinutes: number };

export function guestInvite(vars: GuestInviteVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `${vars.invitedBy} asks for your review: ${vars.title}`,
    heading: `Hello ${vars.name},`,
    paragraphs: [
      `${vars.invitedBy} of ${vars.organization} asks you to review "${vars.title}" (step "${vars.stepName}") on ${site.siteName}.`,
      `Open the link below, then ask for a one-time code: it is sent to this address and confirms it is you. The link expires in ${formatDuration(vars.expiresMinutes)}.`,
    ],
    action: { label: 'Open the review', url: vars.link },
    after: [`If you did not expect this request, ignore this email.`],
  });
}
