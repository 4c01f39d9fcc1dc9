// The generated secret key: created once, shared by racing processes, and a data directory
// that refuses the write is reported, not retried until the stack overflows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecretKey } from './secret-key.ts';

describe('secret key', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const scratch = () => {
    const d = mkdtempSync(join(tmpdir(), 'signoff-key-'));
    dirs.push(d);
    return d;
  };

  it('generates a key once and reads it back afterwards', () => {
    const dir = scratch();
    const first = loadOrCreateSecretKey({ secretKeyHex: undefined, dataDir: dir });
    expect(first.generated).toBe(true);
    expect(loadOrCreateSecretKey({ secretKeyHex: undefined, dataDir: dir })).toEqual({ hex: first.hex, generated: false });
  });

  it('reads the key another process wrote first', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'secret.key'), `${'ab'.repeat(32)}\n`);
    expect(loadOrCreateSecretKey({ secretKeyHex: undefined, dataDir: dir }).hex).toBe('ab'.repeat(32));
  });

  it('throws the write error at once when the directory refuses the file (no retry until the stack overflows)', () => {
    // /proc/self exists and refuses new files whoever we run as (root included): a write
    // error other than EEXIST. Before the fix this recursed into a RangeError.
    let error: unknown;
    try {
      loadOrCreateSecretKey({ secretKeyHex: undefined, dataDir: '/proc/self' });
    } catch (err) {
      error = err;
    }
    expect(error).not.toBeInstanceOf(RangeError);
    expect((error as NodeJS.ErrnoException).code).toMatch(/^E[A-Z]+$/);
  });
});
