// Tells a user that something changed on their account (a factor added, a password changed,
// backup codes regenerated), so an attacker's change does not go unnoticed. It carries no
// link on purpose: a notice that asks the reader to click is what phishing looks like.
// Where the change came from (browser, time, IP address) is listed when the caller knows it,
// so the reader can tell their own sign-in from someone else's.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';
import { requestFactsBlock, type RequestFacts } from './request-facts.ts';

export type SecurityNoticeVars = { name: string; event: string; detail: string } & RequestFacts;

export function securityNotice(vars: SecurityNoticeVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `${site.siteName} security notice: ${vars.event}`,
    heading: `Hello ${vars.name},`,
    paragraphs: [`This is a notice about your ${site.siteName} account: ${midSentence(vars.event)}.`, vars.detail, ...requestFactsBlock(vars)],
    after: [
      `If this was you, there is nothing to do.`,
      `If it was not, sign in to ${site.siteName} at ${site.baseUrl} (type the address yourself), change your password and review your second factors, or contact your administrator.`,
    ],
  });
}

/** "A device was trusted" reads "a device was trusted" after a colon; an acronym or name ("SSO …", "Ada …") is left alone. */
function midSentence(event: string): string {
  return /^(A|An|The|Your|New|Wrong|Someone|One|Every)\b/.test(event) ? event[0]!.toLowerCase() + event.slice(1) : event;
}
