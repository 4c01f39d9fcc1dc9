// The one list of templates. Adding a message means a template file, a union member in
// mail-message.ts and a case here; the `never` check makes a missing case a compile error.
// Whatever a template lays out is then branded here (organisation, site, recipient), so no
// template has to remember it.
import type { MailMessage, MailSite, RenderedMail } from '../mail-message.ts';
import { accountInvite } from './account-invite.ts';
import { auditCheckpoint } from './audit-checkpoint.ts';
import { commentMention } from './comment-mention.ts';
import { delegationNotice } from './delegation-notice.ts';
import { emailCode } from './email-code.ts';
import { enrollmentReminder } from './enrollment-reminder.ts';
import { passwordReset } from './password-reset.ts';
import { guestInvite } from './guest-invite.ts';
import { itemOutcome } from './item-outcome.ts';
import { reviewRequest } from './review-request.ts';
import { reviewReminder } from './review-reminder.ts';
import { stepOverdue } from './step-overdue.ts';
import { securityNotice } from './security-notice.ts';
import { twoFactorRecovery } from './two-factor-recovery.ts';
import { applyBrand } from './layout.ts';

/** `organization`: the name of the organisation the message is sent for (message.orgId), shown in the header and footer. */
export function renderMail(message: MailMessage, site: MailSite, brand: { organization?: string | undefined } = {}): RenderedMail {
  return applyBrand(renderTemplate(message, site), { organization: brand.organization, recipient: message.to, baseUrl: site.baseUrl });
}

function renderTemplate(message: MailMessage, site: MailSite): RenderedMail {
  switch (message.template) {
    case 'password-reset':
      return passwordReset(message.vars, site);
    case 'account-invite':
      return accountInvite(message.vars, site);
    case 'security-notice':
      return securityNotice(message.vars, site);
    case 'email-code':
      return emailCode(message.vars, site);
    case 'enrollment-reminder':
      return enrollmentReminder(message.vars, site);
    case 'review-request':
      return reviewRequest(message.vars, site);
    case 'item-outcome':
      return itemOutcome(message.vars, site);
    case 'guest-invite':
      return guestInvite(message.vars, site);
    case 'audit-checkpoint':
      return auditCheckpoint(message.vars, site);
    case 'two-factor-recovery':
      return twoFactorRecovery(message.vars, site);
    case 'comment-mention':
      return commentMention(message.vars, site);
    case 'delegation-notice':
      return delegationNotice(message.vars, site);
    case 'review-reminder':
      return reviewReminder(message.vars, site);
    case 'step-overdue':
      return stepOverdue(message.vars, site);
    default: {
      const unknown: never = message;
      throw new TypeError(`unknown mail template ${(unknown as { template: string }).template}`);
    }
  }
}
