// SIGNOFF_SECRET_KEY: 32 bytes. With the embedded default it is generated once into the data
// directory (mode 0600); with PostgreSQL config.ts refuses to start without it, because every
// instance must share one key. Purpose-specific keys are derived with HKDF (RFC 5869), so the
// HMAC key and the encryption key are never the same bytes.
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Keys = { hmacKey: Uint8Array; encryptionKey: Uint8Array };

export function loadOrCreateSecretKey(opts: { secretKeyHex: string | undefined; dataDir: string }): { hex: string; generated: boolean } {
  if (opts.secretKeyHex) return { hex: opts.secretKeyHex.toLowerCase(), generated: false };
  const file = join(opts.dataDir, 'secret.key');
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold 64 hex characters`);
    return { hex, generated: false };
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const hex = randomBytes(32).toString('hex');
  // 'wx' fails with EEXIST if another process created it first; then read theirs. Any other
  // failure (read-only or full data directory) is the caller's to report, never a retry.
  try {
    writeFileSync(file, `${hex}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecretKey(opts);
    throw err;
  }
  return { hex, generated: true };
}

export function deriveKeys(hex: string): Keys {
  const ikm = Buffer.from(hex, 'hex');
  const derive = (info: string) => new Uint8Array(hkdfSync('sha256', ikm, Buffer.alloc(0), info, 32));
  return { hmacKey: derive('signoff/hmac/v1'), encryptionKey: derive('signoff/secret-box/v1') };
}
