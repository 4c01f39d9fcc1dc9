// Out-of-office delegation mail: the delegate learns they stand in for someone (and of each new
// task they may decide for them); the person away learns what was decided in their name.
// Links lead to pages inside Signoff (sign-in required); no content travels by email.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';

export type DelegationNoticeVars =
  | { kind: 'appointed'; name: string; delegator: string; from: string; until: string; note: string | null; openTasks: number; link: string }
  | { kind: 'task'; name: string; delegator: string; title: string; stepName: string; link: string }
  | { kind: 'decided'; name: string; delegate: string; title: string; stepName: string; decision: 'approve' | 'reject'; link: string };

export function delegationNotice(vars: DelegationNoticeVars, site: MailSite): RenderedMail {
  const base = {
    siteName: site.siteName,
    heading: `Hello ${vars.name},`,
    action: { label: vars.kind === 'appointed' ? 'Open your tasks' : 'Open the item', url: vars.link },
  };
  switch (vars.kind) {
    case 'appointed':
      return renderLayout({
        ...base,
        subject: `You stand in for ${vars.delegator}`,
        paragraphs: [
          `${vars.delegator} named you their out-of-office delegate from ${vars.from} to ${vars.until} (UTC).`,
          `Meanwhile their review tasks are offered to you as well (${vars.openTasks} open now).`,
          'You decide with your own password and second factor, and the record says you decided on their behalf.',
          ...(vars.note ? [`Their note: ${vars.note}`] : []),
        ],
      });
    case 'task':
      return renderLayout({
        ...base,
        subject: `Review requested for ${vars.delegator}: ${vars.title}`,
        paragraphs: [`"${vars.title}" waits for ${vars.delegator} at the step "${vars.stepName}". As their delegate you may decide it on their behalf.`],
      });
    case 'decided':
      return renderLayout({
        ...base,
        subject: `Decided for you: ${vars.title}`,
        paragraphs: [`${vars.delegate}, your delegate, chose to ${vars.decision} "${vars.title}" at the step "${vars.stepName}" on your behalf.`],
      });
  }
}
