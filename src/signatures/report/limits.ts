// Caps on what one report prints, so the report of an item with absurd data still ends quickly
// (every layout step is linear in what is left). What is cut is said on the first page.
import type { SignatureReportInput } from './input.ts';

export const REPORT_LIMITS = {
  /** Characters of any one text (a comment, a title, a summary). */
  text: 10_000,
  /** Characters of a name, an email, a meaning, a step name. */
  label: 500,
  signatures: 500,
  decisions: 2_000,
  auditEntries: 2_000,
  /** Bytes of the evidence bundle attached; a larger one is named with its hash but not attached. */
  evidenceBytes: 20 * 1024 * 1024,
} as const;

export type BoundedInput = SignatureReportInput & { decisions: NonNullable<SignatureReportInput['decisions']>; notes: string[] };

const cut = (s: unknown, max: number, what: string, notes: Set<string>): string => {
  const text = typeof s === 'string' ? s : s === undefined || s === null ? '' : String(s);
  if (text.length <= max) return text;
  notes.add(`Some ${what} longer than ${max.toLocaleString('en')} characters are cut short (marked "[…]").`);
  return `${text.slice(0, max)} […]`;
};

function list<T>(items: T[] | undefined, max: number, what: string, notes: Set<string>): T[] {
  const all = Array.isArray(items) ? items : [];
  if (all.length > max) notes.add(`Only the first ${max.toLocaleString('en')} of ${all.length.toLocaleString('en')} ${what} are printed.`);
  return all.slice(0, max);
}

/** The input with every text and list cut to REPORT_LIMITS, and notes saying what was cut. */
export function boundInput(input: SignatureReportInput): BoundedInput {
  const notes = new Set<string>();
  const text = (s: unknown) => cut(s, REPORT_LIMITS.text, 'texts', notes);
  const label = (s: unknown) => cut(s, REPORT_LIMITS.label, 'names and labels', notes);
  const { item } = input;
  return {
    siteName: label(input.siteName),
    generatedAt: label(input.generatedAt),
    organization: label(input.organization),
    item: {
      id: label(item.id),
      title: text(item.title),
      status: label(item.status),
      contentHash: label(item.contentHash),
      workflowName: label(item.workflowName),
      workflowVersion: item.workflowVersion,
      submitter: label(item.submitter),
      submittedAt: label(item.submittedAt),
      ...(item.revision ? { revision: item.revision } : {}),
      ...(item.cancelReason ? { cancelReason: text(item.cancelReason) } : {}),
    },
    methodNames: input.methodNames,
    signatures: list(input.signatures, REPORT_LIMITS.signatures, 'signatures', notes).map((s) => ({
      printedName: label(s.printedName),
      email: label(s.email),
      meaning: label(s.meaning),
      signedAt: label(s.signedAt),
      decision: s.decision,
      stepName: label(s.stepName),
      contentHash: label(s.contentHash),
      valid: s.valid === true,
      method: s.method ?? null,
      ...(s.credentialsReset ? { credentialsReset: { at: label(s.credentialsReset.at), by: label(s.credentialsReset.by) } } : {}),
      ...(s.revision ? { revision: s.revision, superseded: s.superseded === true } : {}),
      ...(s.onBehalfOf ? { onBehalfOf: label(s.onBehalfOf) } : {}),
    })),
    decisions: list(input.decisions, REPORT_LIMITS.decisions, 'decisions', notes).map((d) => ({
      at: label(d.at),
      actor: label(d.actor),
      stepName: label(d.stepName),
      decision: d.decision,
      method: d.method ?? null,
      comment: text(d.comment),
      ...(d.revision ? { revision: d.revision, superseded: d.superseded === true } : {}),
    })),
    auditEntries: list(input.auditEntries, REPORT_LIMITS.auditEntries, 'audit entries', notes).map((e) => ({
      seq: e.seq,
      at: label(e.at),
      type: label(e.type),
      actor: label(e.actor),
      summary: text(e.summary),
      hash: label(e.hash),
    })),
    devMailbox: input.devMailbox === true,
    ...(input.evidence ? { evidence: { json: String(input.evidence.json) } } : {}),
    get notes() {
      return [...notes];
    },
  };
}
