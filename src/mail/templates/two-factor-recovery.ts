// The "Lost your device?" link (recovery by email): whoever opens it removes every second factor
// of the account, so it is a credential and never shown to admins in the mailbox page.
import type { MailSite, RenderedMail } from '../mail-message.ts';
import { renderLayout } from './layout.ts';
import { formatDuration } from './format-duration.ts';

export type TwoFactorRecoveryVars = { name: string; link: string; expiresMinutes: number };

export function twoFactorRecovery(vars: TwoFactorRecoveryVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `Recover your ${site.siteName} two-factor authentication`,
    heading: `Hello ${vars.name},`,
    paragraphs: [
      `Someone who knows your password asked to recover the two-factor authentication of your ${site.siteName} account.`,
      `The link below works once and expires in ${formatDuration(vars.expiresMinutes)}. It removes every second factor and trusted device and signs you out everywhere; you set two-factor authentication up again at your next sign-in.`,
    ],
    action: { label: 'Remove my second factors', url: vars.link },
    after: ['If you did not ask for this, someone knows your password: change it now and tell your administrator.'],
  });
}
