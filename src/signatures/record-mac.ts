// The seal of a signature record (21 CFR 11.70: a signature cannot be excised, copied or
// transferred to falsify a record). An HMAC under the server key over every field, content
// SHA-256 included: whoever edits a row, or copies it onto another item, cannot recompute it
// without the key, and the view then shows the signature as not valid.
import { canonicalJson } from '../audit/index.ts';
import { constantTimeEqual } from '../platform/crypto/constant-time.ts';
import { hmacHex } from '../platform/crypto/digest.ts';
import type { SignatureRow } from './signatures.store.ts';

type Sealed = Omit<SignatureRow, 'record_mac' | 'seal' | 'seal_kid'>;

export function recordMac(key: Uint8Array, r: Sealed): string {
  return hmacHex(
    key,
    `signoff-signature-v1:${canonicalJson([r.id, r.org_id, r.item_id, r.user_id, r.printed_name, r.email, r.meaning, r.decision, Number(r.step_index), Number(r.round), r.content_hash, Number(r.signed_at)])}`,
  );
}

/** Sealed as written, and signing the content the item carries now. */
export function isSignatureValid(key: Uint8Array, r: SignatureRow, itemContentHash: string, itemId: string): boolean {
  return r.item_id === itemId && r.content_hash === itemContentHash && constantTimeEqual(recordMac(key, r), r.record_mac);
}
