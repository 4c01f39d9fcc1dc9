import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

// A raw key is imported into OpenSSL on every createHmac call; a KeyObject made once per key
// is about seven times cheaper per HMAC (the CSRF token is one HMAC per request).
const keyObjects = new WeakMap<Uint8Array, KeyObject>();
const keyObjectOf = (key: Uint8Array): KeyObject => {
  let keyObject = keyObjects.get(key);
  if (!keyObject) keyObjects.set(key, (keyObject = createSecretKey(key)));
  return keyObject;
};

export const hmacHex = (key: Uint8Array, data: string): string => createHmac('sha256', keyObjectOf(key)).update(data).digest('hex');
