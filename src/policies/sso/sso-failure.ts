// Why an SSO sign-in was refused. The code travels to the browser as `/login?sso_error=<code>`
// (never a 500, never a detail that helps an attacker) and into the audit trail as the reason.
const SSO_FAILURES = {
  not_configured: 'The organisation does not exist or has no enabled SSO',
  idp_unavailable: 'The identity provider could not be reached or its discovery document was refused',
  invalid_state: "The callback carried no, an unknown, an expired, an already used, or another browser's state",
  idp_refused: 'The identity provider answered with an error (for example the user cancelled)',
  token_invalid: 'The code exchange or the ID token failed a check (signature, issuer, audience, nonce, PKCE, expiry)',
  unknown_user: 'No active user of the organisation is linked to this identity or has its verified email',
  server_misconfigured: 'This server cannot read the stored client secret (no or another SIGNOFF_SECRET_KEY)',
} as const;
export type SsoFailureCode = keyof typeof SSO_FAILURES;

export class SsoFailure extends Error {
  readonly code: SsoFailureCode;
  constructor(code: SsoFailureCode, opts: { cause?: unknown; detail?: string } = {}) {
    super(opts.detail ?? SSO_FAILURES[code], { cause: opts.cause });
    this.name = 'SsoFailure';
    this.code = code;
  }
}
