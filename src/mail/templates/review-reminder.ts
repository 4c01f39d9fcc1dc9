// Reminds a reviewer who has not decided yet that a step is due: at half the time and a day
// before (workflows/due-dates.ts). Guests get a fresh link to their invitation (the earlier one
// stops working, as after a resend), so this message can carry a credential.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { formatDuration } from './format-duration.ts';
import { renderLayout } from './layout.ts';

/** `expiresMinutes`: a guest's fresh link works this long. */
export type ReviewReminderVars = {
  name: string;
  title: string;
  stepName: string;
  dueAt: string;
  minutesLeft: number;
  link: string;
  expiresMinutes?: number | undefined;
};

export function reviewReminder(vars: ReviewReminderVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `Reminder: "${vars.title}" is due in ${formatDuration(Math.max(1, vars.minutesLeft))}`,
    heading: `Hello ${vars.name},`,
    paragraphs: [
      `"${vars.title}" waits for your decision at the step "${vars.stepName}".`,
      `It is due at ${utc(vars.dueAt)}, in ${formatDuration(Math.max(1, vars.minutesLeft))}.`,
      ...(vars.expiresMinutes === undefined
        ? []
        : [
            `This link replaces the one you had; it expires in ${formatDuration(vars.expiresMinutes)}. Open it, then ask for a one-time code, sent to this address.`,
          ]),
    ],
    action: { label: 'Open the item', url: vars.link },
  });
}

/** "2026-12-05 14:00 UTC": mail readers are in every time zone, so the time says which. */
export const utc = (isoTime: string) => `${isoTime.slice(0, 10)} ${isoTime.slice(11, 16)} UTC`;
