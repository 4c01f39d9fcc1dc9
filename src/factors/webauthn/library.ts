// @simplewebauthn/server (and the ASN.1 and COSE libraries under it, ~5 MB of heap) loads with
// the first passkey ceremony, not at start: many deployments never register one (issue 14).
export const simpleWebAuthn = () => import('@simplewebauthn/server');
export const webAuthnHelpers = () => import('@simplewebauthn/server/helpers');
