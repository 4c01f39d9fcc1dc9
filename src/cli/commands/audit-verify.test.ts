// `--checkpoint FILE...`: several files after one flag, the flag repeated, or `--checkpoint=FILE`.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.ts';
import { checkpointFiles } from './audit-verify.ts';

describe('checkpointFiles', () => {
  it('collects every file after the flag until the next flag, across repeats', () => {
    expect(checkpointFiles(['audit', 'verify', '--checkpoint', 'a.json', 'b.json', '--organization', 'acme'])).toEqual(['a.json', 'b.json']);
    expect(checkpointFiles(['audit', 'verify', '--checkpoint', 'a.json', '--checkpoint=b.json', '--checkpoint', 'c.json'])).toEqual(['a.json', 'b.json', 'c.json']);
    expect(checkpointFiles(['audit', 'verify'])).toEqual([]);
  });

  it('refuses the flag without a file', () => {
    expect(() => checkpointFiles(['audit', 'verify', '--checkpoint', '--organization', 'acme'])).toThrow(UsageError);
  });
});
