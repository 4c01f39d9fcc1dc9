import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Threshold } from './types.ts';
import { evaluateThreshold, neededApprovals } from './thresholds.ts';

const tallies = fc
  .integer({ min: 1, max: 12 })
  .chain((reviewers) =>
    fc
      .integer({ min: 0, max: reviewers })
      .chain((approvals) => fc.integer({ min: 0, max: reviewers - approvals }).map((rejections) => ({ reviewers, approvals, rejections }))),
  );
const thresholds: fc.Arbitrary<Threshold> = fc.oneof(
  fc.constant({ type: 'all' as const }),
  fc.constant({ type: 'any' as const }),
  fc.integer({ min: 1, max: 15 }).map((n) => ({ type: 'count' as const, n })),
);

describe('thresholds', () => {
  it('all: one rejection rejects, every approval approves', () => {
    expect(evaluateThreshold({ type: 'all' }, { reviewers: 3, approvals: 2, rejections: 0 })).toBe('open');
    expect(evaluateThreshold({ type: 'all' }, { reviewers: 3, approvals: 3, rejections: 0 })).toBe('approved');
    expect(evaluateThreshold({ type: 'all' }, { reviewers: 3, approvals: 2, rejections: 1 })).toBe('rejected');
  });

  it('any: one approval approves, only a unanimous rejection rejects', () => {
    expect(evaluateThreshold({ type: 'any' }, { reviewers: 3, approvals: 1, rejections: 0 })).toBe('approved');
    expect(evaluateThreshold({ type: 'any' }, { reviewers: 3, approvals: 0, rejections: 2 })).toBe('open');
    expect(evaluateThreshold({ type: 'any' }, { reviewers: 3, approvals: 0, rejections: 3 })).toBe('rejected');
  });

  it('at least N: closes when N approve or when N can no longer be reached', () => {
    const two = { type: 'count', n: 2 } as const;
    expect(evaluateThreshold(two, { reviewers: 4, approvals: 1, rejections: 2 })).toBe('open');
    expect(evaluateThreshold(two, { reviewers: 4, approvals: 2, rejections: 2 })).toBe('approved');
    expect(evaluateThreshold(two, { reviewers: 4, approvals: 0, rejections: 3 })).toBe('rejected');
  });

  it('at least N with fewer reviewers than N needs every reviewer', () => {
    expect(neededApprovals({ type: 'count', n: 5 }, 3)).toBe(3);
    expect(evaluateThreshold({ type: 'count', n: 5 }, { reviewers: 3, approvals: 3, rejections: 0 })).toBe('approved');
  });

  it('a step is decided once every reviewer has voted', () => {
    fc.assert(
      fc.property(thresholds, tallies, (th, t) => {
        const full = { ...t, rejections: t.reviewers - t.approvals };
        expect(evaluateThreshold(th, full)).not.toBe('open');
      }),
    );
  });

  it('one more approval never turns an approved step into anything else, one more rejection never approves', () => {
    fc.assert(
      fc.property(thresholds, tallies, (th, t) => {
        const now = evaluateThreshold(th, t);
        const undecided = t.reviewers - t.approvals - t.rejections;
        if (undecided === 0) return;
        const approve = evaluateThreshold(th, { ...t, approvals: t.approvals + 1 });
        const reject = evaluateThreshold(th, { ...t, rejections: t.rejections + 1 });
        if (now === 'approved') expect(approve).toBe('approved');
        if (now !== 'approved') expect(reject).not.toBe('approved');
        if (now === 'rejected') expect(reject).toBe('rejected');
      }),
    );
  });

  it('refuses an impossible tally', () => {
    expect(() => evaluateThreshold({ type: 'any' }, { reviewers: 2, approvals: 2, rejections: 1 })).toThrow(TypeError);
    expect(() => neededApprovals({ type: 'any' }, 0)).toThrow(TypeError);
  });
});
