// The exact decision a second factor is bound to (docs/guide.md §5, docs/security.md F7): item, step,
// round, content version, approve/reject and the comment. The binding is a SHA-256 over a
// canonical encoding, so a code or passkey assertion obtained for one decision never verifies
// another (another item, step, content, outcome or comment), and a passkey signs a challenge
// whose server-side record carries this digest. A delegate's decision for someone else also
// binds whose task it decides (`onBehalfOf`, appended only then, so the binding of an ordinary
// decision, and the evidence made before delegation existed, stay as they were): a code proven
// for one's own decision never confirms one made on someone's behalf, nor the reverse.
import { createHash } from 'node:crypto';

export type DecisionFacts = {
  itemId: string;
  step: number;
  round: number;
  contentHash: string;
  decision: 'approve' | 'reject';
  comment: string;
  onBehalfOf?: string | null | undefined;
};

export const commentHash = (comment: string) => createHash('sha256').update(comment, 'utf8').digest('hex');

export function decisionBinding(f: DecisionFacts): string {
  const facts: (string | number)[] = ['signoff-decision-v1', f.itemId, f.step, f.round, f.contentHash, f.decision, commentHash(f.comment)];
  if (f.onBehalfOf) facts.push('on-behalf-of', f.onBehalfOf);
  const canonical = JSON.stringify(facts);
  return `decision:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}
