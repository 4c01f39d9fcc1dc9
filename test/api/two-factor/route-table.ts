// The route table of the app buildApp assembles, and a walk over it with one session: the
// forced-browsing tests of the second factor (F1) and of hard enforcement share it.
import diagnostics from 'node:diagnostics_channel';
import type { TestDialect } from '../../support/dialects.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

export type Route = { method: string; url: string };
const ID = 'usr_aaaaaaaaaaaaaaaaaaaaaaaaaa';

/** Public routes: the UI's files and anything a signed-out visitor needs. */
export const PUBLIC = [
  /^(GET|HEAD) \/(healthz|readyz|metrics)$/,
  /^(GET|HEAD) \/api\/v1\/openapi\.json$/,
  /^(GET|HEAD) \/api\/v1\/setup\/status$/,
  /^POST \/api\/v1\/setup$/,
  /^POST \/api\/v1\/auth\/login$/,
  /^POST \/api\/v1\/auth\/password-reset(\/confirm)?$/,
  /^POST \/api\/v1\/auth\/two-factor-recovery\/confirm$/,
  /^(GET|HEAD) \/api\/v1\/auth\/sso\/(start|callback|discover)$/, // single sign-on: redirects to and from the identity provider
  // Guest links (docs/guide.md §6): the link token and the guest session are the credentials, not a user session.
  /^(GET|HEAD) \/api\/v1\/guest\/:token(\/content)?$/,
  /^POST \/api\/v1\/guest\/:token\/(code|verify|decisions|comments)$/,
  /^(GET|HEAD) \/\.well-known\/signoff\/jwks\.json$/, // the evidence public keys: anyone checks a checkpoint or bundle
  /^(GET|HEAD) \/assets\/\*$/,
  /^(GET|HEAD) \/[^/]+\.[a-z0-9]+$/i, // the UI's top-level files (favicon, robots.txt)
];
/** Finishing or recovering the sign-in, and the session itself. */
export const SECOND_FACTOR = [/^POST \/api\/v1\/auth\/second-factor(\/email-code|\/challenge)?$/, /^POST \/api\/v1\/auth\/two-factor-recovery$/];
export const SESSION = [/^(GET|HEAD) \/api\/v1\/auth\/session$/, /^POST \/api\/v1\/auth\/logout$/];
/** Own factors: where a user who must set 2FA up does so. */
export const OWN_FACTORS = [/^[A-Z]+ \/api\/v1\/me\//];

export const key = (r: Route) => `${r.method} ${r.url}`;
const matches = (r: Route, list: RegExp[]) => list.some((re) => re.test(key(r)));
const pathOf = (url: string) => url.replace(/:[A-Za-z]+/g, ID).replace(/\*$/, 'x.js');

/** An in-process server whose every route was recorded as it was added. */
export async function startRecordingRoutes(dialect: TestDialect): Promise<{ s: TestServer; routes: Route[] }> {
  const routes: Route[] = [];
  const collect = (message: unknown) => {
    const { fastify } = message as { fastify: { addHook(name: 'onRoute', fn: (r: { method: string | string[]; url: string }) => void): void } };
    fastify.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) routes.push({ method, url: r.url });
    });
  };
  diagnostics.subscribe('fastify.initialization', collect);
  try {
    return { s: await startInProcess(dialect, { clock: 'manual' }), routes };
  } finally {
    diagnostics.unsubscribe('fastify.initialization', collect);
  }
}

/** Calls every route not in `allowed` with the session, bearer and cookie+CSRF; returns the answers that are not 403 `code`. */
export async function walkRoutes(s: TestServer, routes: Route[], session: { token: string; csrfToken: string }, allowed: RegExp[], code: string) {
  const leaks: string[] = [];
  const called = routes.filter((r) => !matches(r, allowed));
  for (const r of called) {
    const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
    const body = hasBody ? {} : undefined;
    const bearer = await s.client.request(r.method, pathOf(r.url), { body, token: session.token });
    const cookie = await s.client.request(r.method, pathOf(r.url), {
      body,
      headers: { cookie: `signoff_session=${session.token}`, ...(hasBody ? { 'x-csrf-token': session.csrfToken } : {}) },
    });
    for (const [via, res] of [
      ['bearer', bearer],
      ['cookie', cookie],
    ] as const) {
      const got = r.method === 'HEAD' ? res.status : res.body?.code;
      const ok = r.method === 'HEAD' ? res.status === 403 : res.status === 403 && got === code;
      if (!ok) leaks.push(`${key(r)} (${via}): ${res.status} ${got}`);
    }
  }
  return { leaks, called: called.length };
}
