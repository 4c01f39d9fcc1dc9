import type { Accounts } from '../../accounts/index.ts';
import type { Audit } from '../../audit/index.ts';
import type { MailAttachment } from '../../mail/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Executor, Tx } from '../../platform/db/connect.ts';
import type { OrgId } from '../../platform/ids.ts';
import type { Keyring } from '../keyring.ts';

/** The witness email this domain queues; a member of mail's MailMessage union. */
type CheckpointMail = {
  orgId: string;
  to: string;
  template: 'audit-checkpoint';
  vars: { organization: string; seq: number; headHash: string; at: string; kid: string; filename: string };
  attachments: MailAttachment[];
};

export type CheckpointsDeps = {
  db: Db;
  clock: Clock;
  audit: Audit;
  accounts: Pick<Accounts, 'findOrganization' | 'listOrganizationIds'>;
  keyring: Keyring;
  /** The organisation's witnesses (settings `audit.witnesses`). */
  witnesses(db: Executor, orgId: OrgId): Promise<string[]>;
  /** The mail outbox: enqueue inside the caller's transaction. */
  mail: { enqueue(tx: Tx, message: CheckpointMail): Promise<{ id: string }> };
};
