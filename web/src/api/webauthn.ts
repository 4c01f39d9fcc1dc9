// The browser half of WebAuthn (@simplewebauthn/browser): the server's options in, a JSON
// credential out, ready for the API. A cancelled or timed-out prompt becomes one readable error.
import { startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';

class PasskeyCancelled extends Error {
  constructor(message = 'The passkey prompt was cancelled or timed out. Try again when you are ready.') {
    super(message);
    this.name = 'PasskeyCancelled';
  }
}

function wrap(e: unknown): never {
  if (e instanceof WebAuthnError && e.code === 'ERROR_CEREMONY_ABORTED') throw new PasskeyCancelled();
  if (e instanceof Error && e.name === 'NotAllowedError') throw new PasskeyCancelled();
  if (e instanceof WebAuthnError && e.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    throw new Error('This passkey is already registered to your account.');
  throw e instanceof Error ? e : new Error('The passkey could not be used.');
}

export async function getPasskeyAssertion(options: unknown): Promise<Record<string, unknown>> {
  try {
    return (await startAuthentication({ optionsJSON: options as Parameters<typeof startAuthentication>[0]['optionsJSON'] })) as unknown as Record<
      string,
      unknown
    >;
  } catch (e) {
    return wrap(e);
  }
}

export async function createPasskey(options: unknown): Promise<Record<string, unknown>> {
  try {
    return (await startRegistration({ optionsJSON: options as Parameters<typeof startRegistration>[0]['optionsJSON'] })) as unknown as Record<string, unknown>;
  } catch (e) {
    return wrap(e);
  }
}

export const passkeysSupported = () => typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
