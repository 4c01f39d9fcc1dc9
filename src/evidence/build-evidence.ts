// The evidence bundle of one item (issue 10, API.md "Evidence"): one JSON document an auditor
// checks without the server (verify-bundle.ts): the item and the SHA-256 of each content
// version, the workflow definition it ran under, every decision with its binding and the
// facts that went into it (and a passkey's assertion), every e-signature manifestation, each
// record with its Ed25519 seal, the item's audit entries with every hashed field, the latest
// signed checkpoint, and whether the deployment kept a development mailbox. The document is
// RFC 8785 (JCS) canonical JSON, signed with the deployment's Ed25519 evidence key: `signature`
// covers the JCS of the document without `signature`.
import type { Actor } from '../accounts/index.ts';
import { canonicalJson, type Audit, type AuditEntryView } from '../audit/index.ts';
import { iso, type Clock } from '../platform/clock.ts';
import { signDetached, type PublicJwk } from '../platform/crypto/ed25519.ts';
import type { Db, Executor } from '../platform/db/connect.ts';
import { sealedSignature as sealedSignatureOf } from '../signatures/index.ts';
import type { Workflows } from '../workflows/index.ts';
import { commentHash } from '../workflows/index.ts';
import type { Keyring } from './keyring.ts';
import type { ItemId } from '../platform/ids.ts';

const EVIDENCE_FORMAT = 'signoff-evidence-v1';

/** A signed audit checkpoint (audit's `latestCheckpoint`, wired by main.ts once it exists). */
type Checkpoint = { organization: string; seq: number; headHash: string; at: string; kid: string; signature: string };

export type EvidenceDeps = {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  audit: Pick<Audit, 'export'>;
  workflows: Pick<Workflows, 'evidenceFacts'>;
  config: { siteName: string; baseUrl: string; /** SIGNOFF_DEV_MAILBOX as set (not implied by the embedded mailbox). */ devMailbox: boolean };
  latestCheckpoint?: ((db: Executor, orgId: string) => Promise<Checkpoint | null>) | undefined;
};

/** Every field `audit/chain.ts` hashes, as stored, beside the hash. */
const hashedEntry = (orgId: string, e: AuditEntryView) => ({
  orgId,
  seq: e.seq,
  at: Date.parse(e.at),
  type: e.type,
  actorUserId: e.actor.userId,
  actorLabel: e.actor.label,
  targetType: e.target?.type ?? null,
  targetId: e.target?.id ?? null,
  data: e.data,
  ip: e.ip,
  requestId: e.requestId,
  prevHash: e.prevHash,
  hash: e.hash,
});

/** The item's evidence for a reader of it: `document` and `json`, the exact JCS text served (signature included). */
export async function buildEvidence(deps: EvidenceDeps, actor: Actor, itemId: ItemId): Promise<{ document: Record<string, unknown>; json: string }> {
  const { db } = deps;
  const f = await deps.workflows.evidenceFacts(db, actor, itemId);
  const orgId = actor.orgId;
  const key = await deps.keyring.current(db);
  const audit = (await deps.audit.export(db, orgId, { itemId: f.item.id })).entries;
  const stepName = (i: number) => f.stepNames[i] ?? '';

  // Content versions: each revision the item keeps (its number, SHA-256, note and time); for an
  // item without version rows, each content SHA-256 the trail records (submission, later
  // revisions), in order, and the one it carries now.
  const versions: { version: number; sha256: string; at: string; note?: string | null }[] = f.versions.map((v) => ({
    version: Number(v.revision),
    sha256: v.content_hash,
    at: iso(Number(v.created_at)),
    note: v.note,
  }));
  if (versions.length === 0)
    for (const e of audit) {
      const hash = (e.data as { contentHash?: unknown } | null)?.contentHash;
      if ((e.type === 'item.submitted' || e.type === 'item.revised') && typeof hash === 'string' && !versions.some((v) => v.sha256 === hash))
        versions.push({ version: versions.length + 1, sha256: hash, at: e.at });
    }
  if (!versions.some((v) => v.sha256 === f.item.content_hash))
    versions.push({ version: versions.length + 1, sha256: f.item.content_hash, at: iso(Number(f.item.updated_at)) });

  // Each decision as sealed, beside what the item's history says of it; a history decision
  // without a vote is listed too (it has no seal, and the verifier says so).
  const decided = f.events.filter((e) => e.action === 'decided');
  const matchOf = (v: (typeof f.votes)[number]) =>
    decided.find(
      (e) =>
        Number(e.step_index) === Number(v.row.step_index) &&
        Number(e.at) === Number(v.row.decided_at) &&
        (e.actor_invite_id ? e.actor_invite_id === v.row.invite_id : e.actor_user_id === v.row.user_id),
    );
  const historyOf = (e: (typeof decided)[number] | undefined) =>
    e
      ? {
          at: iso(Number(e.at)),
          reviewer: { userId: e.actor_user_id, inviteId: e.actor_invite_id, name: e.actor_name, email: e.actor_email },
          step: e.step_index === null ? null : Number(e.step_index),
          decision: e.decision,
          comment: e.comment,
          method: e.method,
          signatureId: e.signature_id,
          ...(e.on_behalf_of_user_id ? { onBehalfOf: { userId: e.on_behalf_of_user_id, name: e.on_behalf_of_name, email: e.on_behalf_of_email } } : {}),
        }
      : null;
  const decisions: unknown[] = f.votes.map((v) => {
    const s = v.sealed;
    const history = matchOf(v);
    return {
      id: s.id,
      reviewer: { userId: s.userId, inviteId: s.inviteId, name: history?.actor_name ?? null, email: history?.actor_email ?? null, guest: s.inviteId !== null },
      step: s.step,
      stepName: stepName(s.step),
      round: s.round,
      revision: f.revisionOfRound(s.round),
      choice: s.decision,
      comment: s.comment,
      at: iso(s.decidedAt),
      method: s.method,
      // A delegate's vote: the reviewer is the delegate (their factors, their signature), deciding this person's task.
      ...(s.onBehalfOf ? { onBehalfOf: { userId: s.onBehalfOf, name: history?.on_behalf_of_name ?? null, email: history?.on_behalf_of_email ?? null } } : {}),
      binding: {
        scheme: 'signoff-decision-v1',
        digest: s.binding,
        facts: {
          itemId: s.itemId,
          step: s.step,
          round: s.round,
          contentHash: s.contentHash,
          decision: s.decision,
          comment: s.comment ?? '',
          commentSha256: commentHash(s.comment ?? ''),
          ...(s.onBehalfOf ? { onBehalfOf: s.onBehalfOf } : {}),
        },
      },
      passkey: s.passkey ? { ...s.passkey, publicKeyFormats: 'cose: RFC 9053 COSE_Key; spki: DER SubjectPublicKeyInfo (RFC 5280); both base64url' } : null,
      history: historyOf(history),
      sealed: s,
      seal: v.row.seal ? { kid: v.row.seal_kid, signature: v.row.seal } : null,
    };
  });
  for (const e of decided) {
    if (f.votes.some((v) => matchOf(v) === e)) continue;
    decisions.push({ id: e.id, history: historyOf(e), sealed: null, seal: null });
  }

  const signatureOf = (r: (typeof f.signatures)[number]['row'], sealed: unknown, view: Record<string, unknown> | undefined) => ({
    id: r.id,
    printedName: r.printed_name,
    email: r.email,
    signedAt: iso(Number(r.signed_at)),
    meaning: r.meaning,
    decision: r.decision,
    step: Number(r.step_index),
    stepName: stepName(Number(r.step_index)),
    round: Number(r.round),
    revision: f.revisionOfRound(Number(r.round)),
    contentHash: r.content_hash,
    itemId: r.item_id,
    sealed,
    seal: r.seal ? { kid: r.seal_kid, signature: r.seal } : null,
    ...(view && 'credentialsReset' in view ? { credentialsReset: view['credentialsReset'] } : {}),
  });
  const signatures = [
    ...f.signatures.map((s) => signatureOf(s.row, s.sealed, s.view as Record<string, unknown>)),
    // Records a vote names that are no longer on this item, as the rows read now: their seal
    // (over the item they were made on) no longer verifies, and the verifier names them.
    ...f.elsewhere.map((r) => signatureOf(r, sealedSignatureOf(r), undefined)),
  ];

  // The conversation on the item (workflows/comments): each comment as stored, with the SHA-256
  // of its text, which its chained item.commented audit entry must carry too.
  const comments = f.comments.map((c) => ({
    id: c.id,
    at: iso(Number(c.at)),
    revision: Number(c.revision),
    author: {
      userId: c.author_user_id,
      ...(c.author_invite_id !== null ? { inviteId: c.author_invite_id, guest: true } : {}),
      name: c.author_name,
      email: c.author_email,
    },
    text: c.text,
    textSha256: commentHash(c.text),
    mentions: JSON.parse(c.mentions) as string[],
  }));

  const unsigned = {
    format: EVIDENCE_FORMAT,
    generatedAt: iso(deps.clock.now()),
    issuer: { siteName: deps.config.siteName, baseUrl: deps.config.baseUrl, jwksUrl: `${deps.config.baseUrl}/.well-known/signoff/jwks.json` },
    kid: key.kid,
    publicKey: key.publicJwk satisfies PublicJwk,
    organization: orgId,
    item: {
      id: f.item.id,
      title: f.item.title,
      description: f.item.description,
      status: f.item.status,
      submitter: { userId: f.item.submitter_id, name: f.submitter?.name ?? null, email: f.submitter?.email ?? null },
      createdAt: iso(Number(f.item.created_at)),
      contentHash: f.item.content_hash,
      revision: Number(f.item.revision ?? 1),
      content: f.upload ? { type: 'file', name: f.upload.name, size: Number(f.upload.size) } : { type: 'text' },
      contentVersions: versions,
    },
    workflow: { id: f.item.workflow_id, name: f.def.name, version: f.def.version, definition: { steps: f.def.steps } },
    decisions,
    signatures,
    comments,
    audit: { chain: 'sha256(JCS(entry without hash)), audit/chain.ts', entries: audit.map((e) => hashedEntry(orgId, e)) },
    checkpoint: deps.latestCheckpoint ? await deps.latestCheckpoint(db, orgId) : null,
    deployment: { devMailbox: deps.config.devMailbox },
  };
  const signature = signDetached(key, canonicalJson(unsigned));
  const document = { ...unsigned, signature };
  return { document, json: canonicalJson(document) };
}
