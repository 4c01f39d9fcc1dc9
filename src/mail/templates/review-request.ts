// Tells a reviewer that an item waits for their decision at a step. It names who submitted it
// and the step, and links to the item page inside Signoff (sign-in required): the content
// itself never travels by email.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';

export type ReviewRequestVars = { name: string; title: string; stepName: string; submittedBy: string; protectedStep: boolean; link: string };

export function reviewRequest(vars: ReviewRequestVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `Review requested: ${vars.title}`,
    heading: `Hello ${vars.name},`,
    paragraphs: [
      `${vars.submittedBy} asks for your review of "${vars.title}" at the step "${vars.stepName}".`,
      ...(vars.protectedStep ? ['This step is protected: you will confirm your decision with your second factor.'] : []),
    ],
    action: { label: 'Open the item', url: vars.link },
  });
}
