// The printable signature report of an item (docs/guide.md §7, docs/security.md J1): every signature
// manifestation (printed name, meaning, UTC time, the content SHA-256 it signs, whether its seal
// still verifies, the second factor), every decision with its method and comment, and the item's
// audit entries, as a PDF rendered in a worker thread. Generating it is audited.
import type { Actor } from '../accounts/index.ts';
import { renderSignatureReport } from '../signatures/index.ts';
import type { WorkflowsDeps } from './deps.ts';
import type { ItemView } from './types.ts';
import type { ItemId } from '../platform/ids.ts';

/** One line of an audit entry's data for the report table: the facts a reader needs, no ids noise. */
function summarise(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const d = data as Record<string, unknown>;
  const keys = [
    'decision',
    'onBehalfOf',
    'comment',
    'method',
    'meaning',
    'printedName',
    'outcome',
    'status',
    'title',
    'email',
    'reason',
    'revision',
    'note',
    'contentHash',
    'format',
  ];
  return keys
    .filter((k) => d[k] !== undefined && d[k] !== null && d[k] !== '')
    .map((k) => `${k}: ${typeof d[k] === 'string' ? d[k] : JSON.stringify(d[k])}`)
    .join('; ');
}

export function createSignatureReport(deps: WorkflowsDeps, getItem: (actor: Actor, id: ItemId) => Promise<ItemView>) {
  const { db, audit, clock, accounts, config } = deps;

  /** `evidence`: the item's signed evidence bundle (built by the evidence domain), attached to the PDF. */
  return async function signatureReport(
    actor: Actor,
    id: ItemId,
    meta: { ip: string; requestId?: string | undefined },
    evidence?: { json: string },
  ): Promise<{ pdf: Uint8Array; fileName: string }> {
    const item = await getItem(actor, id);
    const org = await accounts.findOrganization(db, actor.orgId);
    const trail = await audit.export(db, actor.orgId, { itemId: item.id });
    const stepName = (i: number | undefined) => (i === undefined ? '' : (item.steps[i]?.name ?? `Step ${i + 1}`));
    const generatedAt = new Date(clock.now()).toISOString();
    const pdf = await renderSignatureReport({
      siteName: config.siteName,
      generatedAt,
      methodNames: deps.factors.methodNames,
      organization: org?.name ?? '',
      item: {
        id: item.id,
        title: item.title,
        status: item.status,
        contentHash: item.contentHash,
        workflowName: item.workflow.name,
        workflowVersion: item.workflow.version,
        submitter: `${item.submitter.name} <${item.submitter.email}>`,
        submittedAt: item.createdAt,
        revision: item.revision,
        cancelReason: item.history.findLast((h) => h.action === 'cancelled')?.comment,
      },
      signatures: item.history
        .filter((h) => h.signature)
        .map((h) => {
          const sig = h.signature!;
          // A signature within 24 hours of the signer's credentials being reset (two-person rule, J5).
          const reset = sig.credentialsReset ? { at: sig.credentialsReset.at, by: sig.credentialsReset.by.map((p) => p.label).join(' and ') } : undefined;
          return {
            printedName: sig.printedName,
            email: sig.email,
            meaning: sig.meaning,
            signedAt: sig.signedAt,
            decision: sig.decision,
            stepName: stepName(h.step),
            contentHash: sig.contentHash,
            valid: sig.valid,
            method: h.method ?? null,
            ...(reset ? { credentialsReset: reset } : {}),
            ...(sig.revision ? { revision: sig.revision, superseded: sig.superseded === true } : {}),
            ...(h.onBehalfOf ? { onBehalfOf: `${h.onBehalfOf.name} <${h.onBehalfOf.email}>` } : {}),
          };
        }),
      decisions: item.history
        .filter((h) => h.action === 'decided' && h.decision)
        .map((h) => ({
          at: h.at,
          stepName: h.stepName ?? stepName(h.step),
          actor:
            (h.actor ? `${h.actor.name} <${h.actor.email}>${h.actor.guest ? ' (guest)' : ''}` : 'unknown') +
            (h.onBehalfOf ? ` on behalf of ${h.onBehalfOf.name} <${h.onBehalfOf.email}>` : ''),
          decision: h.decision!,
          method: h.method ?? null,
          comment: h.comment,
          ...(h.revision ? { revision: h.revision, superseded: h.revision < (item.revision ?? 1) } : {}),
        })),
      devMailbox: config.devMailbox === true,
      evidence,
      auditEntries: trail.entries.map((e) => ({ seq: e.seq, at: e.at, type: e.type, actor: e.actor.label ?? '', summary: summarise(e.data), hash: e.hash })),
    });
    await db.transaction().execute((tx) =>
      audit.append(tx, {
        orgId: actor.orgId,
        type: 'signature_report.generated',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'item', id: item.id },
        data: {
          itemId: item.id,
          signatures: item.history.filter((h) => h.signature).length,
          auditEntries: trail.entries.length,
          contentHash: item.contentHash,
        },
        ip: meta.ip,
        requestId: meta.requestId,
      }),
    );
    return { pdf, fileName: `signature-report-${item.id}.pdf` };
  };
}
