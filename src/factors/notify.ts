// Security notices (docs/guide.md §2; docs/security.md H2, C7, G4): sent through email, a channel
// independent of the change, from inside the transaction that made the change.
import type { Tx } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import type { FactorsDeps } from './deps.ts';

/** `from`: where the change came from (browser in words, ISO time, IP address), listed in the notice when given. */
export type NoticeSource = { device?: string; at?: string; ip?: string };

export async function notifyUser(
  deps: Pick<FactorsDeps, 'accounts' | 'mail'>,
  tx: Tx,
  u: { orgId: OrgId; userId: UserId },
  event: string,
  detail: string,
  from: NoticeSource = {},
): Promise<void> {
  const contact = await deps.accounts.findContact(tx, u.orgId, u.userId);
  if (!contact) return;
  await deps.mail.enqueue(tx, { orgId: u.orgId, to: contact.email, template: 'security-notice', vars: { name: contact.name, event, detail, ...from } });
}
