// What a passkey decision keeps so that someone without the server can check it (issue 10):
// the assertion as the authenticator produced it, the random nonce the challenge was made
// from (challenge = SHA-256(nonce ‖ UTF-8 binding), start-assertion.ts), the RP ID and origin
// it was checked against, and the credential's public key both as stored (COSE, RFC 9053) and
// as an X.509 SubjectPublicKeyInfo (DER), which WebCrypto imports directly.
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { webAuthnHelpers } from './library.ts';

export type PasskeyEvidence = {
  credentialId: string;
  /** base64url of the stored COSE_Key and of its DER SubjectPublicKeyInfo; `alg` is the COSE algorithm (-7 ES256, -8 EdDSA, -257 RS256). */
  publicKey: { cose: string; spki: string; alg: number };
  rpId: string;
  origin: string;
  /** base64url of the 32 random bytes hashed with the binding into the challenge. */
  challengeNonce: string;
  /** The assertion, base64url, as sent by the browser. */
  authenticatorData: string;
  clientDataJSON: string;
  signature: string;
};

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** COSE_Key (base64url) → { spki, alg }; undefined for a key type we cannot express. */
export async function coseToSpki(coseB64: string): Promise<{ spki: string; alg: number } | undefined> {
  const { cose, decodeCredentialPublicKey } = await webAuthnHelpers();
  try {
    const key = decodeCredentialPublicKey(new Uint8Array(Buffer.from(coseB64, 'base64url')));
    const alg = key.get(cose.COSEKEYS.alg);
    let jwk: JsonWebKey | undefined;
    if (cose.isCOSEPublicKeyEC2(key)) {
      const x = key.get(cose.COSEKEYS.x);
      const y = key.get(cose.COSEKEYS.y);
      const crv = key.get(cose.COSEKEYS.crv);
      const name = crv === cose.COSECRV.P256 ? 'P-256' : crv === cose.COSECRV.P384 ? 'P-384' : crv === cose.COSECRV.P521 ? 'P-521' : undefined;
      if (x && y && name) jwk = { kty: 'EC', crv: name, x: b64(x), y: b64(y) };
    } else if (cose.isCOSEPublicKeyOKP(key)) {
      const x = key.get(cose.COSEKEYS.x);
      if (x && key.get(cose.COSEKEYS.crv) === cose.COSECRV.ED25519) jwk = { kty: 'OKP', crv: 'Ed25519', x: b64(x) };
    } else if (cose.isCOSEPublicKeyRSA(key)) {
      const n = key.get(cose.COSEKEYS.n);
      const e = key.get(cose.COSEKEYS.e);
      if (n && e) jwk = { kty: 'RSA', n: b64(n), e: b64(e) };
    }
    if (!jwk || typeof alg !== 'number') return undefined;
    return { spki: createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' }).toString('base64url'), alg };
  } catch {
    return undefined;
  }
}
