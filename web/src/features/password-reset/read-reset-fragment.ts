// Reset and invitation links carry the token in the URL fragment (`#token=…&invite=1`), which
// browsers never send to servers or in Referer headers.
// An invitation link also names the invited address (`&email=`), used to sign in afterwards.
export type ResetLink = { token: string | undefined; invite: boolean; email?: string | undefined };

export function readResetFragment(hash: string): ResetLink {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { token: params.get('token') || undefined, invite: params.get('invite') === '1', email: params.get('email') || undefined };
}

/** Takes the token out of the address bar and history once it has been read. */
export function forgetResetFragment(): void {
  if (window.location.hash) window.history.replaceState(null, '', window.location.pathname + window.location.search);
}
