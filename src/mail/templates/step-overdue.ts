// Tells the submitter and the workflow's owners that a step passed its due time, and what
// happened because of it (workflows/due-dates.ts): nothing more, reviewers added, or the step
// rejected as overdue.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';
import { utc } from './review-reminder.ts';

export type StepOverdueVars = { name: string; title: string; stepName: string; dueAt: string; action: 'notify' | 'escalate' | 'reject'; link: string };

const WHAT = {
  notify: 'The reviewers who have not decided can still do so.',
  escalate: 'The escalation reviewers of the step were asked to review it too.',
  reject: 'The step closed as rejected with the reason "overdue".',
} as const;

export function stepOverdue(vars: StepOverdueVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `Overdue: ${vars.title}`,
    heading: `Hello ${vars.name},`,
    paragraphs: [`The step "${vars.stepName}" of "${vars.title}" was due at ${utc(vars.dueAt)} and is overdue.`, WHAT[vars.action]],
    action: { label: 'Open the item', url: vars.link },
  });
}
