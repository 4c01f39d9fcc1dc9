// Tells the submitter how their item ended: approved, rejected, or sent back to an earlier step.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';

export type ItemOutcomeVars = { name: string; title: string; outcome: 'approved' | 'rejected' | 'returned'; stepName: string; link: string };

const SENTENCE = {
  approved: (v: ItemOutcomeVars) => `"${v.title}" was approved: its last step, "${v.stepName}", closed with approval.`,
  rejected: (v: ItemOutcomeVars) => `"${v.title}" was rejected at the step "${v.stepName}".`,
  returned: (v: ItemOutcomeVars) => `"${v.title}" was rejected at a later step and sent back to the step "${v.stepName}" for another review.`,
} as const;

export function itemOutcome(vars: ItemOutcomeVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `${vars.outcome === 'returned' ? 'Sent back' : vars.outcome === 'approved' ? 'Approved' : 'Rejected'}: ${vars.title}`,
    heading: `Hello ${vars.name},`,
    paragraphs: [SENTENCE[vars.outcome](vars)],
    action: { label: 'Open the item', url: vars.link },
  });
}
