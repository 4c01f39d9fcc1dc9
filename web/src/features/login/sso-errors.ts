// What the login page says for `?sso_error=<code>` (the server's SsoErrorCode). Users never see
// the code itself; an unknown one gets the general message.
const SSO_ERRORS: Record<string, string> = {
  not_configured: 'Single sign-on is not set up for this organisation. Sign in with your email and password, or ask your administrator.',
  idp_unavailable: "Your organisation's identity provider could not be reached. Try again in a moment.",
  invalid_state: 'The sign-in took too long or was opened in another browser. Try again.',
  idp_refused: 'The identity provider did not complete the sign-in, for example because it was cancelled. Try again.',
  token_invalid: "The identity provider's answer could not be verified. Try again, and tell your administrator if it keeps happening.",
  unknown_user: 'No Signoff account matches your identity-provider account. Ask your administrator.',
  server_misconfigured: 'Single sign-on is not working on this server right now. Ask your administrator.',
  too_many_attempts: 'Too many single sign-on attempts from this network. Wait a minute and try again.',
  internal_error: 'Something went wrong while signing you in. Try again.',
};

export function describeSsoError(code: string | null): string | undefined {
  if (!code) return undefined;
  return Object.hasOwn(SSO_ERRORS, code) ? SSO_ERRORS[code] : SSO_ERRORS['internal_error'];
}
