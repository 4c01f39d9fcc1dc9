import { describe, expect, it } from 'vitest';
import { votesLabel } from './workflow-labels.ts';

describe('where a step’s votes stand', () => {
  it('counts against all reviewers on an "all" step', () => {
    expect(votesLabel({ type: 'all' }, { approve: 0, reject: 0, reviewers: 2 })).toBe('0 of 2 approved');
  });

  it('needs one approval on an "any one" step, however many reviewers it has', () => {
    expect(votesLabel({ type: 'any' }, { approve: 0, reject: 0, reviewers: 2 })).toBe('0 of 1 needed approval (2 reviewers)');
    expect(votesLabel({ type: 'any' }, { approve: 0, reject: 1, reviewers: 3 })).toBe('0 of 1 needed approval (3 reviewers), 1 rejected');
  });

  it('needs n approvals on an "at least n" step', () => {
    expect(votesLabel({ type: 'count', n: 2 }, { approve: 1, reject: 0, reviewers: 4 })).toBe('1 of 2 needed approvals (4 reviewers)');
  });
});
