// Reminds a user that their organisation asks for (soft) or requires (hard) two-factor
// authentication and that they have not set it up (docs/guide.md §4: weekly under soft, daily under
// hard). It links to the Security page of this installation only; the reminders stop once the
// user enrolls, so the text says how often they come and why.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';

export type EnrollmentReminderVars = { name: string; mode: 'soft' | 'hard'; link: string };

export function enrollmentReminder(vars: EnrollmentReminderVars, site: MailSite): RenderedMail {
  const hard = vars.mode === 'hard';
  return renderLayout({
    siteName: site.siteName,
    subject: hard ? `Action required: set up two-factor authentication for ${site.siteName}` : `Please set up two-factor authentication for ${site.siteName}`,
    heading: `Hello ${vars.name},`,
    paragraphs: hard
      ? [
          `Your organisation requires two-factor authentication for your ${site.siteName} account, and you have not set it up yet.`,
          `It is required now: until you set it up, signing in takes you straight to the setup page and nothing else in ${site.siteName} is available to you.`,
        ]
      : [
          `Your organisation asks you to protect your ${site.siteName} account with two-factor authentication: a second step at sign-in, such as a code from an authenticator app.`,
          `You have not set it up yet. Until you do, ${site.siteName} will ask you after each sign-in.`,
        ],
    action: { label: 'Set up two-factor authentication', url: vars.link },
    after: [
      hard
        ? 'We send this reminder once a day until two-factor authentication is set up.'
        : 'We send this reminder once a week until two-factor authentication is set up.',
      'If you have questions, ask your administrator.',
    ],
  });
}
