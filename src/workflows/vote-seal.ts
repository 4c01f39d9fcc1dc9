// The Ed25519 seal of a vote (issue 10): at decision time the vote's facts, the content it was
// cast on, the decision binding the second factor was proven for and a passkey's assertion are
// signed with the deployment's evidence key. The history shows a decision as valid only when
// its entry matches a vote whose seal verifies; an edited vote, history row or signature shows.
import type { PasskeyEvidence } from '../factors/index.ts';
import type { NewVote } from './items.store.ts';

export type SealedVote = {
  v: 'signoff-vote-v1';
  id: string;
  orgId: string;
  itemId: string;
  round: number;
  step: number;
  reviewerKey: string;
  userId: string | null;
  inviteId: string | null;
  decision: string;
  comment: string | null;
  contentHash: string | null;
  binding: string | null;
  method: string | null;
  factorId: string | null;
  signatureId: string | null;
  decidedAt: number;
  passkey: PasskeyEvidence | null;
  /** A delegate's vote: whose task it decided. Absent otherwise, so seals made before it existed still verify. */
  onBehalfOf?: string;
};

function parsePasskey(stored: string | null): PasskeyEvidence | null {
  if (!stored) return null;
  try {
    return JSON.parse(stored) as PasskeyEvidence;
  } catch {
    return null;
  }
}

/** Exactly what the seal covers, read from the row as it is now. */
export const sealedVote = (r: Omit<NewVote, 'seal' | 'seal_kid'>): SealedVote => ({
  v: 'signoff-vote-v1',
  id: r.id,
  orgId: r.org_id,
  itemId: r.item_id,
  round: Number(r.round),
  step: Number(r.step_index),
  reviewerKey: r.reviewer_key,
  userId: r.user_id,
  inviteId: r.invite_id,
  decision: r.decision,
  comment: r.comment,
  contentHash: r.content_hash,
  binding: r.binding,
  method: r.method,
  factorId: r.factor_id,
  signatureId: r.signature_id,
  decidedAt: Number(r.decided_at),
  passkey: parsePasskey(r.passkey_evidence),
  ...(r.on_behalf_of ? { onBehalfOf: r.on_behalf_of } : {}),
});
