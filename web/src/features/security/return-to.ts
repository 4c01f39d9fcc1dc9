// The Security page can send people back where they came from once a factor is set up (a
// reviewer at a protected step). Only paths of this app are followed, never another origin.

export const securityPageReturningTo = (path: string) => `/security?return=${encodeURIComponent(path)}`;

/** The `return` path of a query string, when it is a same-app path (`/…`, not `//host`). */
export function returnPathOf(search: string): string | undefined {
  const path = new URLSearchParams(search).get('return');
  return path && /^\/(?![/\\])/.test(path) ? path : undefined;
}
