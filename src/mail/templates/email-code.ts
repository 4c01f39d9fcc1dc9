// Carries a one-time code for a sign-in, a factor change, a decision or a new address. The
// code sits in the body only, never in the subject, which lock screens and mail logs show.
// It says what the code is for, that it works once and when it expires, and what to do if
// the reader did not ask for it (someone who triggers this mail already knows the password).
// The code is a block of its own: large and monospaced in HTML, a line of its own in text.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { formatDuration } from './format-duration.ts';
import { renderLayout } from './layout.ts';

/** `purpose` is the action in words, e.g. "sign in to Acme Signoff"; `guest`: the reader has no account (no password to worry about). */
export type EmailCodeVars = { name: string; code: string; purpose: string; expiresMinutes: number; guest?: boolean | undefined };

export function emailCode(vars: EmailCodeVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `Your ${site.siteName} verification code`,
    heading: `Hello ${vars.name},`,
    paragraphs: [
      `Use this code to ${vars.purpose}:`,
      { code: vars.code },
      `It works once and expires in ${formatDuration(vars.expiresMinutes)}. Never share it: nobody from ${site.siteName} will ask you for it.`,
    ],
    after: [
      vars.guest
        ? `If you did not ask for this code, ignore this email: the code only works in the browser that asked for it, and nobody can review in your name without it.`
        : `If you did not ask for this code, someone may know your password. Sign in to ${site.siteName} at ${site.baseUrl} (type the address yourself) and change it, or contact your administrator.`,
    ],
  });
}
