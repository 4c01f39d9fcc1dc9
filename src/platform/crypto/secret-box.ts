// AES-256-GCM with a key id, for secrets that must be read back (TOTP seeds). The stored form is
// `v1.<keyId>.<iv>.<ciphertext+tag>` in base64url, so keys can rotate: a new key gets a new id
// and old records stay readable while any key with their id is configured.
import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

export type SecretBox = { seal(plain: string, aad: string): string; open(sealed: string, aad: string): string; keyId: string };

export function createSecretBox(keys: Uint8Array[]): SecretBox {
  if (keys.length === 0) throw new TypeError('at least one key');
  // KeyObjects, imported once: a raw key is imported again by every cipher (~30 µs an open against ~6).
  const byId = new Map<string, KeyObject>(keys.map((k) => [keyIdOf(k), createSecretKey(k)] as const));
  const currentId = keyIdOf(keys[0]!);
  const current = byId.get(currentId)!;
  return {
    keyId: currentId,
    seal(plain, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(aad));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${currentId}.${iv.toString('base64url')}.${ct.toString('base64url')}`;
    },
    open(sealed, aad) {
      const [v, id, ivB64, ctB64] = sealed.split('.');
      const key = id ? byId.get(id) : undefined;
      if (v !== 'v1' || !key || !ivB64 || !ctB64) throw new TypeError('unknown sealed format or key id');
      const data = Buffer.from(ctB64, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64, 'base64url'));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}

const keyIdOf = (key: Uint8Array): string => createHash('sha256').update('signoff-key-id').update(key).digest('hex').slice(0, 8);
