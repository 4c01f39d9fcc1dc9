import { describe, expect, it } from 'vitest';
import { freshErrors, snapshotOf, valueAt } from './use-field-errors.ts';

describe('field messages tied to the refused value', () => {
  it('finds a field by flat name first, then by dotted path into nested drafts', () => {
    const values = { 'trustedDevices.days': '0', steps: [{ name: '', reviewers: [] }], email: 'a@b' };
    expect(valueAt(values, 'trustedDevices.days')).toBe('0');
    expect(valueAt(values, 'steps.0.name')).toBe('');
    expect(valueAt(values, 'steps.3.name')).toBeUndefined();
    expect(valueAt((f) => `value of ${f}`, 'x')).toBe('value of x');
  });

  it('keeps a message while its field holds the refused value, and drops it once the field changes', () => {
    const refused = snapshotOf({ email: 'taken@acme.test', name: '' }, ['email', 'name']);
    const errors = { email: 'That email is taken', name: 'Give a name' };
    expect(freshErrors(errors, refused, { email: 'taken@acme.test', name: '' })).toEqual(errors);
    expect(freshErrors(errors, refused, { email: 'new@acme.test', name: '' })).toEqual({ name: 'Give a name' });
    // Put back, the refused value is refused again: the message is still true.
    expect(freshErrors(errors, refused, { email: 'taken@acme.test', name: 'Rita' })).toEqual({ email: 'That email is taken' });
  });

  it('compares lists and objects by content, and keeps a message about a field the form does not name', () => {
    const refused = snapshotOf({ reviewers: [] }, ['reviewers', 'audit']);
    expect(freshErrors({ reviewers: 'Add one', audit: 'Bad' }, refused, { reviewers: [] })).toEqual({ reviewers: 'Add one', audit: 'Bad' });
    expect(freshErrors({ reviewers: 'Add one', audit: 'Bad' }, refused, { reviewers: [{ user: 'u1' }] })).toEqual({ audit: 'Bad' });
  });
});
