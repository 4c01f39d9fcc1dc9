// @simplewebauthn/server (and the ASN.1 and COSE libraries under it, ~5 MB of heap) loads with
// the first passkey ceremony, not at start: many deployments never register one (issue 14).
// A ceremony's options are made inside a transaction, which on SQLite holds the one connection
// (platform/db/group-commit.ts): the library is loaded before it and handed in.
export const simpleWebAuthn = () => import('@simplewebauthn/server');
export type WebAuthnLibrary = Awaited<ReturnType<typeof simpleWebAuthn>>;
export const webAuthnHelpers = () => import('@simplewebauthn/server/helpers');
