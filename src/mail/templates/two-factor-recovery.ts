// The "Lost your device?" link (recovery by email): whoever opens it and confirms removes every
// second factor of the account, so it is a credential and never shown to admins in the mailbox
// page. Unlike a security notice, this mail exists to be acted on: it says what the button
// leads to, what confirming there does, and, for a request the reader did not make, not to
// open it. Where the request came from is listed so the reader can tell it was them.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';
import { formatDuration } from './format-duration.ts';
import { requestFactsBlock, type RequestFacts } from './request-facts.ts';

export type TwoFactorRecoveryVars = { name: string; link: string; expiresMinutes: number } & RequestFacts;

export function twoFactorRecovery(vars: TwoFactorRecoveryVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `Recover your ${site.siteName} two-factor authentication`,
    heading: `Hello ${vars.name},`,
    paragraphs: [
      `You signed in to ${site.siteName} with your password and chose "Lost your device?": here is your way back in without your second factor.`,
      ...requestFactsBlock(vars),
      'Open the recovery page with the button below and confirm there. Confirming removes every second factor of your account ' +
        '(authenticator app, passkeys, email codes, backup codes), forgets your trusted devices and signs you out everywhere. ' +
        'Then sign in with your password and set two-factor authentication up again.',
      `The link works once and expires in ${formatDuration(vars.expiresMinutes)}. Nothing changes until you confirm on that page.`,
    ],
    action: { label: 'Reset two-factor authentication', url: vars.link },
    after: [
      'If you did not ask for this, do not open the link. Whoever asked knows your password: ' +
        'change it now (choose "Forgot password?" on the sign-in page) and tell your administrator.',
    ],
  });
}
