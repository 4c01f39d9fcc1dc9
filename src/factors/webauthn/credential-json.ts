// The browser's credential arrives as untrusted JSON. These parsers accept exactly the shape of
// WebAuthn L3 §5.1 (RegistrationResponseJSON / AuthenticationResponseJSON) with bounded
// base64url strings, and return a fresh object; anything else is `undefined`, so a malformed
// body is a wrong proof (ok: false), never an exception from deep inside the library.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

/** WebAuthn L3 §5.8.3: a credential id is at most 1023 bytes, i.e. 1364 base64url characters. */
const MAX_CREDENTIAL_ID = 1364;
const MAX_FIELD = 16_384;
/** Attestation objects with a certificate chain run to a few KiB; we ask for `none` anyway. */
const MAX_ATTESTATION_OBJECT = 65_536;
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isB64url = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max && /^[A-Za-z0-9_-]+$/.test(v);
const attachmentOf = (v: unknown) => (v === 'platform' || v === 'cross-platform' ? v : undefined);

/** Known transport hints only (they are echoed back to browsers in allow/exclude lists). */
export const knownTransports = (v: unknown): string[] =>
  Array.isArray(v) ? [...new Set(v.filter((t): t is string => typeof t === 'string' && TRANSPORTS.has(t)))] : [];

/** The transports column (a JSON array) back to hints; a damaged value is no hints. */
export function transportsOf(stored: string | null): string[] {
  if (!stored) return [];
  try {
    return knownTransports(JSON.parse(stored));
  } catch {
    return [];
  }
}

function parseEnvelope(
  v: unknown,
): { id: string; response: Record<string, unknown>; authenticatorAttachment: 'platform' | 'cross-platform' | undefined } | undefined {
  if (!isRecord(v) || v.type !== 'public-key' || !isB64url(v.id, MAX_CREDENTIAL_ID) || v.rawId !== v.id) return undefined;
  if (!isRecord(v.response)) return undefined;
  if (v.clientExtensionResults !== undefined && !isRecord(v.clientExtensionResults)) return undefined;
  return { id: v.id, response: v.response, authenticatorAttachment: attachmentOf(v.authenticatorAttachment) };
}

export function parseAuthenticationResponse(v: unknown): AuthenticationResponseJSON | undefined {
  const env = parseEnvelope(v);
  if (!env) return undefined;
  const { clientDataJSON, authenticatorData, signature, userHandle } = env.response;
  if (!isB64url(clientDataJSON, MAX_FIELD) || !isB64url(authenticatorData, MAX_FIELD) || !isB64url(signature, MAX_FIELD)) return undefined;
  if (userHandle !== undefined && userHandle !== null && !isB64url(userHandle, MAX_FIELD)) return undefined;
  return {
    id: env.id,
    rawId: env.id,
    type: 'public-key',
    clientExtensionResults: {},
    ...(env.authenticatorAttachment ? { authenticatorAttachment: env.authenticatorAttachment } : {}),
    response: { clientDataJSON, authenticatorData, signature, ...(typeof userHandle === 'string' ? { userHandle } : {}) },
  };
}

export function parseRegistrationResponse(v: unknown): RegistrationResponseJSON | undefined {
  const env = parseEnvelope(v);
  if (!env) return undefined;
  const { clientDataJSON, attestationObject, transports } = env.response;
  if (!isB64url(clientDataJSON, MAX_FIELD) || !isB64url(attestationObject, MAX_ATTESTATION_OBJECT)) return undefined;
  return {
    id: env.id,
    rawId: env.id,
    type: 'public-key',
    clientExtensionResults: {},
    ...(env.authenticatorAttachment ? { authenticatorAttachment: env.authenticatorAttachment } : {}),
    response: { clientDataJSON, attestationObject, transports: knownTransports(transports) as NonNullable<RegistrationResponseJSON['response']['transports']> },
  };
}
