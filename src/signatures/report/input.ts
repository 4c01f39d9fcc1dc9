// What the signature report prints (docs/guide.md §7, docs/security.md J1; 21 CFR 11.50(b): the printed
// name, the date and time and the meaning "shall be included as part of any human readable form
// of the electronic record (such as ... printout)").

import type { Method } from '../../http/contract/methods.ts';

/** A decision's second factor: the methods of API.md, or `null` when none was asked for. */
export type ReportMethod = Method | null;

type ReportSignature = {
  printedName: string;
  email: string;
  meaning: string;
  signedAt: string /* ISO UTC */;
  decision: 'approve' | 'reject';
  stepName: string;
  contentHash: string;
  /** The HMAC seal still matches the record and the item's content. */
  valid: boolean;
  /** The second factor given with the signature. */
  method?: ReportMethod | undefined;
  /** The signer's password and factors were reset by an admin at `at` (ISO UTC), by `by`. */
  credentialsReset?: { at: string; by: string } | undefined;
  /** The item revision it was given for; `superseded` when the item has a newer one (the seal still holds, it no longer counts). */
  revision?: number | undefined;
  superseded?: boolean | undefined;
  /** The signer decided as an out-of-office delegate, for this person ("Name <email>"). */
  onBehalfOf?: string | undefined;
};

type ReportDecision = {
  at: string /* ISO UTC */;
  actor: string;
  stepName: string;
  decision: 'approve' | 'reject';
  method: ReportMethod;
  comment?: string | undefined;
  revision?: number | undefined;
  superseded?: boolean | undefined;
};

type ReportAuditEntry = { seq: number; at: string; type: string; actor: string; summary: string; hash: string };

export type SignatureReportInput = {
  siteName: string;
  generatedAt: string /* ISO UTC */;
  organization: string;
  item: {
    id: string;
    title: string;
    status: string;
    contentHash: string;
    workflowName: string;
    workflowVersion: number;
    submitter: string;
    submittedAt: string;
    /** The current revision (1 at submission), and the reason given when the item was cancelled. */
    revision?: number | undefined;
    cancelReason?: string | undefined;
  };
  /** Each second-factor method's name in print, from its strategy (`recordName`, src/factors): a new method brings its own. */
  methodNames: Readonly<Record<string, string>>;
  signatures: ReportSignature[];
  /** Every decision on the item, signed or not, with its second-factor method. */
  decisions?: ReportDecision[] | undefined;
  auditEntries: ReportAuditEntry[];
  /** Mail of this instance is readable in the development mailbox (codes included): printed as a warning. */
  devMailbox?: boolean | undefined;
  /** The item's evidence bundle: attached as `evidence.json`, its SHA-256 printed on the first page. */
  evidence?: { json: string } | undefined;
};
