// The one list of templates. Adding a message means a template file, a union member in
// mail-message.ts and a case here; the `never` check makes a missing case a compile error.
import type { MailMessage, MailSite, RenderedMail } from '../mail-message.ts';
import { accountInvite } from './account-invite.ts';
import { auditCheckpoint } from './audit-checkpoint.ts';
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

export function renderMail(message: MailMessage, site: MailSite): RenderedMail {
  switch (message.template) {
    case 'password-reset': return passwordReset(message.vars, site);
    case 'account-invite': return accountInvite(message.vars, site);
    case 'security-notice': return securityNotice(message.vars, site);
    case 'email-code': return emailCode(message.vars, site);
    case 'enrollment-reminder': return enrollmentReminder(message.vars, site);
    case 'review-request': return reviewRequest(message.vars, site);
    case 'item-outcome': return itemOutcome(message.vars, site);
    case 'guest-invite': return guestInvite(message.vars, site);
    case 'audit-checkpoint': return auditCheckpoint(message.vars, site);
    case 'two-factor-recovery': return twoFactorRecovery(message.vars, site);
    case 'review-reminder': return reviewReminder(message.vars, site);
    case 'step-overdue': return stepOverdue(message.vars, site);
    default: {
      const unknown: never = message;
      throw new TypeError(`unknown mail template ${(unknown as { template: string }).template}`);
    }
  }
}
