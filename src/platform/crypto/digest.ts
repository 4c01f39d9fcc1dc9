import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';

// One-shot: half the CPU of createHash().update().digest() (every request hashes its session token).
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

// A raw key is imported into OpenSSL on every createHmac call; a KeyObject made once per key
// is about seven times cheaper per HMAC (the CSRF token is one HMAC per request).
const keyObjects = new WeakMap<Uint8Array, KeyObject>();
const keyObjectOf = (key: Uint8Array): KeyObject => {
  let keyObject = keyObjects.get(key);
  if (!keyObject) keyObjects.set(key, (keyObject = createSecretKey(key)));
  return keyObject;
};

export const hmacHex = (key: Uint8Array, data: string): string => createHmac('sha256', keyObjectOf(key)).update(data).digest('hex');
