// Guest reviewers (API.md "Guests"): no account. The link's token names the invite; the guest
// session travels as the `signoff_guest` cookie the server sets, and in the body as well while
// this page holds it (the server rotates it when the code is confirmed).
import { api } from './client.ts';
import type { CommentView } from './comments.ts';
import type { Decision, GuestItem, GuestView } from './workflow-types.ts';

const path = (token: string, rest = '') => `/guest/${encodeURIComponent(token)}${rest}`;
const withSession = (guestSession: string | undefined) => (guestSession ? { guestSession } : {});

export const getGuestView = (token: string) => api.get<GuestView>(path(token));
export const requestGuestCode = (token: string, guestSession?: string) => api.post<{ guestSession: string }>(path(token, '/code'), withSession(guestSession));
/** The confirmed session continues under a new `guestSession` (the cookie is replaced too). */
export const verifyGuestCode = (token: string, code: string, guestSession?: string) =>
  api.post<{ state: 'verified'; guestSession?: string }>(path(token, '/verify'), { code, ...withSession(guestSession) });
export const decideAsGuest = (token: string, body: { decision: Decision; comment?: string }, guestSession?: string) =>
  api.post<{ item: GuestItem }>(path(token, '/decisions'), { ...body, ...withSession(guestSession) });
/** A comment by the confirmed guest: plain text (no mentions), about the current version. */
export const postGuestComment = (token: string, text: string, guestSession?: string) =>
  api.post<CommentView>(path(token, '/comments'), { text, ...withSession(guestSession) });
