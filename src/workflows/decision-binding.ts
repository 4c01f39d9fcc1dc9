// The exact decision a second factor is bound to (PRODUCT.md §5, SECURITY.md F7): item, step,
// round, content version, approve/reject and the comment. The binding is a SHA-256 over a
// canonical encoding, so a code or passkey assertion obtained for one decision never verifies
// another (another item, step, content, outcome or comment), and a passkey signs a challenge
// whose server-side record carries this digest.
import { createHash } from 'node:crypto';

export type DecisionFacts = { itemId: string; step: number; round: number; contentHash: string; decision: 'approve' | 'reject'; comment: string };

export const commentHash = (comment: string) => createHash('sha256').update(comment, 'utf8').digest('hex');

export function decisionBinding(f: DecisionFacts): string {
  const canonical = JSON.stringify(['signoff-decision-v1', f.itemId, f.step, f.round, f.contentHash, f.decision, commentHash(f.comment)]);
  return `decision:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}
