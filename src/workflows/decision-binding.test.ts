import { describe, expect, it } from 'vitest';
import { decisionBinding, type DecisionFacts } from './decision-binding.ts';

const base: DecisionFacts = { itemId: 'itm_a', step: 0, round: 1, contentHash: 'a'.repeat(64), decision: 'approve', comment: 'fine' };

describe('decision binding', () => {
  it('is stable for the same decision', () => {
    expect(decisionBinding(base)).toBe(decisionBinding({ ...base }));
  });

  it('differs when any bound fact differs', () => {
    const variants: DecisionFacts[] = [
      { ...base, itemId: 'itm_b' },
      { ...base, step: 1 },
      { ...base, round: 2 },
      { ...base, contentHash: 'b'.repeat(64) },
      { ...base, decision: 'reject' },
      { ...base, comment: 'fine ' },
      { ...base, comment: '' },
    ];
    const all = new Set([decisionBinding(base), ...variants.map(decisionBinding)]);
    expect(all.size).toBe(variants.length + 1);
  });

  it('cannot be forged by moving text between fields', () => {
    expect(decisionBinding({ ...base, itemId: 'itm_a', comment: 'x' })).not.toBe(decisionBinding({ ...base, itemId: 'itm_ax', comment: '' }));
  });
});
