// A real OpenID Connect provider for the SSO suite: oidc-provider 9 on 127.0.0.1, one
// confidential client (client_secret_basic, PKCE required), accounts with email claims, and a
// test interaction that signs in whoever `nextLogin` names with the `amr` it names (no forms).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

type IdpAccount = { email: string; email_verified: boolean; name?: string };
type NextLogin = { accountId: string; amr?: string[] };

export type TestIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, IdpAccount>;
  /** Who the next login interaction signs in, and with which `amr`. */
  nextLogin: NextLogin;
  stop(): Promise<void>;
};

export async function startTestIdp(opts: { redirectUri: string }): Promise<TestIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, IdpAccount>();
  const idp: TestIdp = {
    issuer,
    clientId: 'signoff',
    clientSecret: 'idp-client-secret-0123456789abcdef',
    accounts,
    nextLogin: { accountId: '' },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // amr under the openid scope: the ID token of a code flow carries only scope-openid claims (conformIdTokenClaims).
    claims: { acr: null, auth_time: null, sid: null, iss: null, openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-idp-cookie-key-0123456789'] },
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: async () => ({ sub: id, ...account }) } : undefined;
    },
  });
  const callback = provider.callback();

  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        const { accountId, amr } = idp.nextLogin;
        return provider.interactionFinished(req, res, { login: { accountId, ...(amr ? { amr } : {}) } }, { mergeWithLastSubmission: false });
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  return idp;
}

/**
 * A browser without a browser: follows redirects by hand across Signoff and the IdP with one
 * cookie jar (both on 127.0.0.1, and cookies do not separate by port), until a response is no
 * redirect or leaves the APIs (a page of the app: `/`, `/login?…`). `stopAt` halts before a URL.
 */
export async function browse(
  start: string,
  jar: Map<string, string>,
  opts: { stopAt?: (url: URL) => boolean } = {},
): Promise<{ url: URL; status: number; location: URL | undefined; hops: URL[] }> {
  let url = new URL(start);
  const hops: URL[] = [];
  for (let i = 0; i < 20; i++) {
    if (opts.stopAt?.(url)) return { url, status: 0, location: undefined, hops };
    hops.push(url);
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    storeCookies(res, jar);
    await res.arrayBuffer();
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { url, status: res.status, location: undefined, hops };
    const next = new URL(location, url);
    if (url.pathname.startsWith('/api/v1/auth/sso/') && next.origin === url.origin && !next.pathname.startsWith('/api/'))
      return { url, status: res.status, location: next, hops };
    url = next;
  }
  throw new Error(`too many redirects from ${start}`);
}

function storeCookies(res: Response, jar: Map<string, string>) {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}
