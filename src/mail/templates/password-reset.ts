// Sent when someone asks to reset a password. It never says whether the address has an
// account beyond the fact that this email arrived (the request endpoint answers the same
// either way), and it tells the reader what to do if the request was not theirs.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';
import { formatDuration } from './format-duration.ts';

export type PasswordResetVars = { name: string; link: string; expiresMinutes: number };

export function passwordReset(vars: PasswordResetVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `Reset your ${site.siteName} password`,
    heading: `Hello ${vars.name},`,
    paragraphs: [
      `Someone asked to reset the password of your ${site.siteName} account.`,
      `The link below works once and expires in ${formatDuration(vars.expiresMinutes)}.`,
    ],
    action: { label: 'Choose a new password', url: vars.link },
    after: ['If you did not ask for this, ignore this email: your password stays as it is.'],
  });
}
