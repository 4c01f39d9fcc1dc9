// Small builders shared by the mail tests.
import { manualClock } from '../../../src/platform/clock.ts';
import type { Config } from '../../../src/platform/config.ts';
import type { MailMessage } from '../../../src/mail/index.ts';

export type MailConfig = Pick<Config, 'mail' | 'dataDir' | 'siteName' | 'baseUrl' | 'mailPollMs'>;

/** `devMailbox`: SIGNOFF_DEV_MAILBOX=1, which keeps the mailbox page beside SMTP. */
export function smtpConfig(url: string, dataDir = '/nonexistent', devMailbox = false): MailConfig {
  return {
    mail: { transport: 'smtp', smtpUrl: url, from: 'Signoff Test <signoff@example.test>', devMailbox, mailboxPage: devMailbox },
    dataDir,
    siteName: 'Acme Signoff',
    baseUrl: 'https://signoff.example.test',
    mailPollMs: 50,
  };
}

export function mailboxConfig(dataDir: string, devMailbox = true): MailConfig {
  return {
    mail: { transport: 'mailbox', from: 'Signoff Test <signoff@example.test>', devMailbox, mailboxPage: true },
    dataDir,
    siteName: 'Acme Signoff',
    baseUrl: 'https://signoff.example.test',
    mailPollMs: 50,
  };
}

export function resetMessage(orgId: string | null, to: string, name = 'Ada'): MailMessage {
  return { orgId, to, template: 'password-reset', vars: { name, link: `https://signoff.example.test/reset#t=${encodeURIComponent(to)}`, expiresMinutes: 30 } };
}

/** A message that carries no credential: nothing in it expires. */
export function noticeMessage(orgId: string | null, to: string, detail = 'From 192.0.2.1.'): MailMessage {
  return { orgId, to, template: 'security-notice', vars: { name: 'Ada', event: 'password changed', detail } };
}

export const testClock = () => manualClock(Date.UTC(2026, 2, 1, 9, 0, 0));

/** Collects log lines so a test can assert that one was written. */
export function recordingLog() {
  const lines: { level: 'info' | 'warn' | 'error'; obj: object; msg: string | undefined }[] = [];
  return {
    lines,
    info: (obj: object, msg?: string) => {
      lines.push({ level: 'info', obj, msg });
    },
    warn: (obj: object, msg?: string) => {
      lines.push({ level: 'warn', obj, msg });
    },
    error: (obj: object, msg?: string) => {
      lines.push({ level: 'error', obj, msg });
    },
  };
}
